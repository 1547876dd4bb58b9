"""Every series of the dashboard against the hand-built history (see conftest), through the
rollups, for each filter."""

import datetime

import pytest

from insights import services
from insights.models import MonthDurations, ReviewerDay, TierDay
from insights.rules import View

from .conftest import at, event, tier
from .helpers import dashboard, series

pytestmark = pytest.mark.django_db


@pytest.fixture
def rolled_up(history):
    services.rollup_rebuild()
    return history


def test_submissions_per_month_are_stacked_by_tier(rolled_up):
    chart = dashboard().chart("submitted")

    assert chart.categories == ["2025-01", "2025-02", "2025-03"]
    assert series(chart) == {
        "Excellent Developer": [2, 1, 0],
        "Senior Developer": [0, 0, 1],
        "Evangelist Reserve": [0, 1, 0],
        "Evangelist": [0, 0, 0],
        "Senior Evangelist": [0, 0, 0],
    }


def test_a_resubmission_is_not_a_second_submission(rolled_up):
    assert TierDay.objects.get(day=datetime.date(2025, 2, 5)).resubmitted == 1
    assert sum(dashboard().chart("submitted").series[0].values) == 3


def test_outcomes_per_month_and_the_approval_rate(rolled_up):
    assert series(dashboard().chart("outcomes")) == {
        "Approved": [1, 1, 0],
        "Rejected": [0, 1, 0],
        "Changes requested": [1, 0, 0],
        "Withdrawn": [0, 1, 0],
        "Approval rate (%)": [100.0, 50.0, None],
    }


def test_days_to_first_and_final_decision_median_and_90th_percentile(rolled_up):
    # January: first decisions after 48 h (A1) and 240 h (A2); final 48 h (A1).
    # February: first 24 h (A3); final 408 h (A2, from its first submission) and 24 h (A3).
    assert series(dashboard().chart("waits")) == {
        "First decision, median": [6.0, 1.0, None],
        "First decision, 90th percentile": [9.2, 1.0, None],
        "Final decision, median": [2.0, 9.0, None],
        "Final decision, 90th percentile": [2.0, 15.4, None],
    }


def test_decisions_past_the_sla_count_each_round_from_its_own_submission(rolled_up):
    # A2's request for changes came 10 days after submission; its approval one day after the
    # resubmission is on time.
    assert series(dashboard().chart("sla")) == {
        "Decided within the SLA": [1, 2, 0],
        "Decided after the SLA": [1, 0, 0],
    }


def test_certifications_per_month_by_track(rolled_up):
    assert series(dashboard().chart("certifications")) == {
        "Developers": [1, 1, 0],
        "Evangelists": [0, 0, 0],
    }


def test_reviewer_throughput_per_month(rolled_up, r1, r2):
    assert series(dashboard().chart("reviewers")) == {
        "r1@example.org": [2, 0, 0],
        "r2@example.org": [0, 2, 0],
    }


def test_a_reviewer_sees_only_their_own_decisions(rolled_up, r1):
    chart = dashboard(view=View.OWN_WORK, viewer=r1).chart("my_decisions")

    assert series(chart) == {
        "Approved": [1, 0, 0],
        "Rejected": [0, 0, 0],
        "Changes requested": [1, 0, 0],
    }


def test_the_tier_filter_narrows_every_monthly_series(rolled_up):
    view = dashboard(tier="excellent-developer")

    assert series(view.chart("submitted")) == {"Excellent Developer": [2, 1, 0]}
    outcomes = series(view.chart("outcomes"))
    assert outcomes["Approved"] == [1, 1, 0]
    assert outcomes["Rejected"] == [0, 0, 0]
    assert outcomes["Withdrawn"] == [0, 1, 0]
    assert series(view.chart("waits"))["Final decision, median"] == [2.0, 17.0, None]
    assert series(view.chart("reviewers")) == {
        "r1@example.org": [2, 0, 0],
        "r2@example.org": [0, 1, 0],
    }


def test_the_track_filter_keeps_its_tiers_only(rolled_up):
    view = dashboard(track="evangelist")

    assert list(series(view.chart("submitted"))) == [
        "Evangelist Reserve",
        "Evangelist",
        "Senior Evangelist",
    ]
    assert series(view.chart("submitted"))["Evangelist Reserve"] == [0, 1, 0]
    assert series(view.chart("outcomes"))["Rejected"] == [0, 1, 0]
    assert series(view.chart("waits"))["First decision, median"] == [None, 1.0, None]
    assert series(view.chart("certifications")) == {"Evangelists": [0, 0, 0]}


def test_the_month_range_is_the_axis_with_empty_months_as_zero(rolled_up):
    chart = dashboard("2024-12", "2025-02", tier="excellent-developer").chart("submitted")

    assert chart.categories == ["2024-12", "2025-01", "2025-02"]
    assert chart.series[0].values == [0, 2, 1]


def test_refreshing_each_day_gives_what_the_full_rebuild_gives(history):
    services.rollup_rebuild()
    rebuilt = _tables()
    for model in (TierDay, ReviewerDay, MonthDurations):
        model.objects.all().delete()

    day = datetime.date(2025, 1, 1)
    while day <= datetime.date(2025, 3, 31):
        services.rollup_refresh_day(day=day)
        day += datetime.timedelta(days=1)

    assert _tables() == rebuilt


def test_refreshing_a_day_twice_changes_nothing(history):
    services.rollup_refresh_day(day=datetime.date(2025, 2, 6))
    once = _tables()
    services.rollup_refresh_day(day=datetime.date(2025, 2, 6))

    assert _tables() == once


def _tables():
    return (
        sorted(
            TierDay.objects.values_list(
                "day",
                "tier_id",
                "submitted",
                "resubmitted",
                "approved",
                "rejected",
                "changes_requested",
                "withdrawn",
                "decided_past_sla",
                "certified",
            )
        ),
        sorted(
            ReviewerDay.objects.values_list(
                "day", "reviewer_id", "tier_id", "approved", "rejected", "changes_requested"
            )
        ),
        sorted(
            MonthDurations.objects.values_list(
                "month",
                "scope",
                "first_count",
                "first_median_hours",
                "first_p90_hours",
                "final_count",
                "final_median_hours",
                "final_p90_hours",
            )
        ),
    )


# --- Time zones at month edges ----------------------------------------------------------------
@pytest.fixture
def at_the_edge(db, applicant):
    """Submitted 2025-01-31 17:00 UTC: still January in UTC, already 1 February in Shanghai."""
    from applications.models import Application

    application = Application.objects.create(
        applicant=applicant, tier=tier("excellent-developer"), state="submitted"
    )
    event(application, "submit", at("2025-01-31T17:00"), applicant)
    return application


def test_a_submission_late_on_31_january_utc_counts_in_january(settings, at_the_edge):
    settings.TIME_ZONE = "UTC"
    services.rollup_rebuild()

    chart = dashboard("2025-01", "2025-02", tier="excellent-developer").chart("submitted")

    assert chart.series[0].values == [1, 0]


def test_in_shanghai_the_same_moment_is_february(settings, at_the_edge):
    settings.TIME_ZONE = "Asia/Shanghai"
    services.rollup_rebuild()

    chart = dashboard("2025-01", "2025-02", tier="excellent-developer").chart("submitted")

    assert chart.series[0].values == [0, 1]
    assert TierDay.objects.get().day == datetime.date(2025, 2, 1)


def test_refreshing_a_local_day_takes_the_events_of_that_local_day(settings, at_the_edge):
    settings.TIME_ZONE = "Asia/Shanghai"

    services.rollup_refresh_day(day=datetime.date(2025, 1, 31))
    assert not TierDay.objects.exists()
    services.rollup_refresh_day(day=datetime.date(2025, 2, 1))

    assert TierDay.objects.get().submitted == 1


def test_in_new_york_an_early_utc_decision_belongs_to_the_month_before(settings, applicant, r1):
    from applications.models import Application

    settings.TIME_ZONE = "America/New_York"
    application = Application.objects.create(
        applicant=applicant, tier=tier("excellent-developer"), state="approved"
    )
    event(application, "submit", at("2025-02-25T12:00"), applicant)
    # 03:00 UTC on 1 March is 22:00 on 28 February in New York.
    event(application, "approve", at("2025-03-01T03:00"), r1)
    services.rollup_rebuild()

    outcomes = series(dashboard("2025-02", "2025-03").chart("outcomes"))

    assert outcomes["Approved"] == [1, 0]
    assert MonthDurations.objects.get(scope="all").month == datetime.date(2025, 2, 1)
