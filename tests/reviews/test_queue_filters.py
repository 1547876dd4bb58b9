"""The queue's filter form is rendered once for each query and language and kept until a track
or tier changes (the programme's version): rendering its selects cost more than the page's 25
rows, and their choices two queries. It must stay right: the values asked, the language, the
tiers' current names."""

import re

import pytest

from accounts.access import new_access_version
from tests.factories import submitted

pytestmark = pytest.mark.django_db


def filters(response) -> str:
    html = response.content.decode()
    start = html.index('<form method="get"')
    return html[start : html.index("</form>", start)]


def selected(form: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', form, re.S)[0]
    return re.search(r'<option value="([^"]*)"[^>]*selected', select)[1]


def test_a_second_visit_reads_the_filters_kept(
    client, reviewer, excellent, django_assert_num_queries
):
    submitted(None, excellent)
    client.force_login(reviewer)
    first = client.get("/reviews/?sort=newest")
    new_access_version()  # the roles read again, as on the first visit

    # Two fewer than a first visit's counts kept (test_queue_counts): no tier or track choices.
    with django_assert_num_queries(7):
        second = client.get("/reviews/?sort=newest")

    assert filters(second) == filters(first)
    assert selected(filters(second), "sort") == "newest"


def test_each_query_has_its_own_filters(client, reviewer, excellent):
    client.force_login(reviewer)
    client.get("/reviews/?sort=newest&tier=excellent-developer")

    form = filters(client.get("/reviews/?sort=tier&q=lin"))

    assert selected(form, "sort") == "tier"
    assert selected(form, "tier") == ""
    assert 'name="q" value="lin"' in form


def test_each_language_has_its_own_filters(client, reviewer):
    client.force_login(reviewer)
    english = filters(client.get("/reviews/"))

    chinese = filters(client.get("/reviews/", HTTP_ACCEPT_LANGUAGE="zh-hans"))

    assert "Any tier" in english and "Filter" in english
    assert "申请人" in chinese and "筛选" in chinese and "Any tier" not in chinese


def test_a_tier_renamed_shows_in_the_filters_at_once(client, reviewer, excellent):
    client.force_login(reviewer)
    assert excellent.name_en in filters(client.get("/reviews/"))

    excellent.name_en = "Remarkable Developer"
    excellent.save()

    assert "Remarkable Developer" in filters(client.get("/reviews/"))
