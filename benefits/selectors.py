"""Reads of benefits."""

from .models import Grant


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
