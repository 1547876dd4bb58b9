"""/insights/: who may see what, the filters, CSV equal to the charts, constant query counts."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from applications.models import Profile
from honor_wall.models import Certification
from insights import services
from insights.charts import safe_cell
from tests.factories import UserFactory

from .conftest import tier

pytestmark = pytest.mark.django_db

RANGE = "?start=2025-01&end=2025-03"
STAFF_CHARTS = [
    "submitted",
    "outcomes",
    "waits",
    "sla",
    "queue_age",
    "funnel",
    "reviewers",
    "claims",
    "certifications",
    "benefits",
    "consent",
    "languages",
    "organisations",
    "cities",
]


def chart_data(response, key):
    match = re.search(
        rf'<script id="chart-{key}-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def charts_on(response):
    return re.findall(r'data-chart-key="([a-z_]+)"', response.content.decode())


# --- Permissions ------------------------------------------------------------------------------
def test_staff_see_every_programme_chart(client, staff):
    client.force_login(staff)

    response = client.get("/insights/")

    assert response.status_code == 200
    assert charts_on(response) == STAFF_CHARTS


def test_a_reviewer_sees_their_own_work_only(client, reviewer):
    client.force_login(reviewer)

    response = client.get("/insights/")

    assert response.status_code == 200
    assert charts_on(response) == ["my_decisions", "queue_age"]
    assert "Your review work" in response.content.decode()


def test_a_reviewer_cannot_download_a_programme_chart(client, reviewer):
    client.force_login(reviewer)

    assert client.get("/insights/reviewers.csv").status_code == 404
    assert client.get("/insights/my_decisions.csv").status_code == 200


def test_an_applicant_is_refused(client, applicant):
    client.force_login(applicant)

    assert client.get("/insights/").status_code == 403
    assert client.get("/insights/submitted.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in ("/insights/", "/insights/submitted.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_the_navigation_offers_insight_to_reviewers_not_to_applicants(client, reviewer, applicant):
    client.force_login(reviewer)
    assert 'href="/insights/"' in client.get("/programme/").content.decode()
    client.force_login(applicant)
    assert 'href="/insights/"' not in client.get("/programme/").content.decode()


# --- Filters ----------------------------------------------------------------------------------
def test_the_month_range_sets_the_axis(client, staff, history):
    services.rollup_rebuild()
    client.force_login(staff)

    data = chart_data(client.get("/insights/" + RANGE), "submitted")

    assert data["categories"] == ["2025-01", "2025-02", "2025-03"]
    assert data["series"][0] == {
        "name": "Excellent Developer",
        "data": [2, 1, 0],
        "type": "",
        "axis": 0,
        "stack": "tiers",
    }


def test_the_tier_filter_reaches_the_page(client, staff, history):
    services.rollup_rebuild()
    client.force_login(staff)

    data = chart_data(client.get(f"/insights/{RANGE}&tier=evangelist-reserve"), "outcomes")

    assert [s["name"] for s in data["series"]][:2] == ["Approved", "Rejected"]
    assert data["series"][1]["data"] == [0, 1, 0]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("start=2025-13", "start", "Enter a month as YYYY-MM"),
        ("start=last+year", "start", "Enter a month as YYYY-MM"),
        ("start=2025-05&end=2025-01", "end", "The end month comes before the start month."),
        ("start=1990-01&end=2025-01", "start", "Choose at most ten years."),
        ("tier=nope", "tier", "Select a valid choice."),
        ("track=developer&tier=evangelist", "tier", "This tier is not on the chosen track."),
    ],
)
def test_bad_filters_are_named_on_the_form(client, staff, query, field, message):
    client.force_login(staff)

    response = client.get(f"/insights/?{query}")

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    csv_response = client.get(f"/insights/submitted.csv?{query}")
    assert csv_response.status_code == 400
    assert field in csv_response.content.decode()


# --- CSV --------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", STAFF_CHARTS)
def test_each_csv_holds_exactly_the_charts_numbers(client, staff, history, key):
    services.rollup_rebuild()
    services.eligibility_refresh()
    services.snapshot_refresh()
    client.force_login(staff)

    data = chart_data(client.get("/insights/" + RANGE), key)
    response = client.get(f"/insights/{key}.csv{RANGE}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][1:] == [s["name"] for s in data["series"]]
    assert [row[0] for row in rows[1:]] == data["categories"]
    for column, series in enumerate(data["series"], start=1):
        assert [row[column] for row in rows[1:]] == [
            "" if value is None else str(value) for value in series["data"]
        ]


def test_text_a_spreadsheet_would_run_is_defused(client, staff):
    person = UserFactory(email="sneaky@example.org")
    Profile.objects.create(
        user=person,
        display_name="X",
        handle="x",
        organisation='=HYPERLINK("http://evil")',
        city="+cmd|' /C calc'!A0",
    )
    Certification.objects.create(person=person, tier=tier("excellent-developer"))
    services.snapshot_refresh()
    client.force_login(staff)

    organisations = client.get("/insights/organisations.csv").content.decode()
    cities = client.get("/insights/cities.csv").content.decode()

    assert '\'=HYPERLINK(""http://evil"")' in organisations
    assert "'+cmd|' /C calc'!A0" in cities


def test_safe_cell_leaves_numbers_and_plain_text_alone():
    assert safe_cell(-3) == -3
    assert safe_cell(None) == ""
    assert safe_cell("Huawei") == "Huawei"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-2+3") == "'-2+3"


# --- Queries ----------------------------------------------------------------------------------
# The account (signing in changed it; the session comes from the cache), roles, tiers, tier
# rollup, waiting times, queue ages, snapshots (funnel, people, benefits), reviewer rollup,
# claims, and the navigation's two permission reads: one each, whatever the size of the
# programme. A reviewer's view: their rollup, the queue they see, their claims. Both: whether
# they have the second factor their role needs.
STAFF_QUERIES = 12
REVIEWER_QUERIES = 9


def _add_history(history, copies):
    """More applications, events, reviews and certifications like the history's, then rolled up."""
    from .conftest import application, decide, event
    from .conftest import at as moment

    for n in range(copies):
        person = UserFactory(email=f"extra{n}@example.org")
        app = application(person, "excellent-developer", "approved", moment("2025-02-01T00:00"))
        event(app, "submit", moment("2025-02-01T00:00"), person)
        decide(app, "approve", moment("2025-02-03T00:00"), history["r"], moment("2025-02-01T00:00"))
        Certification.objects.create(person=person, tier=app.tier, application=app)


@pytest.mark.parametrize("extra", [1, 3])
def test_the_dashboard_costs_the_same_queries_at_any_size(
    client, staff, reviewer, history, r1, extra, django_assert_num_queries
):
    history["r"] = r1
    _add_history(history, extra)
    services.rollup_rebuild()
    services.snapshot_refresh()
    client.force_login(staff)

    with django_assert_num_queries(STAFF_QUERIES):
        response = client.get("/insights/" + RANGE)

    assert response.status_code == 200
    assert sum(chart_data(response, "submitted")["series"][0]["data"]) == 3 + extra


@pytest.mark.parametrize("extra", [1, 3])
def test_a_reviewers_view_costs_the_same_queries_at_any_size(
    client, history, r1, extra, django_assert_num_queries
):
    history["r"] = r1
    _add_history(history, extra)
    services.rollup_rebuild()
    client.force_login(r1)

    with django_assert_num_queries(REVIEWER_QUERIES):
        response = client.get("/insights/" + RANGE)

    assert sum(sum(s["data"]) for s in chart_data(response, "my_decisions")["series"]) == 2 + extra
