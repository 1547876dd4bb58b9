from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import sign_in_again_forges, signed_in_recently
from criteria.selectors import certifiable_tiers
from mindspore_growth.errors import DomainError
from mindspore_growth.http import act_and_redirect

from . import access, profile_services, selectors, services
from .downloads import evidence_file_response
from .forms import AccountDeleteForm, ApplicationForm, EvidenceForm, ProfileForm
from .models import Evidence, Profile
from .workflow import allowed_actions

EVIDENCE_PER_PAGE = 20


# --- Evidence --------------------------------------------------------------------------------
@login_required
@require_GET
def evidence_list(request):
    page = Paginator(selectors.evidence_of(request.user), EVIDENCE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    locked = selectors.locked_evidence_ids(request.user)
    return render(request, "applications/evidence_list.html", {"page": page, "locked_ids": locked})


@login_required
@require_http_methods(["GET", "POST"])
def evidence_create(request):
    return _evidence_form(request, Evidence(owner=request.user), created=True)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_edit(request, pk):
    evidence = access.own_evidence_or_404(request.user, pk)
    return _evidence_form(request, evidence, created=False)


def _evidence_form(request, evidence, *, created):
    kind = request.GET.get("kind") if request.method == "GET" else None
    if request.method == "POST" and "change_kind" in request.POST:
        # Changing the kind without JavaScript: the same form again, with that kind's fields and
        # what was typed so far, but no errors for fields the person has not seen yet.
        form = EvidenceForm(
            initial=request.POST.dict(), instance=evidence, kind=request.POST.get("kind")
        )
    elif request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES, instance=evidence)
        if form.is_valid():
            try:
                services.evidence_save(
                    actor=request.user,
                    evidence=form.save(commit=False),
                    upload=form.cleaned_data.get("upload"),
                    upload_type=form.upload_type,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except DomainError as exc:
                messages.error(request, exc.message)
                return redirect("applications:evidence_list")
            else:
                messages.success(request, _("Evidence added.") if created else _("Evidence saved."))
                return _back_to_start(request, "applications:evidence_list")
    else:
        form = EvidenceForm(instance=evidence, kind=kind)
    template = "applications/evidence_form.html"
    if request.htmx and request.htmx.target == "kind-fields":
        template = "applications/includes/evidence_kind_fields.html"
    return render(
        request,
        template,
        {"form": form, "evidence": evidence, "created": created},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, pk):
    evidence = access.own_evidence_or_404(request.user, pk)
    if request.method == "POST":
        return act_and_redirect(
            request,
            lambda: services.evidence_delete(actor=request.user, evidence=evidence),
            success=_("Evidence deleted."),
            to="applications:evidence_list",
        )
    return render(
        request,
        "applications/evidence_confirm_delete.html",
        {"evidence": evidence, "locked": services.evidence_is_locked(evidence)},
    )


@login_required
@require_GET
def evidence_file(request, pk):
    """The owner's own file; reviewers download through the review page
    (``reviews:evidence_file``), which checks that they may review the application."""
    return evidence_file_response(access.own_evidence_or_404(request.user, pk))


# --- Eligibility and applications ------------------------------------------------------------
@login_required
@require_GET
def apply(request):
    tiers = selectors.eligibility_of(request.user)
    matched = {
        evidence_id
        for row in tiers
        for group in row.evaluation.groups
        for item in group.items
        for evidence_id in item.evidence
    }
    return render(
        request,
        "applications/apply.html",
        {"tiers": tiers, "titles": selectors.evidence_titles(matched)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request, tier_slug):
    tier = get_object_or_404(certifiable_tiers(), slug=tier_slug)
    if request.method == "POST":
        form = ApplicationForm(request.POST, applicant=request.user)
        if form.is_valid():
            try:
                application = services.application_submit(
                    applicant=request.user,
                    tier=tier,
                    evidence=form.cleaned_data["evidence"],
                    statement=form.cleaned_data["statement"],
                    draft="save_draft" in request.POST,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                if application.state == application.State.DRAFT:
                    messages.success(request, _("Your draft is saved."))
                else:
                    messages.success(request, _("Your application is submitted."))
                return redirect("applications:application_detail", pk=application.pk)
    else:
        form = ApplicationForm(
            applicant=request.user,
            initial={"evidence": selectors.evidence_meeting_rules(request.user, tier)},
        )
    evaluation = selectors.evaluate_for(
        applicant=request.user, tier=tier, evidence=selectors.evidence_of(request.user)
    )
    return render(
        request,
        "applications/application_form.html",
        {
            "form": form,
            "tier": tier,
            "evaluation": evaluation,
            "titles": selectors.evidence_titles(evaluation.evidence_ids),
            "application": None,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def application_detail(request, pk):
    application = access.own_application_or_404(request.user, pk)
    return render(
        request,
        "applications/application_detail.html",
        {
            "application": application,
            "events": selectors.events_of(application),
            "evidence": application.evidence.all(),
            "actions": allowed_actions(request.user, application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    application = access.own_application_or_404(request.user, pk)
    if request.method == "POST":
        form = ApplicationForm(request.POST, applicant=request.user)
        if form.is_valid():
            try:
                services.application_update(
                    application=application,
                    actor=request.user,
                    evidence=form.cleaned_data["evidence"],
                    statement=form.cleaned_data["statement"],
                    submit="save_draft" not in request.POST,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your application is saved."))
                return redirect("applications:application_detail", pk=application.pk)
    else:
        form = ApplicationForm(
            applicant=request.user,
            initial={
                "evidence": list(application.evidence.values_list("pk", flat=True)),
                "statement": application.statement,
            },
        )
    evaluation = selectors.evaluate_for(
        applicant=request.user,
        tier=application.tier,
        evidence=selectors.evidence_of(request.user),
        window=application.evidence_window,
    )
    return render(
        request,
        "applications/application_form.html",
        {
            "form": form,
            "tier": application.tier,
            "evaluation": evaluation,
            "titles": selectors.evidence_titles(evaluation.evidence_ids),
            "application": application,
            "changes_request": selectors.changes_request(application),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    application = access.own_application_or_404(request.user, pk)
    return act_and_redirect(
        request,
        lambda: services.application_withdraw(application=application, actor=request.user),
        success=_("Your application is withdrawn."),
        to="applications:application_detail",
        pk=application.pk,
    )


@login_required
@require_GET
def start(request):
    """A newcomer's first steps, each marked done or not."""
    steps = selectors.first_steps(request.user)
    return render(
        request,
        "applications/start.html",
        {"steps": steps, "done": sum(step.done for step in steps)},
    )


@login_required
@require_GET
def after_login(request):
    """Where signing in leads without a ``next``: a newcomer to their first steps."""
    if selectors.needs_first_steps(request.user):
        return redirect("applications:start")
    return redirect("home")


def _back_to_start(request, default, **kwargs):
    """After a first step taken from the first-steps page, back to it; else ``default``."""
    if request.GET.get("from") == "start":
        return redirect("applications:start")
    return redirect(default, **kwargs)


@login_required
@require_GET
def dashboard(request):
    applications = selectors.applications_of(request.user)
    steps = selectors.first_steps(request.user)
    return render(
        request,
        "applications/dashboard.html",
        {
            "applications": applications,
            "held": selectors.held_tiers_of(request.user),
            "first_steps": steps,
            "first_steps_done": sum(step.done for step in steps),
        },
    )


# --- Profile and personal data ----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = selectors.profile_of(request.user) or Profile(user=request.user)
    identities = selectors.forge_identities(request.user, profile)
    linked = [forge for forge, identity in identities.items() if identity.verified]
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile, linked_forges=linked)
        if form.is_valid():
            try:
                profile_services.profile_save(
                    actor=request.user,
                    profile=form.save(commit=False),
                    avatar_upload=form.cleaned_data.get("avatar_upload"),
                    remove_avatar=form.cleaned_data.get("remove_avatar", False),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    target = "avatar_upload" if field == "avatar" else field
                    form.add_error(target if target in form.fields else None, errors)
            else:
                messages.success(request, _("Your profile is saved."))
                return _back_to_start(request, "applications:profile")
    else:
        form = ProfileForm(instance=profile, linked_forges=linked)
    return render(
        request,
        "applications/profile_form.html",
        {
            "form": form,
            "profile": profile,
            "linked_identities": [i for i in identities.values() if i.verified],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
@cache_control(private=True, no_store=True)  # private: no browser or proxy keeps a copy
def personal_data(request):
    response = HttpResponse(
        profile_services.personal_data_export(request.user), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="mindspore-growth-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    # Without a password to confirm with, a fresh sign-in with the forge stands in for it.
    sign_in_again = not request.user.has_usable_password() and not signed_in_recently(request)
    if sign_in_again:
        return render(
            request,
            "applications/account_delete.html",
            {"sign_in_again": sign_in_again, "forges": sign_in_again_forges(request)},
            status=403 if request.method == "POST" else 200,
        )
    if request.method == "POST":
        form = AccountDeleteForm(request.POST, user=request.user)
        if form.is_valid():
            user = request.user
            logout(request)
            profile_services.account_delete(user=user)
            messages.success(request, _("Your account and your personal data are deleted."))
            return redirect("home")
    else:
        form = AccountDeleteForm(user=request.user)
    return render(
        request,
        "applications/account_delete.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_GET
def avatar(request, handle):
    """A person's avatar: public while they are on the Wall of Honor (consent, an active account
    and a valid certification), otherwise only to them."""
    profile = selectors.profile_by_handle(handle)
    if profile is None:
        raise Http404
    public = (
        profile.wall_consent
        and profile.user.is_active
        and bool(selectors.held_tier_slugs(profile.user))
    )
    if not profile.avatar or not (public or profile.user_id == request.user.pk):
        raise Http404
    response = FileResponse(profile.avatar.open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600" if public else "private"
    return response
