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
    and/or a file, and the fields that kind needs (validated per kind).

    Its provenance says where it came from: declared by the applicant, or imported from a forge
    account they linked (``forges`` writes those, with the API address it read and when). What
    an import brings (``IMPORTED_FIELDS``) is the forge's word: the applicant cannot change it,
    only whether it is public.
    """

    # Set by the import, read-only to the applicant (the form and ``evidence_save`` both refuse).
    IMPORTED_FIELDS = ("kind", "title", "date", "url", "fields", "repository")

    class Source(models.TextChoices):
        DECLARED = "declared", _("Declared by the applicant")
        IMPORTED = "imported", _("Imported from a forge")

    class Forge(models.TextChoices):
        GITEE = "gitee", "Gitee"
        GITHUB = "github", "GitHub"

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
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.DECLARED
    )
    forge = models.CharField(_("forge"), max_length=10, choices=Forge.choices, blank=True)
    repository = models.CharField(_("repository"), max_length=200, blank=True)
    external_id = models.CharField(_("forge's id"), max_length=100, blank=True)
    api_url = models.URLField(_("read from"), max_length=500, blank=True)
    fetched_at = models.DateTimeField(_("last read from the forge"), null=True, blank=True)
    # The forge no longer lists it (deleted, or moved out of the organisations): kept, marked.
    missing_since = models.DateTimeField(_("missing from the forge since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["owner", "kind", "date"])]
        constraints = [
            # One imported item per forge link: re-running an import can never duplicate it.
            models.UniqueConstraint(
                fields=["owner", "url"],
                condition=models.Q(source="imported"),
                name="evidence_imported_once_per_url",
            )
        ]

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
    def is_imported(self) -> bool:
        return self.source == self.Source.IMPORTED

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
