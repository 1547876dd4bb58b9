"""Reads of benefits: the person's grants, the offers with their figures, fulfilment lists."""

from django.db.models import Count, Q, QuerySet

from .models import Grant, Offer

_FIGURES = {
    "claimed": Count("grants", filter=Q(grants__status=Grant.Status.CLAIMED)),
    "fulfilled": Count("grants", filter=Q(grants__status=Grant.Status.FULFILLED)),
    "offered": Count("grants", filter=Q(grants__status=Grant.Status.OFFERED)),
}


def _counts(offer: Offer) -> dict[str, int | None]:
    """Claimed, fulfilled, offered and remaining (``None``: no quota) of an annotated offer."""
    counts = {name: getattr(offer, name) for name in _FIGURES}
    taken = counts["claimed"] + counts["fulfilled"]
    counts["remaining"] = None if offer.quota is None else max(0, offer.quota - taken)
    return counts


def offers_with_counts() -> list[tuple[Offer, dict[str, int | None]]]:
    """Every offer, newest first, with its figures: one query however many offers there are."""
    offers = Offer.objects.annotate(**_FIGURES).order_by("-created_at", "-pk")
    return [(offer, _counts(offer)) for offer in offers]


def offer_counts(offer: Offer) -> dict[str, int | None]:
    """One offer's figures, for its fulfilment page."""
    return _counts(Offer.objects.annotate(**_FIGURES).get(pk=offer.pk))


def fulfilment_grants(offer: Offer, status: str = "") -> QuerySet[Grant]:
    """An offer's grants with the people and addresses the fulfilment page shows."""
    grants = offer.grants.select_related("person", "person__profile", "address").order_by(
        "status", "claimed_at", "pk"
    )
    return grants.filter(status=status) if status else grants


def grants_to_ship(offer: Offer) -> QuerySet[Grant]:
    """Claimed and fulfilled grants with their addresses, for the logistics partner's CSV."""
    return (
        offer.grants.filter(status__in=[Grant.Status.CLAIMED, Grant.Status.FULFILLED])
        .select_related("address")
        .order_by("claimed_at", "pk")
    )


def grants_of(person) -> QuerySet[Grant]:
    """A person's own grants, newest first."""
    return (
        Grant.objects.filter(person=person)
        .select_related("offer", "address")
        .order_by("-created_at")
    )


def grants_with_offers() -> QuerySet[Grant]:
    """Anyone's grants with their offer (the fulfilment team acts on them one at a time)."""
    return Grant.objects.select_related("offer")


def personal_benefits(user) -> list[dict]:
    """A person's grants, with their own shipping addresses, for their data export."""
    rows = []
    grants = Grant.objects.filter(person=user).select_related("offer", "address").order_by("pk")
    for grant in grants:
        address = getattr(grant, "address", None)
        rows.append(
            {
                "offer": grant.offer.title_en,
                "kind": grant.offer.kind,
                "status": grant.status,
                "pass_code": grant.pass_code,
                "tracking_number": grant.tracking_number,
                "claimed_at": grant.claimed_at,
                "shipping_address": {
                    "name": address.name,
                    "phone": address.phone,
                    "address": address.address,
                    "country": address.country,
                }
                if address
                else None,
            }
        )
    return rows
