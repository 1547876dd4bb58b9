from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import engine
from .rule_types import describe_rule, validate_rule


class Bilingual:
    """``name`` / ``title`` / … in the active language, from ``<field>_en`` and ``<field>_zh``."""

    def localized(self, field: str) -> str:
        return engine.localize(self.texts(field))

    def texts(self, field: str) -> dict[str, str]:
        return {"en": getattr(self, f"{field}_en"), "zh-hans": getattr(self, f"{field}_zh")}


class Track(Bilingual, models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.localized("name")

    @property
    def description(self):
        return self.localized("description")


class Tier(Bilingual, models.Model):
    """A rung of a track's ladder; its requirements are its groups, published as rule sets."""

    slug = models.SlugField(_("slug"), unique=True)
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="tiers")
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Position on the ladder."))
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    certifiable = models.BooleanField(_("awarded by application"), default=True)
    prerequisite = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prerequisite"),
        help_text=_("Shown to applicants; the rule that enforces it is one of the tier's items."),
    )
    approvals_required = models.PositiveSmallIntegerField(
        _("approvals required"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(2)],
        help_text=_("Approvals by different reviewers that certify an applicant."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity in months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Leave empty for certifications that do not expire. A change applies to "
            "certifications issued afterwards; those already issued keep their dates."
        ),
    )
    renewal_window_months = models.PositiveSmallIntegerField(
        _("renewal evidence window in months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A renewal counts evidence dated within this many months before the certification "
            "ends. Leave empty to count its whole validity period."
        ),
    )
    renewal_grace_days = models.PositiveSmallIntegerField(
        _("renewal grace period in days"),
        default=90,
        help_text=_(
            "How long after expiry a certification can still be renewed; after that, the "
            "holder applies anew."
        ),
    )
    require_rules_met = models.BooleanField(
        _("refuse applications that do not meet the rules"), default=True
    )

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["track__order", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approvals_required__gte=1) & Q(approvals_required__lte=2),
                name="tier_approvals_one_or_two",
            ),
            models.UniqueConstraint(fields=["track", "rank"], name="tier_unique_rank_per_track"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.localized("name")

    @property
    def description(self):
        return self.localized("description")


class RequirementGroup(Bilingual, models.Model):
    """A numbered requirement of a tier: met when at least ``min_items`` of its items are."""

    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="groups")
    key = models.SlugField(_("key"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    min_items = models.PositiveSmallIntegerField(
        _("items to meet"), default=1, validators=[MinValueValidator(1)]
    )
    optional = models.BooleanField(
        _("optional"), default=False, help_text=_("Shown to applicants; never decides.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("requirement group")
        verbose_name_plural = _("requirement groups")
        ordering = ["tier", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "key"], name="group_unique_key_per_tier")
        ]

    def __str__(self):
        return f"{self.tier.slug} / {self.key}"

    @property
    def title(self):
        return self.localized("title")


class RequirementItem(Bilingual, models.Model):
    """One rule over an applicant's evidence (see ``criteria.rule_types``)."""

    group = models.ForeignKey(RequirementGroup, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("key"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    explanation_zh = models.TextField(_("explanation (Chinese)"), blank=True)
    rule = models.JSONField(
        _("rule"),
        help_text=_(
            'For example {"type": "count", "kind": "pull_request", "min": 1, '
            '"where": {"state": "merged"}}.'
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("requirement item")
        verbose_name_plural = _("requirement items")
        ordering = ["group", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "key"], name="item_unique_key_per_group")
        ]

    def __str__(self):
        return self.key

    @property
    def title(self):
        return self.localized("title")

    @property
    def explanation(self):
        return self.localized("explanation")

    def clean(self):
        try:
            validate_rule(
                self.rule, "rule", known_tiers=set(Tier.objects.values_list("slug", flat=True))
            )
        except ValidationError as exc:
            raise ValidationError({"rule": exc.messages}) from exc

    def describe(self) -> str:
        names = dict(Tier.objects.values_list("slug", "name_en"))
        return describe_rule(self.rule, lambda slug: names.get(slug, slug))


class RuleSet(models.Model):
    """An immutable version of one tier's requirements, as the engine reads them.

    Each change of a tier's groups or items publishes a new version
    (``criteria.services.ruleset_publish``); applications keep the version they were judged by.
    """

    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="rulesets")
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rule set version")
        verbose_name_plural = _("rule set versions")
        ordering = ["tier", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "version"], name="ruleset_unique_version")
        ]

    def __str__(self):
        return f"{self.tier.slug} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A published rule set cannot change; publish a new version."))
        super().save(*args, **kwargs)

    @cached_property
    def engine_ruleset(self) -> engine.RuleSet:
        return engine.RuleSet.from_definition(self.definition, version=self.version)
