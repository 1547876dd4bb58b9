"""Which forge repositories count, and the import's state for each linked forge account."""

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Evidence


class Scope(models.TextChoices):
    """What a repository is to the programme; decides the evidence kind and its ``scope``."""

    FRAMEWORK_CORE = "framework_core", _("framework core")
    TOOLKIT_CORE = "toolkit_core", _("toolkit core")
    DOCUMENTATION = "documentation", _("documentation")
    APPLICATION = "application", _("application or model zoo")
    OTHER = "other", _("other")


class Organisation(models.Model):
    """A forge organisation whose contributions count (Gitee ``mindspore``, GitHub
    ``mindspore-ai``), with its rule for when an issue counts as accepted."""

    class IssueRule(models.TextChoices):
        LABEL = "label", _("the issue has this label")
        STATE = "state", _("the issue is in this state")

    forge = models.CharField(_("forge"), max_length=10, choices=Evidence.Forge.choices)
    name = models.CharField(_("organisation"), max_length=100)
    accepted_issue_rule = models.CharField(
        _("an issue is accepted when"), max_length=10, choices=IssueRule.choices
    )
    accepted_issue_value = models.CharField(_("label or state"), max_length=100)

    class Meta:
        verbose_name = _("forge organisation")
        verbose_name_plural = _("forge organisations")
        ordering = ["forge", "name"]
        constraints = [
            models.UniqueConstraint(fields=["forge", "name"], name="forge_organisation_unique")
        ]

    def __str__(self):
        return f"{self.get_forge_display()}: {self.name}"


class Repository(models.Model):
    """A repository of an organisation and its scope; one not listed counts as ``other``."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="repositories"
    )
    name = models.CharField(_("repository"), max_length=100)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    # The shared listing of its merged pull requests (Gitee: ``RepositoryPull``), read once for
    # everyone: the first page's ETag, when it was last read, and when its whole history was
    # last read (until then the table may lack some, so nothing is retired on its word).
    pulls_etag = models.CharField(max_length=200, blank=True, editable=False)
    pulls_synced_at = models.DateTimeField(null=True, blank=True, editable=False)
    pulls_history_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("repository")
        verbose_name_plural = _("repositories")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="forge_repository_unique")
        ]

    def __str__(self):
        return f"{self.organisation.name}/{self.name}"


class RepositoryPull(models.Model):
    """A merged pull request of a mapped repository, read from the forge once for everyone
    (Gitee's v5 API lists pull requests per repository, not per author). ``data`` keeps the
    fields ``mapping.gitee_item`` reads, shaped as the API gives them; ``changed_at`` is when
    this row last came or changed, so an import knows whether a person's pull requests moved."""

    repository = models.ForeignKey(Repository, on_delete=models.CASCADE, related_name="pulls")
    number = models.PositiveIntegerField()
    author = models.CharField(max_length=100)  # the forge login, lower case
    merged_at = models.DateTimeField()
    data = models.JSONField()
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["repository", "number"], name="forge_pull_unique")
        ]
        indexes = [models.Index(fields=["author"], name="forge_pull_author")]

    def __str__(self):
        return f"{self.repository_id}#{self.number}"


class ForgeLink(models.Model):
    """The import's state for one linked forge account: when it last read it, the validators of
    its conditional requests, whether the forge asked us to wait, and whether the person must
    sign in with the forge again (the forge refused the token)."""

    account = models.OneToOneField(
        SocialAccount, on_delete=models.CASCADE, related_name="forge_link"
    )
    etags = models.JSONField(default=dict, blank=True)  # listing address → ETag
    refreshed_at = models.DateTimeField(_("last refreshed"), null=True, blank=True)
    full_import_at = models.DateTimeField(null=True, blank=True)
    attempted_at = models.DateTimeField(null=True, blank=True)
    retry_after = models.DateTimeField(_("retry after"), null=True, blank=True)
    needs_sign_in = models.BooleanField(_("needs signing in again"), default=False)
    # An untranslated message id (translated when shown); never the forge's text or a token.
    problem = models.CharField(_("problem"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("forge link")
        verbose_name_plural = _("forge links")

    def __str__(self):
        return f"{self.account.provider}:{self.account.uid}"


class EligibilityNotice(models.Model):
    """A person was told they now qualify for a tier: at most once per person and tier."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="eligibility_notices"
    )
    tier = models.ForeignKey("criteria.Tier", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "tier"], name="eligibility_notice_once")
        ]

    def __str__(self):
        return f"{self.person_id} → {self.tier_id}"
