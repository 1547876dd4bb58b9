"""Who may see what: an object and what the user may do with it, or a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.rules import can_review

from .models import Application, Evidence


def own_evidence_or_404(user, pk) -> Evidence:
    """The user's own evidence; another person's is indistinguishable from a missing one."""
    return get_object_or_404(Evidence, pk=pk, owner=user)


def viewable_evidence_or_404(user, pk) -> Evidence:
    """Evidence its owner, reviewers and staff may see (a download); 404 for anyone else."""
    evidence = get_object_or_404(Evidence.objects.select_related("owner"), pk=pk)
    if evidence.owner_id == user.pk or can_review(user):
        return evidence
    raise Http404


def own_application_or_404(user, pk) -> Application:
    return get_object_or_404(Application.objects.select_related("tier"), pk=pk, applicant=user)
