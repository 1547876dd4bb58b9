"""Small, exact statistics the rollups need (no database, no Django)."""

import datetime
import math
from collections.abc import Sequence

from dateutil.relativedelta import relativedelta


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` quantile with linear interpolation between ranks, as PostgreSQL's
    ``percentile_cont`` and NumPy's default compute it; ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = fraction * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def hours(delta: datetime.timedelta) -> float:
    return delta.total_seconds() / 3600


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return month_of(month) + relativedelta(months=1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from ``first``'s to ``last``'s, both included."""
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months
