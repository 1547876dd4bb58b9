import io
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseGone,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_required
from accounts.rules import is_programme_staff
from applications.forms import ApplicationForm
from applications.selectors import evaluate_for, evidence_of, evidence_titles, profile_of
from criteria.selectors import certifiable_tiers
from mindspore_growth.errors import DomainError
from mindspore_growth.http import act_and_redirect

from . import (
    badges,
    credentials,
    import_uploads,
    renewal,
    selectors,
    services,
    sharing,
    wall_parts,
)
from .caching import wall_cache_key, wall_page
from .certificate_pdf import certificate_pdf
from .credentials import baking, document
from .credentials import status_list as credential_status_list
from .forms import CertificationImportForm, RevokeForm, WallFilterForm
from .models import Certification

WALL_PER_PAGE = 24


@wall_page(params=(*WallFilterForm.base_fields, "page"))
@require_GET
def wall(request):
    """The people MindSpore certified, with filters; only consenting, validly certified people."""
    form = WallFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.wall_people(
        track=filters.get("track"),
        tier=filters.get("tier"),
        year=filters.get("year"),
        q=filters.get("q"),
        sort=filters.get("sort"),
    )
    page = selectors.WallPaginator(people, WALL_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # The cards follow the filters as read and the page, not the address as typed: a link
    # shared with tracking parameters (?utm_source=…, ?fbclid=…) renders from the same part.
    # The form shows the values as typed (and what is wrong with them).
    cards = sorted((name, str(value)) for name, value in filters.items() if value not in (None, ""))
    parts = wall_parts.rendered(
        {
            "tier_counts": wall_parts.Part(
                "honor_wall/_wall_tier_counts.html",
                (),
                lambda: {"tier_counts": selectors.wall_tier_counts()},
            ),
            "filters": wall_parts.Part(
                "honor_wall/_wall_filters.html",
                tuple(request.GET.get(name) for name in form.fields),
                lambda: {"form": form},
            ),
            "cards": wall_parts.Part(
                "honor_wall/_wall_cards.html",
                (*cards, page.number),
                lambda: {"page": page, "filtered": bool(cards)},
            ),
        }
    )
    return render(
        request,
        "honor_wall/wall.html",
        {"page": page, "query": query.urlencode(), "parts": parts},
    )


@wall_page()
@require_GET
def profile(request, handle):
    person = selectors.wall_profile(handle)
    if person is None:
        raise Http404
    return render(
        request,
        "honor_wall/profile.html",
        {
            "person": person,
            "evidence": selectors.public_evidence(person),
            "version": wall_cache_key(),
        },
    )


def _certification_or_404(public_id) -> Certification:
    certification = selectors.certification_for_verification(public_id)
    if certification is None:
        raise Http404
    return certification


@wall_page(bypass=lambda request: is_programme_staff(request.user))  # staff see their tools
@require_GET
def verify(request, public_id):
    """Anyone can check a certification: valid, expired or revoked (with the reason)."""
    certification = _certification_or_404(public_id)
    verify_url = sharing.verify_url(certification)
    return render(
        request,
        "honor_wall/verify.html",
        {
            "certification": certification,
            "profile": getattr(certification.person, "profile", None),
            "wall_handle": selectors.wall_handle(certification.person_id),
            # The same version the credential states (for one issued without an application,
            # the rules in force when it was awarded).
            "ruleset": document.ruleset_of(certification),
            "verify_url": verify_url,
            "linkedin_url": sharing.linkedin_url(certification),
            "qr_svg": badges.qr_svg(verify_url),
            "is_staff_view": is_programme_staff(request.user),
        },
    )


@require_GET
def certificate(request, public_id):
    """A printable certificate (the browser's print dialog saves it as PDF)."""
    certification = _certification_or_404(public_id)
    if not certification.is_valid:
        raise Http404
    verify_url = sharing.verify_url(certification)
    return render(
        request,
        "honor_wall/certificate.html",
        {
            "certification": certification,
            "profile": getattr(certification.person, "profile", None),
            "verify_url": verify_url,
            "qr_svg": badges.qr_svg(verify_url),
        },
    )


@require_GET
def certificate_download(request, public_id):
    """The certificate as a PDF download."""
    certification = _certification_or_404(public_id)
    if not certification.is_valid:
        raise Http404
    profile = getattr(certification.person, "profile", None)
    pdf = certificate_pdf(
        name=profile.display_name if profile else "",
        tier_en=certification.tier.name_en,
        tier_zh=certification.tier.name_zh,
        awarded=certification.awarded_on.isoformat(),
        public_id=str(certification.public_id),
        verify_url=sharing.verify_url(certification),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"mindspore-{certification.tier.slug}-{str(certification.public_id)[:8]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@wall_page()
@require_GET
def badge_svg(request, slug):
    tier = get_object_or_404(certifiable_tiers(), slug=slug)
    key = f"badge-svg:{slug}:{get_language()}:{wall_cache_key()}"
    svg = cache.get_or_set(key, lambda: badges.badge_svg(tier), timeout=24 * 60 * 60)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@wall_page()
@require_GET
def badge_png(request, slug):
    tier = get_object_or_404(certifiable_tiers(), slug=slug)

    def draw() -> bytes:
        buffer = io.BytesIO()
        badges.badge_png(tier).save(buffer, format="PNG")
        return buffer.getvalue()

    key = f"badge-png:{slug}:{get_language()}:{wall_cache_key()}"
    png = cache.get_or_set(key, draw, timeout=24 * 60 * 60)
    return HttpResponse(png, content_type="image/png")


class WallFeed(Feed):
    """Newly certified people (Atom). RFC 4287: the feed has an author and every entry an
    ``updated`` (when it was certified, or re-issued after a revocation)."""

    feed_type = Atom1Feed
    title = gettext_lazy("MindSpore Wall of Honor: newly certified")
    subtitle = gettext_lazy("People MindSpore certified as developers and evangelists.")
    author_name = gettext_lazy("MindSpore Developer Growth Incentive System")

    def author_link(self):
        return settings.SITE_URL + reverse("home")

    def link(self):
        return reverse("honor_wall:wall")

    def items(self):
        return selectors.recent_wall_certifications()

    def item_title(self, item):
        return _("%(name)s: %(tier)s") % {
            "name": item.person.profile.display_name,
            "tier": item.tier.name,
        }

    def item_description(self, item):
        return _("Certified on %(date)s.") % {"date": item.awarded_on.isoformat()}

    def item_link(self, item):
        return reverse("honor_wall:profile", args=[item.person.profile.handle])

    def item_guid(self, item):
        return f"urn:uuid:{item.public_id}"

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return max(item.created_at, item.reinstated_at or item.created_at)


@staff_required
@require_http_methods(["GET", "POST"])
def revoke(request, public_id):
    """Staff revoke with a reason, after a confirmation step."""
    certification = _certification_or_404(public_id)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return act_and_redirect(
            request,
            lambda: services.certification_revoke(
                certification=certification, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            success=_("The certification is revoked."),
            to="honor_wall:verify",
            public_id=certification.public_id,
        )
    return render(
        request,
        "honor_wall/revoke.html",
        {"certification": certification, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_required
@require_http_methods(["POST"])
def reissue(request, public_id):
    certification = _certification_or_404(public_id)
    return act_and_redirect(
        request,
        lambda: services.certification_reissue(certification=certification, actor=request.user),
        success=_("The certification is valid again."),
        to="honor_wall:verify",
        public_id=certification.public_id,
    )


def _credential_language(request, certification) -> str | None:
    """The language asked for with ``?lang=`` (BCP 47 or our code), else the holder's."""
    tag = request.GET.get("lang")
    if not tag:
        return document.holder_language(certification)
    return document.language_from_bcp47(tag)


@dataclass
class _Issued:
    certification: Certification
    language: str
    credential: dict


def _credential_or_error(request, public_id) -> _Issued | HttpResponse:
    """The credential asked for, or the response that says why there is none."""
    certification = _certification_or_404(public_id)
    language = _credential_language(request, certification)
    if language is None:
        choices = ", ".join(document.bcp47(code) for code in document.LANGUAGES)
        return HttpResponseBadRequest(
            f"lang: unknown language; choose one of {choices}.", content_type="text/plain"
        )
    try:
        credential = credentials.credential_for(certification, language)
    except credentials.HolderUnknown:
        return HttpResponseGone(
            "The holder deleted their account: this credential can no longer be issued.",
            content_type="text/plain",
        )
    return _Issued(certification, language, credential)


@require_GET
def credential_json(request, public_id):
    """The certification as an Open Badges 3.0 credential (JSON). Its proof is the VC-JWT."""
    issued = _credential_or_error(request, public_id)
    if isinstance(issued, HttpResponse):
        return issued
    response = JsonResponse(
        issued.credential, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    jwt_url = reverse("honor_wall:credential_jwt", args=[issued.certification.public_id])
    jwt_url += f"?lang={document.bcp47(issued.language)}"
    response["Link"] = f'<{jwt_url}>; rel="alternate"; type="application/vc+jwt"'
    return response


@require_GET
def credential_jwt(request, public_id):
    """The credential as a compact VC-JWT."""
    issued = _credential_or_error(request, public_id)
    if isinstance(issued, HttpResponse):
        return issued
    return HttpResponse(
        credentials.sign_credential(issued.credential), content_type="application/vc+jwt"
    )


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _baked_filename(certification, extension) -> str:
    return f"mindspore-{certification.tier.slug}-{str(certification.public_id)[:8]}.{extension}"


@require_GET
def baked_png(request, public_id):
    """The badge as a PNG with the signed credential baked in."""
    issued = _credential_or_error(request, public_id)
    if isinstance(issued, HttpResponse):
        return issued
    with translation.override(issued.language):
        image = badges.badge_png(issued.certification.tier)
    png = baking.bake_png(image, credentials.sign_credential(issued.credential))
    return _download(png, "image/png", _baked_filename(issued.certification, "png"))


@require_GET
def baked_svg(request, public_id):
    """The badge as an SVG with the signed credential baked in."""
    issued = _credential_or_error(request, public_id)
    if isinstance(issued, HttpResponse):
        return issued
    with translation.override(issued.language):
        svg = badges.badge_svg(issued.certification.tier)
    baked = baking.bake_svg(svg, credentials.sign_credential(issued.credential))
    return _download(
        baked, "image/svg+xml; charset=utf-8", _baked_filename(issued.certification, "svg")
    )


@require_GET
def status_list(request):
    """The revocation status list every credential points at (a signed VC-JWT)."""
    response = HttpResponse(
        credential_status_list.signed_status_list(), content_type="application/vc+jwt"
    )
    # Revoking shows within a minute even to verifiers that cache.
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def jwks(request):
    response = JsonResponse(credentials.jwks())
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def jwk(request, thumbprint):
    """One public key as a JWK: what a credential's ``kid`` dereferences to."""
    key = credentials.published_jwk(thumbprint)
    if key is None:
        raise Http404
    response = JsonResponse(key, content_type="application/jwk+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def issuer(request):
    return JsonResponse({"@context": credentials.CONTEXTS, **credentials.issuer_profile()})


@login_required
@require_GET
def my_certifications(request):
    """The holder's own certifications, whatever their status and whether or not they are on
    the wall: downloads, sharing, and where the wall stands."""
    certifications = list(selectors.holder_certifications(request.user))
    rows = sharing.holder_rows(
        certifications,
        wall_certification_ids=selectors.wall_certification_ids(request.user),
    )
    options = renewal.renewal_options(certifications, request.user)
    for row in rows:
        row.renewal = options[row.certification.pk]
    profile = profile_of(request.user)
    return render(
        request,
        "honor_wall/my_certifications.html",
        {"rows": rows, "profile": profile},
    )


@login_required
@require_http_methods(["GET", "POST"])
def renew(request, public_id):
    """The holder renews a certification: an application of kind renewal for its tier, with
    the evidence dated in the renewal window picked in advance."""
    certification = get_object_or_404(
        selectors.holder_certifications(request.user), public_id=public_id
    )
    refusal = renewal.renewal_refusal(certification, request.user)
    if refusal is not None:
        messages.error(request, refusal)
        return redirect("honor_wall:mine")
    window = renewal.renewal_window(certification)
    if request.method == "POST":
        form = ApplicationForm(request.POST, applicant=request.user)
        if form.is_valid():
            try:
                application = renewal.renewal_start(
                    certification=certification,
                    actor=request.user,
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
                    messages.success(request, _("Your renewal is submitted."))
                return redirect("applications:application_detail", pk=application.pk)
    else:
        form = ApplicationForm(
            applicant=request.user,
            initial={"evidence": renewal.renewal_evidence(certification)},
        )
    evaluation = evaluate_for(
        applicant=request.user,
        tier=certification.tier,
        evidence=evidence_of(request.user),
        window=window,
    )
    return render(
        request,
        "honor_wall/renew.html",
        {
            "form": form,
            "certification": certification,
            "tier": certification.tier,
            "window": window,
            "evaluation": evaluation,
            "titles": evidence_titles(
                {pk for group in evaluation.groups for item in group.items for pk in item.evidence}
            ),
        },
        status=400 if form.errors else 200,
    )


IMPORT_ROWS_PER_PAGE = 100


@staff_required
@require_http_methods(["GET", "POST"])
def imports(request):
    """Staff upload a CSV of existing certifications; the dry run follows."""
    if request.method == "POST":
        form = CertificationImportForm(request.POST, request.FILES)
        if form.is_valid():
            record = import_uploads.import_record(
                actor=request.user,
                file_name=form.cleaned_data["file"].name or "upload.csv",
                data=form.data_bytes,
                language=form.cleaned_data["language"],
            )
            return redirect("honor_wall:import_detail", pk=record.pk)
    else:
        form = CertificationImportForm()
    return render(
        request,
        "honor_wall/imports.html",
        {"form": form, "recent": selectors.recent_imports()},
        status=400 if form.errors else 200,
    )


@staff_required
@require_GET
def import_detail(request, pk):
    """The dry run of an upload (every row and its verdict), then its outcome."""
    record = get_object_or_404(selectors.certification_uploads(), pk=pk)
    show = request.GET.get("show", "")
    rows = [row for row in record.rows if not show or row["status"] == show]
    page = Paginator(rows, IMPORT_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "honor_wall/import_detail.html",
        {"record": record, "page": page, "show": show, "query": f"show={show}" if show else ""},
    )


@staff_required
@require_POST
def import_confirm(request, pk):
    record = get_object_or_404(selectors.certification_uploads(), pk=pk)
    return act_and_redirect(
        request,
        lambda: import_uploads.import_confirm(actor=request.user, record=record),
        success=_("Issuing has started; this page shows the outcome."),
        to="honor_wall:import_detail",
        pk=record.pk,
    )
