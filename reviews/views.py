import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import reviewer_required, staff_required
from accounts.rules import is_programme_staff
from applications.downloads import evidence_file_response
from applications.models import Application
from applications.selectors import changes_since_request, forge_identities
from criteria.caching import PROGRAMME_VERSION_KEY
from mindspore_growth.errors import DomainError
from mindspore_growth.http import act_and_redirect
from mindspore_growth.public_cache import current_version

from . import selectors, services
from .errors import BulkRefused
from .forms import (
    BulkForm,
    ConflictForm,
    DecisionForm,
    NoteForm,
    QueueFilterForm,
    ReviewerChoiceForm,
)
from .rules import review_actions


def _application_for(user, pk) -> Application:
    """An application the person may review (``reviews.rules``); any other is a 404."""
    application = selectors.application_for_review(user, pk)
    if application is None:
        raise Http404
    return application


@reviewer_required
@require_http_methods(["GET", "POST"])
def queue(request):
    """The approval queue; staff can also act on several applications at once."""
    bulk_form = BulkForm(prefix="bulk")
    if request.method == "POST":
        if not is_programme_staff(request.user):
            raise PermissionDenied
        bulk_form = _bulk(request)
        if bulk_form is None:
            return redirect(request.get_full_path())
    form = QueueFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    page, counts = selectors.queue_page(
        request.user, number=request.GET.get("page"), per_page=settings.REVIEWS_PER_PAGE, **filters
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reviews/queue.html",
        {
            "form": form,
            "programme_version": current_version(PROGRAMME_VERSION_KEY),
            "page": page,
            "query": query.urlencode(),
            "counts": counts,
            "overdue_before": selectors.overdue_before(),
            "sla_days": selectors.sla_days(),
            "bulk_form": bulk_form,
            "can_bulk": is_programme_staff(request.user),
        },
        status=400 if bulk_form.is_bound and bulk_form.errors else 200,
    )


def _bulk(request):
    form = BulkForm(request.POST, prefix="bulk")
    ids = [pk for pk in request.POST.getlist("selected") if re.fullmatch(r"[0-9]{1,18}", pk)]
    if not ids:
        form.add_error(None, _("Select at least one application."))
    if not form.is_valid():
        return form
    applications = selectors.reviewable_among(request.user, ids)
    if len(applications) != len(set(ids)):
        form.add_error(None, _("Some selected applications are not in your queue."))
        return form
    try:
        count = services.reviews_bulk(
            actor=request.user,
            applications=applications,
            action=form.cleaned_data["action"],
            reviewer=form.cleaned_data.get("reviewer"),
            comment=form.cleaned_data.get("comment", ""),
        )
    except BulkRefused as exc:
        for application, message in exc.failures:
            form.add_error(None, f"#{application.pk}: {message}")
        messages.error(request, exc.message)
        return form
    except DomainError as exc:
        form.add_error(None, exc.message)
        return form
    messages.success(request, _("Done for %(count)s applications.") % {"count": count})
    return None


@reviewer_required
@require_GET
def review(request, pk):
    """One application with everything a reviewer needs to decide."""
    application = _application_for(request.user, pk)
    comparison = selectors.compare_evaluations(application)
    claim = getattr(application, "claim", None)
    evidence = selectors.evidence_for_review(application)
    profile = getattr(application.applicant, "profile", None)
    events = selectors.trail(application)
    return render(
        request,
        "reviews/review.html",
        {
            "application": application,
            "profile": profile,
            "forge_identities": forge_identities(application.applicant, profile).values(),
            "evidence": evidence,
            # Imported items were read from the forge; the reviewer decides on declared ones.
            "evidence_groups": [
                (_("Imported from a forge"), [item for item in evidence if item.is_imported]),
                (_("Declared by the applicant"), [i for i in evidence if not i.is_imported]),
            ],
            "titles": {str(item.pk): item.title for item in evidence},
            "comparison": comparison,
            "events": events,
            "changes": changes_since_request(application, events, evidence),
            "earlier": selectors.earlier_applications(application),
            "claim": claim,
            "actions": review_actions(request.user, application),
            "decision_form": DecisionForm(),
            "note_form": NoteForm(),
            "reassign_form": ReviewerChoiceForm(),
        },
    )


def _act(request, application, action, *, success):
    """Run a service for the application and go back to its page with the outcome."""
    return act_and_redirect(
        request, action, success=success, to="reviews:review", pk=application.pk
    )


@reviewer_required
@require_POST
def claim(request, pk):
    application = _application_for(request.user, pk)
    return _act(
        request,
        application,
        lambda: services.review_claim(application=application, reviewer=request.user),
        success=_("You claimed this application."),
    )


@reviewer_required
@require_POST
def release(request, pk):
    application = _application_for(request.user, pk)
    return _act(
        request,
        application,
        lambda: services.review_release(application=application, actor=request.user),
        success=_("The application is back in the queue."),
    )


@reviewer_required
@require_POST
def decide(request, pk):
    application = _application_for(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, error if field == "__all__" else f"{form[field].label}: {error}"
                )
        return redirect("reviews:review", pk=pk)
    return _act(
        request,
        application,
        lambda: services.review_decide(
            application=application, reviewer=request.user, **form.cleaned_data
        ),
        success=_("Your decision is recorded."),
    )


@reviewer_required
@require_POST
def note(request, pk):
    application = _application_for(request.user, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the note first."))
        return redirect("reviews:review", pk=pk)
    return _act(
        request,
        application,
        lambda: services.review_note(
            application=application, reviewer=request.user, note=form.cleaned_data["note"]
        ),
        success=_("Note added."),
    )


@reviewer_required
@require_POST
def judge_evidence(request, pk, evidence_pk):
    application = _application_for(request.user, pk)
    return _act(
        request,
        application,
        lambda: services.evidence_judge(
            application=application,
            reviewer=request.user,
            evidence_id=evidence_pk,
            verdict=request.POST.get("verdict", ""),
        ),
        success=_("Evidence marked."),
    )


@staff_required
@require_POST
def reassign(request, pk):
    application = _application_for(request.user, pk)
    form = ReviewerChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reviewer."))
        return redirect("reviews:review", pk=pk)
    chosen = form.cleaned_data["reviewer"]
    return _act(
        request,
        application,
        lambda: services.review_reassign(
            application=application, actor=request.user, reviewer=chosen
        ),
        success=_("Assigned to %(reviewer)s.") % {"reviewer": chosen.email},
    )


@reviewer_required
@require_GET
def evidence_file(request, pk, evidence_pk):
    """A file of the application's evidence, for those who may review the application."""
    application = _application_for(request.user, pk)
    evidence = selectors.evidence_item(application, evidence_pk)
    if evidence is None:
        raise Http404
    return evidence_file_response(evidence)


@staff_required
@require_GET
def trail(request, pk):
    """The full audit trail of one application, for staff (never their own, nor of an
    applicant they declared a conflict with: internal notes are in it)."""
    application = _application_for(request.user, pk)
    return render(
        request,
        "reviews/trail.html",
        {"application": application, "events": selectors.trail(application)},
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def conflicts(request):
    """The reviewer's declared conflicts of interest, and a form to declare one."""
    form = ConflictForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        applicant = selectors.person_by_email(form.cleaned_data["email"])
        if applicant is None:
            form.add_error("email", _("Nobody with this email has an account."))
        else:
            try:
                services.conflict_declare(
                    reviewer=request.user, applicant=applicant, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                form.add_error("email", exc.message)
            else:
                messages.success(request, _("Conflict declared: you will not see this applicant."))
                return redirect("reviews:conflicts")
    return render(
        request,
        "reviews/conflicts.html",
        {"form": form, "declared": selectors.conflicts_declared_by(request.user)},
        status=400 if form.is_bound and form.errors else 200,
    )


@reviewer_required
@require_POST
def conflict_withdraw(request, pk):
    if not selectors.has_declared_conflict(request.user, pk):
        raise Http404
    services.conflict_withdraw(reviewer=request.user, conflict_id=pk)
    messages.success(request, _("Conflict withdrawn."))
    return redirect("reviews:conflicts")


@staff_required
@require_GET
def workload(request):
    return render(request, "reviews/workload.html", {"rows": selectors.workload()})
