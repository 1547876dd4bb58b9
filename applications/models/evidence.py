from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.storage import evidence_upload_to, private_storage
from criteria.engine import Evidence as EngineEvidence
from criteria.vocabulary import EVIDENCE_KINDS, EvidenceKind, validate_evidence_fields

http_url = URLValidator(schemes=["http", "https"], message=_("Enter an http or https address."))


class Evidence(models.Model):
    """One contribution an applicant records: a kind of the criteria vocabulary, a date, a link
    and/or a file, and the fields that kind needs (validated per kind)."""

    class Verification(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked")
        VERIFIED = "verified", _("Verified")
        UNVERIFIED = "unverified", _("Could not be verified")
        REJECTED = "rejected", _("Rejected by a reviewer")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    url = models.URLField(_("link"), max_length=500, blank=True, validators=[http_url])
    file = models.FileField(
        _("file"), upload_to=evidence_upload_to, storage=private_storage, blank=True
    )
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=40, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    fields = models.JSONField(_("details"), default=dict, blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.UNCHECKED,
    )
    verification_note = models.CharField(_("verification note"), max_length=200, blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    public = models.BooleanField(
        _("show on my public profile"),
        default=False,
        help_text=_("Only the title and link are shown."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["owner", "kind", "date"])]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date cannot be in the future.")
        if self.kind and self.kind not in EVIDENCE_KINDS:
            errors["kind"] = _("Unknown kind of evidence.")
        elif self.kind:
            try:
                self.fields = validate_evidence_fields(self.kind, self.fields or {})
            except ValidationError as exc:
                errors["fields"] = exc.messages
        if errors:
            raise ValidationError(errors)

    @property
    def kind_label(self):
        return EvidenceKind(self.kind).label

    def as_engine_evidence(self) -> EngineEvidence:
        return EngineEvidence(
            id=str(self.pk),
            kind=self.kind,
            date=self.date,
            fields=self.fields or {},
            rejected=self.verification == self.Verification.REJECTED,
        )
