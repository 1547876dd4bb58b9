import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Certification(models.Model):
    """A person certified for a tier: created by the final approval, in the same transaction.

    One per application (the database refuses a second), with a random public id for
    verification. Revoking keeps the row, with the reason and date.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certifications",
    )
    tier = models.ForeignKey(
        "criteria.Tier", on_delete=models.PROTECT, related_name="certifications"
    )
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certification",
    )
    ruleset = models.ForeignKey(
        "criteria.RuleSet", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approvers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    awarded_on = models.DateField(_("awarded on"), default=timezone.localdate)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reinstated_at = models.DateTimeField(_("re-issued at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["-awarded_on", "-pk"]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self):
        return f"{self.tier} — {self.person}"

    @property
    def is_valid(self) -> bool:
        return self.current_status == self.Status.VALID

    @property
    def current_status(self) -> str:
        """Valid, expired (past its expiry date) or revoked, as of today."""
        if (
            self.status == self.Status.VALID
            and self.expires_on
            and self.expires_on < timezone.localdate()
        ):
            return self.Status.EXPIRED
        return self.status

    def get_current_status_display(self) -> str:
        return str(self.Status(self.current_status).label)
