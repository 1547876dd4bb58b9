import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from criteria.models import Bilingual


class Offer(Bilingual, models.Model):
    """Something certified people of some tiers receive: a gift, an event pass or a meetup."""

    class Kind(models.TextChoices):
        GIFT = "gift", _("Gift")
        EVENT_PASS = "event_pass", _("Event pass")
        MEETUP = "meetup", _("Meetup")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    # Only tiers awarded by application: everyone holds "Developer", nobody is certified as it.
    tiers = models.ManyToManyField(
        "criteria.Tier",
        verbose_name=_("for tiers"),
        related_name="+",
        limit_choices_to={"certifiable": True},
    )
    quota = models.PositiveIntegerField(
        _("quota"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    claim_deadline = models.DateField(_("claim by"), null=True, blank=True)
    event_name = models.CharField(_("event"), max_length=200, blank=True)
    event_place = models.CharField(_("place"), max_length=200, blank=True)
    event_date = models.DateField(_("event date"), null=True, blank=True)
    is_open = models.BooleanField(pgettext_lazy("offer", "open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-pk"]
        permissions = [("manage_fulfilment", _("Can see shipping addresses and fulfil grants"))]

    def __str__(self):
        return self.title_en

    @property
    def title(self):
        return self.localized("title")

    @property
    def description(self):
        return self.localized("description")

    @property
    def deadline_passed(self) -> bool:
        return self.claim_deadline is not None and self.claim_deadline < timezone.localdate()


def new_pass_code() -> str:
    return secrets.token_hex(5).upper()


class Grant(models.Model):
    """An offer granted to one certified person: offered → claimed → fulfilled, or declined,
    expired (deadline passed) or cancelled (certification revoked)."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        CLAIMED = "claimed", pgettext_lazy("benefit", "Claimed")
        FULFILLED = "fulfilled", _("Fulfilled")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="grants")
    # Kept (anonymised) when the account is deleted: a claimed gift still used up the quota.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="benefit_grants",
    )
    certification = models.ForeignKey(
        "honor_wall.Certification", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OFFERED
    )
    pass_code = models.CharField(_("pass code"), max_length=20, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("benefit grant")
        verbose_name_plural = _("benefit grants")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "person"], name="one_grant_per_offer_person")
        ]
        indexes = [models.Index(fields=["offer", "status"])]

    def __str__(self):
        return f"{self.offer} → {self.person}"

    @property
    def counts_against_quota(self) -> bool:
        return self.status in (self.Status.CLAIMED, self.Status.FULFILLED)


TAKEN = Q(status__in=[Grant.Status.CLAIMED, Grant.Status.FULFILLED])


class ShippingAddress(models.Model):
    """Where a gift goes. Personal data: seen only by its owner and by staff holding
    ``benefits.manage_fulfilment``; never logged, never exported without that permission."""

    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="address")
    name = models.CharField(_("recipient's name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=40)
    address = models.TextField(_("address"), max_length=500)
    country = models.CharField(_("country or region"), max_length=80)

    class Meta:
        verbose_name = _("shipping address")
        verbose_name_plural = _("shipping addresses")

    def __str__(self):
        return _("Shipping address #%(id)s") % {"id": self.pk}

    def __repr__(self):
        # Keep personal data out of logs and tracebacks.
        return f"<ShippingAddress {self.pk}>"
