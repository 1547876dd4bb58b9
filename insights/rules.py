"""Who sees which insight: the one place views, templates and the CSV export ask."""

from enum import StrEnum

from accounts.rules import is_programme_staff, is_reviewer


class View(StrEnum):
    PROGRAMME = "programme"  # programme staff: every chart
    OWN_WORK = "own_work"  # a reviewer: their own decisions and claims


def insight_view_for(user) -> View | None:
    """Programme staff see the programme; reviewers their own work; anyone else nothing."""
    if is_programme_staff(user):
        return View.PROGRAMME
    if is_reviewer(user):
        return View.OWN_WORK
    return None
