from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from honor_wall.caching import wall_page

from .forms import InsightFilterForm
from .public import public_figures
from .rules import View, insight_view_for
from .selectors import Dashboard, Filters, certifiable_tiers
from .services import today


def _dashboard_for(request) -> tuple[Dashboard, InsightFilterForm]:
    view = insight_view_for(request.user)
    if view is None:
        raise PermissionDenied
    tiers = certifiable_tiers()
    form = InsightFilterForm(request.GET or None, tiers=tiers, today=today())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
    else:
        start, end = form.default_range()
        data = {"start": start, "end": end, "track": None, "tier": None}
    filters = Filters.make(
        start=data["start"],
        end=data["end"],
        track=data["track"],
        tier=data["tier"],
        all_tiers=tiers,
    )
    return Dashboard(filters, view=view, viewer=request.user), form


@login_required
@require_GET
def dashboard(request):
    """Programme statistics for staff; a reviewer sees their own work. Invalid filters are
    named on the form (400) and the default months are shown meanwhile."""
    dashboard, form = _dashboard_for(request)
    invalid = form.is_bound and not form.is_valid()
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "dashboard": dashboard,
            "charts": dashboard.charts(),
            "stats": dashboard.stats(),
            "query": "" if invalid else request.GET.urlencode(),
            "programme_view": dashboard.view is View.PROGRAMME,
            "filters": dashboard.filters,
        },
        status=400 if invalid else 200,
    )


@login_required
@require_GET
def chart_csv(request, key):
    """One chart's numbers as CSV: the same rows as its table, for the same filters."""
    dashboard, form = _dashboard_for(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        chart = dashboard.chart(key)
    except KeyError:
        raise Http404 from None
    filters = dashboard.filters
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    name = f"mindspore-{key}-{filters.start:%Y-%m}-{filters.end:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@wall_page()
@require_GET
def figures(request):
    """The public figures as a page of their own (where the wall and the programme page link
    when scripts are off)."""
    return render(request, "insights/figures.html", public_figures())


@wall_page()
@require_GET
def figures_fragment(request):
    """The public figures alone, for the programme page and the wall to load into themselves.
    Depends only on public data: cacheable under the wall's version key."""
    return render(request, "insights/_figures.html", public_figures())


@wall_page()
@require_GET
def figures_csv(request, key):
    charts = {chart.key: chart for chart in public_figures()["charts"]}
    if key not in charts:
        raise Http404
    response = HttpResponse(charts[key].csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mindspore-{key}.csv"'
    return response
