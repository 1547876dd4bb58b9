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
    # A renewal continues the certification it renews: it starts the day that one ends, and
    # keeps the date the chain began (the wall's "since 2024 · renewed 2026").
    renews = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews"),
    )
    first_awarded_on = models.DateField(_("first awarded on"), null=True, blank=True)
    # Issued from a CSV of existing certifications (``honor_wall.importing``): the address in
    # the file. Without an account yet, ``person`` is empty and the certification attaches to
    # whoever signs up and confirms this address.
    imported_email = models.EmailField(_("imported for"), blank=True, db_index=True)
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
        constraints = [
            # Importing the same file twice issues nothing twice.
            models.UniqueConstraint(
                fields=["imported_email", "tier", "awarded_on"],
                condition=~models.Q(imported_email=""),
                name="one_certification_per_imported_row",
            )
        ]

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

    @property
    def since(self):
        """The day the holder was first certified for this tier, across renewals."""
        return self.first_awarded_on or self.awarded_on

    @property
    def is_renewal(self) -> bool:
        return self.renews_id is not None


class WallEntry(models.Model):
    """A person on the Wall of Honor, as the wall lists them: kept in step with consent, profile
    and certifications by ``honor_wall.listing``, so the wall reads one narrow, indexed table
    instead of joining profiles and certifications for every visitor."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="wall_entry",
    )
    handle = models.SlugField(max_length=40, unique=True)
    display_name = models.CharField(max_length=100)
    organisation = models.CharField(max_length=120, blank=True)
    city = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=80, blank=True)
    has_avatar = models.BooleanField(default=False)
    # Lower-cased name, handle and organisation: what ?q= searches (trigram-indexed on PostgreSQL).
    search = models.CharField(max_length=400)
    latest_award = models.DateField()
    # The last day any of their certifications is valid; null when one never expires.
    valid_until = models.DateField(null=True, blank=True)
    # The totals (``WallTally``) this entry is counted in, as [track, tier, year, until] rows:
    # what a change takes away before it adds the new ones (``honor_wall.tally``).
    tallied = models.JSONField(default=list, editable=False)

    class Meta:
        verbose_name = _("wall entry")
        verbose_name_plural = _("wall entries")
        indexes = [models.Index(fields=["-latest_award", "-person"], name="wall_newest_first")]

    def __str__(self):
        return self.display_name


class WallBadge(models.Model):
    """One valid certification shown on a wall entry."""

    entry = models.ForeignKey(WallEntry, on_delete=models.CASCADE, related_name="badges")
    certification = models.OneToOneField(
        Certification, on_delete=models.CASCADE, related_name="wall_badge"
    )
    public_id = models.UUIDField()
    tier = models.ForeignKey("criteria.Tier", on_delete=models.CASCADE, related_name="+")
    awarded_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    # Set for a renewed certification: the day its chain began.
    since = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("wall badge")
        verbose_name_plural = _("wall badges")
        indexes = [
            models.Index(fields=["tier", "entry"], name="wall_badge_tier"),
            models.Index(fields=["awarded_on", "entry"], name="wall_badge_awarded"),
        ]

    def __str__(self):
        return f"{self.entry} — {self.tier_id}"


class WallTally(models.Model):
    """How many people the wall lists under one of its filters, by the last day they stay
    listed under it: the wall's totals are a sum over a few of these rows, never a count of its
    entries (``honor_wall.tally`` writes them with the entries, in the same transaction).

    ``track``, ``tier`` and ``year`` are the filter (0: not filtered by it; a tier always with
    its track); ``until`` is the last day of the latest certification that puts a person under
    it (``tally.NEVER`` when one never expires), so that a certification that ends overnight
    leaves the total without anything being written.
    """

    track = models.PositiveIntegerField()
    tier = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField()
    until = models.DateField()
    people = models.IntegerField()

    class Meta:
        verbose_name = _("wall total")
        verbose_name_plural = _("wall totals")
        constraints = [
            models.UniqueConstraint(
                fields=["tier", "track", "year", "until"], name="one_wall_tally_per_filter_day"
            )
        ]

    def __str__(self):
        return f"{self.track}/{self.tier}/{self.year} until {self.until}: {self.people}"


class ExpiryReminder(models.Model):
    """That the holder was reminded, ``days_before`` days ahead, that a certification ends.

    One row per certification and stage, written in the same transaction as the email's outbox
    row: the daily task can run twice, or on two machines at once, and still send each reminder
    once (``honor_wall.reminders``).
    """

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="expiry_reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "days_before"], name="one_reminder_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.certification_id}: {self.days_before} days"


class ImportedHolder(models.Model):
    """Someone certified from a CSV before they had an account: what the file said about them
    (their profile's start when they sign up) and that they were invited, once."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    handle = models.CharField(_("handle"), max_length=40, blank=True)
    gitee_username = models.CharField(_("Gitee username"), max_length=39, blank=True)
    github_username = models.CharField(_("GitHub username"), max_length=39, blank=True)
    language = models.CharField(_("language"), max_length=10)
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("imported holder")
        verbose_name_plural = _("imported holders")

    def __str__(self):
        return self.email


class CertificationImport(models.Model):
    """One uploaded CSV: its text, the dry run's verdict on every row, then the outcome."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, not issued")
        RUNNING = "running", _("Issuing")
        DONE = "done", _("Issued")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=200)
    text = models.TextField()
    language = models.CharField(_("language of invitations"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKED
    )
    rows = models.JSONField(_("rows"), default=list)  # the dry run's, then the outcome's
    issued = models.PositiveIntegerField(_("issued"), default=0)
    already = models.PositiveIntegerField(_("already there"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certification import")
        verbose_name_plural = _("certification imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name
