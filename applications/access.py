"""Who may see what: an object and what the user may do with it, or a 404."""

from collections.abc import Callable

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.rules import can_review

from .models import Application, Evidence


def own_evidence_or_404(user, pk) -> Evidence:
    """The user's own evidence; another person's is indistinguishable from a missing one."""
    return get_object_or_404(Evidence, pk=pk, owner=user)


# Apps above this one may narrow who reviews whom (reviews: declared conflicts of interest);
# they install a predicate (reviewer, applicant_id) -> bool at start-up.
def _nobody_excluded(reviewer, applicant_id: int) -> bool:
    return False


_reviewer_excluded: Callable[[object, int], bool] = _nobody_excluded


def set_reviewer_exclusion(predicate: Callable[[object, int], bool]) -> None:
    global _reviewer_excluded
    _reviewer_excluded = predicate


def viewable_evidence_or_404(user, pk) -> Evidence:
    """Evidence its owner, reviewers and staff may see (a download); 404 for anyone else,
    including a reviewer who declared a conflict with its owner."""
    evidence = get_object_or_404(Evidence.objects.select_related("owner"), pk=pk)
    if evidence.owner_id == user.pk:
        return evidence
    if can_review(user) and not _reviewer_excluded(user, evidence.owner_id):
        return evidence
    raise Http404


def own_application_or_404(user, pk) -> Application:
    return get_object_or_404(Application.objects.select_related("tier"), pk=pk, applicant=user)
