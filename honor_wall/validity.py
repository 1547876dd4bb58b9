"""How long a certification lasts: its tier's validity, copied onto it when it is issued.

The tier's ``validity_months`` is read once, at issue, and the end date stored on the
certification (``expires_on``, the credential's ``validUntil``): staff changing a tier's validity
later never moves the dates of certifications already issued.
"""

import datetime

from dateutil.relativedelta import relativedelta


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months later (or earlier, when negative), clamped to the
    month's last day: 31 January + 1 month is 28 or 29 February, 29 February + 12 months is
    28 February (dateutil's ``relativedelta``, the project's calendar arithmetic)."""
    return day + relativedelta(months=months)


def expiry_for(tier, starts_on: datetime.date) -> datetime.date | None:
    """The last day a certification of ``tier`` starting on ``starts_on`` is valid (``None``: it
    never expires): the same date ``validity_months`` months later. A renewal starts that day,
    so a renewed holder is never without a valid certification."""
    months = tier.validity_months
    return add_months(starts_on, months) if months else None
