"""The programme's version: a cache key whose value changes whenever the programme page would
show something else (a track, a tier or a rule set saved or deleted). The page's shared cache
(``mindspore_growth.public_cache``) is keyed by it."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mindspore_growth.public_cache import new_version

from .models import RuleSet, Tier, Track

PROGRAMME_VERSION_KEY = "criteria:programme-version"


def _set_new_version() -> None:
    new_version(PROGRAMME_VERSION_KEY)


@receiver(post_save, sender=Track, dispatch_uid="programme-track-saved")
@receiver(post_delete, sender=Track, dispatch_uid="programme-track-deleted")
@receiver(post_save, sender=Tier, dispatch_uid="programme-tier-saved")
@receiver(post_delete, sender=Tier, dispatch_uid="programme-tier-deleted")
@receiver(post_save, sender=RuleSet, dispatch_uid="programme-ruleset-saved")
@receiver(post_delete, sender=RuleSet, dispatch_uid="programme-ruleset-deleted")
def bump_programme_version(**kwargs) -> None:
    """Now and again after the commit: a page rendered in between saw the old rules."""
    _set_new_version()
    transaction.on_commit(_set_new_version)
