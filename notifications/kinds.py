"""Every kind of email the outbox sends: one vocabulary, checked against its templates.

Each kind has ``emails/<kind>_subject.txt`` and ``emails/<kind>_body.txt`` in the templates of
the app that sends it; the system check below fails at start-up (and in the tests) when one is
missing, instead of at 3 a.m. in a worker.
"""

from django.core.checks import Error, register
from django.db import models
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # applications
    APPLICATION_SUBMITTED = "application_submitted", _("Application received")
    APPLICATION_DECIDED = "application_decided", _("Application decided")
    # reviews
    REVIEW_DIGEST = "review_digest", _("Reviewer's daily digest")
    # benefits
    BENEFIT_GRANTED = "benefit_granted", _("Benefit granted")
    BENEFIT_SHIPPED = "benefit_shipped", _("Benefit shipped")
    BENEFIT_REMINDER = "benefit_reminder", _("Benefit claim reminder")
    # forges
    TIER_QUALIFIED = "tier_qualified", _("Now qualifies for a tier")
    FORGE_SIGN_IN_NEEDED = "forge_sign_in_needed", _("Forge sign-in needed again")
    # honor_wall
    CERTIFICATION_EXPIRING = "certification_expiring", _("Certification ending soon")
    CERTIFICATION_INVITATION = "certification_invitation", _("Invitation to claim a certification")


def template_names(kind: str) -> tuple[str, str]:
    return f"emails/{kind}_subject.txt", f"emails/{kind}_body.txt"


def missing_email_templates(kinds=Kind) -> list[str]:
    """The template names that a kind needs and the template loaders cannot find."""
    missing = []
    for kind in kinds:
        for name in template_names(kind):
            try:
                get_template(name)
            except TemplateDoesNotExist:
                missing.append(name)
    return missing


@register()
def check_email_templates(app_configs=None, **kwargs):
    return [
        Error(
            f"Notification template {name} does not exist.",
            hint="Every notifications.kinds.Kind needs a subject and a body template.",
            id="notifications.E001",
        )
        for name in missing_email_templates()
    ]
