from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HeldTier(models.Model):
    """A tier a person holds: one row per valid certification.

    Certifications belong to the honor wall, which sits above this app; the honor wall writes
    these rows in the same transaction as it issues, revokes or re-issues a certification
    (``honor_wall.holdings``), and this app reads them (eligibility, "you already hold it", the
    public avatar) without knowing certifications. A row past ``valid_until`` no longer counts:
    expiry needs no job.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="held_tiers"
    )
    tier = models.ForeignKey("criteria.Tier", on_delete=models.CASCADE, related_name="+")
    # The honor wall's Certification pk: not a foreign key, as that model sits above this app.
    certification_id = models.PositiveBigIntegerField(unique=True)
    valid_until = models.DateField(null=True, blank=True)  # null: never expires

    class Meta:
        verbose_name = _("held tier")
        verbose_name_plural = _("held tiers")
        indexes = [models.Index(fields=["person", "valid_until"])]

    def __str__(self):
        return f"{self.person_id} holds {self.tier_id}"
