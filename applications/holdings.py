"""Which tiers a person holds. The honor wall owns certifications and sits above this app, so
it installs its own answer here at start-up; until then an approved application counts."""

from collections.abc import Callable

from .models.application import State


def _held_by_approved_applications(user) -> set[str]:
    from .models import Application

    return set(
        Application.objects.filter(applicant=user, state=State.APPROVED).values_list(
            "tier__slug", flat=True
        )
    )


_provider: Callable[[object], set[str]] = _held_by_approved_applications


def set_held_tiers_provider(provider: Callable[[object], set[str]]) -> None:
    global _provider
    _provider = provider


def held_tier_slugs(user) -> set[str]:
    """Slugs of the tiers ``user`` holds a valid certification for."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return _provider(user)
