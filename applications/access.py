"""Who may see what in this app: the person's own objects, or a 404.

A reviewer's access to an applicant's evidence lives in the reviews app (``reviews.rules``),
which sits above this one.
"""

from django.shortcuts import get_object_or_404

from .models import Application, Evidence


def own_evidence_or_404(user, pk) -> Evidence:
    """The user's own evidence; another person's is indistinguishable from a missing one."""
    return get_object_or_404(Evidence, pk=pk, owner=user)


def own_application_or_404(user, pk) -> Application:
    return get_object_or_404(Application.objects.select_related("tier"), pk=pk, applicant=user)
