"""Queueing a person's import once the change at hand commits: "Refresh now" (throttled), and
the imports that follow linking or signing up with a forge (``receivers``).

This module sits above ``tasks`` (whose ``import_person`` runs ``services.import_contributions``),
so the imports go one way: views and receivers → here → tasks → services.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import ngettext

from mindspore_growth.errors import DomainError, NotAllowed

from .services import linked_accounts
from .tasks import import_person


def import_soon(user) -> None:
    """Import ``user``'s linked accounts in the background after commit (a broker that is down
    must not undo the change that asked for it)."""
    transaction.on_commit(lambda: import_person.delay(user.pk), robust=True)


class RefreshThrottled(DomainError):
    pass


def refresh_request(*, user) -> None:
    """ "Refresh now": queue an import of ``user``'s linked accounts, at most once per
    ``FORGE_REFRESH_THROTTLE_SECONDS`` (a compare-and-set in the cache, so two clicks at once
    queue one import)."""
    if not linked_accounts(user).exists():
        raise NotAllowed()
    seconds = settings.FORGE_REFRESH_THROTTLE_SECONDS
    if not cache.add(f"forges:refresh:{user.pk}", 1, timeout=seconds):
        minutes = max(1, round(seconds / 60))
        raise RefreshThrottled(
            ngettext(
                "Your contributions were refreshed a moment ago; refresh again in a minute.",
                "Your contributions were refreshed a moment ago; refresh again in %(minutes)d "
                "minutes.",
                minutes,
            )
            % {"minutes": minutes}
        )
    import_soon(user)
