"""Changes of state for the programme's rules."""

from django.db import transaction

from .models import RuleSet, Tier
from .publishing import publish_if_changed


@transaction.atomic
def ruleset_publish(*, tier: Tier, actor=None) -> tuple[RuleSet, bool]:
    """Publish ``tier``'s current groups and items as a new immutable rule-set version.

    Nothing is published when the rules equal the latest version. The tier row is locked so two
    staff saving at once get consecutive versions rather than a clash.
    """
    Tier.objects.select_for_update().filter(pk=tier.pk).first()
    return publish_if_changed(tier, RuleSet, actor)
