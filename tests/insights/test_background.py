"""The background side: eligibility by the engine over stored evidence, the funnel and people
snapshots, and the refresh of today's rollup after a change commits."""

import datetime

import pytest
from django.db import transaction

from applications.models import Evidence
from applications.selectors import eligibility_of
from applications.services import application_submit
from honor_wall.models import Certification
from insights import services
from insights.models import Eligibility, Snapshot, TierDay
from insights.rules import View
from reviews.services import review_claim, review_decide
from tests.factories import UserFactory, excellent_evidence, make_evidence, make_profile

from .conftest import tier
from .helpers import dashboard, series

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(applicant):
    """An applicant whose evidence meets Excellent Developer (and nothing else)."""
    make_profile(applicant)
    excellent_evidence(applicant)
    return applicant


def verdicts(person):
    return dict(Eligibility.objects.filter(person=person).values_list("tier__slug", "eligible"))


def test_eligibility_is_the_engines_verdict_on_stored_evidence(ready, other_applicant):
    make_evidence(other_applicant, "tech_article")

    assert services.eligibility_refresh() == 2

    # The same verdicts the applicant's own eligibility page computes live.
    for person in (ready, other_applicant):
        assert verdicts(person) == {
            row.tier.slug: row.evaluation.eligible for row in eligibility_of(person)
        }
    assert verdicts(ready)["excellent-developer"] is True
    assert verdicts(ready)["senior-developer"] is False
    assert verdicts(other_applicant)["excellent-developer"] is False


def test_evidence_a_reviewer_rejected_no_longer_makes_anyone_eligible(ready):
    Evidence.objects.filter(owner=ready, kind="doc_contribution").update(verification="rejected")

    services.eligibility_refresh(person_ids=[ready.pk])

    assert verdicts(ready)["excellent-developer"] is False


def test_people_whose_evidence_is_gone_leave_the_table(ready):
    services.eligibility_refresh()
    Evidence.objects.filter(owner=ready).delete()

    services.eligibility_refresh(person_ids=[ready.pk])

    assert not Eligibility.objects.exists()


def test_the_funnel_counts_evidence_eligible_applied_certified(ready, other_applicant, reviewer):
    make_evidence(other_applicant, "tech_article")
    application_submit(
        applicant=ready,
        tier=tier("excellent-developer"),
        evidence=Evidence.objects.filter(owner=ready),
    )
    Certification.objects.create(person=UserFactory(), tier=tier("excellent-developer"))
    services.eligibility_refresh()
    services.snapshot_refresh()

    funnel = series(dashboard(track="developer").chart("funnel"))

    assert funnel == {
        "People with evidence": [2, 2],
        "Eligible": [1, 0],
        "Applied": [1, 0],
        "Certified": [1, 0],
    }


def test_the_funnel_says_when_it_was_computed_and_never_computes_per_request(
    ready, django_assert_num_queries
):
    chart = dashboard().chart("funnel")
    assert "Not computed yet" in chart.description

    services.eligibility_refresh()
    services.snapshot_refresh()
    view = dashboard()
    with django_assert_num_queries(1):  # the snapshot row only: no engine, no evidence
        chart = view.chart("funnel")
    assert "As of" in chart.description


def test_people_snapshot_counts_each_person_once_per_scope(db):
    from tests.factories import make_person

    both = make_person("li", organisation="Huawei", city="Shenzhen")
    Certification.objects.create(person=both, tier=tier("senior-developer"))
    make_person("wu", consent=False, organisation=" Huawei ", city="Hangzhou")
    chinese = make_person("xu", slug="evangelist", organisation="", city="Shenzhen")
    chinese.language = "zh-hans"
    chinese.save()
    Certification.objects.create(
        person=chinese,
        tier=tier("evangelist-reserve"),
        expires_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    services.snapshot_refresh()

    everyone = dashboard()
    assert series(everyone.chart("consent"))["People"] == [2, 1]
    assert everyone.chart("languages").categories == ["English", "Simplified Chinese"]
    assert series(everyone.chart("languages"))["People"] == [2, 1]
    assert everyone.chart("organisations").categories == ["Huawei"]
    assert series(everyone.chart("organisations"))["People"] == [2]
    assert series(everyone.chart("cities"))["People"] == [2, 1]
    assert everyone.expiring == 1
    developers = dashboard(track="developer")
    assert series(developers.chart("consent"))["People"] == [1, 1]
    assert developers.expiring == 0


def test_a_decision_refreshes_todays_rollup_after_it_commits(
    ready, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(
            applicant=ready,
            tier=tier("excellent-developer"),
            evidence=Evidence.objects.filter(owner=ready),
        )
    today = services.today()
    assert TierDay.objects.get(day=today).submitted == 1

    with django_capture_on_commit_callbacks(execute=True):
        review_claim(application=application, reviewer=reviewer)
        review_decide(application=application, reviewer=reviewer, decision="approve")

    row = TierDay.objects.get(day=today)
    assert (row.submitted, row.approved, row.certified) == (1, 1, 1)
    month = f"{today:%Y-%m}"
    own = dashboard(month, month, view=View.OWN_WORK, viewer=reviewer).chart("my_decisions")
    assert series(own)["Approved"] == [1]
    assert Snapshot.objects.filter(name="people").exists()


def test_nothing_is_refreshed_when_the_change_rolls_back(ready, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        application_submit(
            applicant=ready,
            tier=tier("excellent-developer"),
            evidence=Evidence.objects.filter(owner=ready),
        )
        raise RuntimeError

    assert callbacks == []
    assert not TierDay.objects.exists()


def test_a_burst_of_changes_queues_one_refresh_per_day(
    ready, reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    from insights import tasks

    queued = []
    monkeypatch.setattr(tasks.refresh_day, "apply_async", lambda **kw: queued.append(kw["args"]))
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(
            applicant=ready,
            tier=tier("excellent-developer"),
            evidence=Evidence.objects.filter(owner=ready),
        )
        review_claim(application=application, reviewer=reviewer)
        review_decide(application=application, reviewer=reviewer, decision="approve")

    assert queued == [(services.today().isoformat(),)]


def test_the_rebuild_command_recomputes_everything(history, capsys):
    from django.core.management import call_command

    call_command("insights_rebuild")

    assert TierDay.objects.filter(submitted__gt=0).count() == 5
    assert Snapshot.objects.count() == 3
    # Days with something on them: 01-10, 01-12, 01-20, 01-30, 02-01, 02-02, 02-05, 02-06,
    # 02-10, 02-11 and 03-01.
    assert "Rebuilt 11 tier-day rows" in capsys.readouterr().out
