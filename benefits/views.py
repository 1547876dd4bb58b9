import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from mindspore_growth.http import act_and_redirect

from . import selectors, services
from .forms import FulfilmentFilterForm, ShipForm, ShippingAddressForm
from .models import Grant, Offer
from .rules import may_fulfil

GRANTS_PER_PAGE = 50


_fulfilment_required = role_required(may_fulfil)


def _own_grant_or_404(user, pk) -> Grant:
    return get_object_or_404(selectors.grants_of(user), pk=pk)


@login_required
@require_GET
def mine(request):
    """The person's benefits, with what they can do next."""
    return render(request, "benefits/mine.html", {"grants": selectors.grants_of(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
@cache_control(private=True, no_store=True)  # private: no browser or proxy keeps a copy
def claim(request, pk):
    grant = _own_grant_or_404(request.user, pk)
    needs_address = grant.offer.kind == Offer.Kind.GIFT
    bound = request.POST if request.method == "POST" else None
    form = ShippingAddressForm(bound) if needs_address else None
    if request.method == "POST" and (form is None or form.is_valid()):
        return act_and_redirect(
            request,
            lambda: services.grant_claim(
                grant=grant, person=request.user, address=form.cleaned_data if form else None
            ),
            success=_("Claimed. We will keep you posted here."),
            to="benefits:mine",
        )
    return render(
        request,
        "benefits/claim.html",
        {"grant": grant, "form": form},
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def decline(request, pk):
    grant = _own_grant_or_404(request.user, pk)
    return act_and_redirect(
        request,
        lambda: services.grant_decline(grant=grant, person=request.user),
        success=_("Declined. Thank you for letting us know."),
        to="benefits:mine",
    )


@_fulfilment_required
@require_GET
def offers(request):
    return render(request, "benefits/offers.html", {"rows": selectors.offers_with_counts()})


@_fulfilment_required
@require_GET
@cache_control(private=True, no_store=True)  # private: no browser or proxy keeps a copy
def fulfilment(request, pk):
    """One offer's grants with their status, addresses and what is left of the quota."""
    offer = get_object_or_404(Offer, pk=pk)
    form = FulfilmentFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    grants = selectors.fulfilment_grants(offer, status)
    page = Paginator(grants, GRANTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "benefits/fulfilment.html",
        {
            "offer": offer,
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "counts": selectors.offer_counts(offer),
            "ship_form": ShipForm(),
        },
    )


@_fulfilment_required
@require_POST
def ship(request, pk):
    grant = get_object_or_404(selectors.grants_with_offers(), pk=pk)
    form = ShipForm(request.POST)
    if not form.is_valid():
        return redirect("benefits:fulfilment", pk=grant.offer_id)
    return act_and_redirect(
        request,
        lambda: services.grant_fulfil(
            grant=grant, actor=request.user, tracking_number=form.cleaned_data["tracking_number"]
        ),
        success=_("Marked as fulfilled."),
        to="benefits:fulfilment",
        pk=grant.offer_id,
    )


@_fulfilment_required
@require_GET
@cache_control(private=True, no_store=True)  # private: no browser or proxy keeps a copy
def export_csv(request, pk):
    """Claimed gifts with their addresses, for the logistics partner."""
    offer = get_object_or_404(Offer, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="offer-{offer.pk}-{stamp}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (Chinese addresses) only with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            "grant",
            "status",
            "name",
            "phone",
            "address",
            "country",
            "pass_code",
            "tracking_number",
            "claimed_at",
        ]
    )
    for grant in selectors.grants_to_ship(offer):
        address = getattr(grant, "address", None)
        writer.writerow(
            [
                grant.pk,
                grant.status,
                _csv_safe(address.name if address else ""),
                _csv_safe(address.phone if address else ""),
                _csv_safe(address.address if address else ""),
                _csv_safe(address.country if address else ""),
                grant.pass_code,
                _csv_safe(grant.tracking_number),
                grant.claimed_at.isoformat() if grant.claimed_at else "",
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in spreadsheets: neutralise it.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
