from criteria.models import Track
from insights.forms import parse_month
from insights.rules import View
from insights.selectors import Dashboard, Filters, certifiable_tiers


def dashboard(start="2025-01", end="2025-03", *, track=None, tier=None, view=None, viewer=None):
    tiers = certifiable_tiers()
    filters = Filters.make(
        start=parse_month(start),
        end=parse_month(end),
        track=Track.objects.get(slug=track) if track else None,
        tier=next(t for t in tiers if t.slug == tier) if tier else None,
        all_tiers=tiers,
    )
    return Dashboard(filters, view=view or View.PROGRAMME, viewer=viewer)


def series(chart) -> dict:
    return {s.name: s.values for s in chart.series}
