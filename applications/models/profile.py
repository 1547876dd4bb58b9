from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.storage import avatar_upload_to, private_storage

# Gitee and GitHub both allow letters, digits, hyphens (GitHub) and underscores (Gitee).
forge_username = RegexValidator(
    r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,38})$",
    _("Enter a valid username: letters, digits, '-', '_' or '.'."),
)


class Profile(models.Model):
    """What an applicant tells the programme about themselves; public only with consent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=100)
    handle = models.SlugField(
        _("public handle"),
        max_length=40,
        unique=True,
        help_text=_("Your address on the Wall of Honor: letters, digits and hyphens."),
    )
    # Typed by the person and never verified: hints for reviewers and for link checks until
    # they link the forge account (accounts.selectors.linked_accounts), which then wins.
    # applications.selectors.forge_identities is the one place that chooses between them.
    gitee_username = models.CharField(
        _("Gitee username (typed by you, not verified)"),
        max_length=39,
        blank=True,
        validators=[forge_username],
        help_text=_("Only a hint until you link your Gitee account."),
    )
    github_username = models.CharField(
        _("GitHub username (typed by you, not verified)"),
        max_length=39,
        blank=True,
        validators=[forge_username],
        help_text=_("Only a hint until you link your GitHub account."),
    )
    organisation = models.CharField(_("company or school"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    country = models.CharField(_("country or region"), max_length=80, blank=True)
    bio = models.TextField(_("short bio"), max_length=500, blank=True)
    avatar = models.ImageField(
        _("avatar"), upload_to=avatar_upload_to, storage=private_storage, blank=True
    )
    links = models.JSONField(_("links"), default=list, blank=True)
    wall_consent = models.BooleanField(
        _("appear on the Wall of Honor"),
        default=False,
        help_text=_(
            "Show my name, organisation, city, avatar and certifications publicly on the "
            "Wall of Honor."
        ),
    )
    wall_consent_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        # The review queue sorted by applicant walks the names in order and stops after a
        # page (reviews.selectors.queue_page) instead of sorting every waiting application.
        indexes = [models.Index(fields=["display_name", "user"], name="profile_by_display_name")]

    def __str__(self):
        return f"{self.display_name} (@{self.handle})"
