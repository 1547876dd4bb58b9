"""Submitting an application: the refusals, and what is stored with it."""

import threading

import pytest
from django.db import connection

from applications.errors import ApplicationRefused
from applications.models import Application, ApplicationEvent
from applications.models.application import State
from applications.services import application_submit, application_update, application_withdraw
from criteria.models import Tier
from mindspore_growth.errors import NotAllowed
from tests.factories import certify, excellent_evidence, make_evidence, make_profile, set_state

pytestmark = pytest.mark.django_db


def test_submitting_stores_the_evaluation_and_rule_set_version(ready_applicant, excellent):
    application = application_submit(
        applicant=ready_applicant,
        tier=excellent,
        evidence=ready_applicant.test_evidence,
        statement="I wrote the docs.",
    )

    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.submitted_at is not None
    assert application.rules_met is True
    assert application.evaluation["eligible"] is True
    assert application.evaluation["tier"] == "excellent-developer"
    assert application.ruleset.tier == excellent
    assert application.ruleset.version >= 1
    assert set(application.evidence.all()) == set(ready_applicant.test_evidence)
    actions = list(application.events.values_list("action", flat=True))
    assert actions == ["create", "submit"]


def test_refused_when_the_rules_are_not_met(ready_applicant, excellent):
    only_docs = [e for e in ready_applicant.test_evidence if e.kind == "doc_contribution"]

    with pytest.raises(ApplicationRefused, match="not met"):
        application_submit(applicant=ready_applicant, tier=excellent, evidence=only_docs)
    assert not Application.objects.exists()


def test_a_tier_can_allow_applications_that_do_not_meet_the_rules(ready_applicant, excellent):
    Tier.objects.filter(pk=excellent.pk).update(require_rules_met=False)
    excellent.refresh_from_db()

    application = application_submit(applicant=ready_applicant, tier=excellent, evidence=[])

    assert application.state == State.SUBMITTED
    assert application.rules_met is False


def test_refused_when_one_is_already_pending_for_the_tier(ready_applicant, excellent):
    application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )

    with pytest.raises(ApplicationRefused, match="in progress"):
        application_submit(
            applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
        )
    assert Application.objects.count() == 1


def test_refused_when_the_applicant_already_holds_the_tier(ready_applicant, excellent):
    held = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )
    certify(application=held)

    with pytest.raises(ApplicationRefused, match="already hold"):
        application_submit(
            applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
        )


def test_refused_for_a_tier_that_is_not_certifiable(ready_applicant):
    with pytest.raises(ApplicationRefused):
        application_submit(
            applicant=ready_applicant, tier=Tier.objects.get(slug="developer"), evidence=[]
        )


def test_refused_without_a_profile(applicant, excellent):
    evidence = excellent_evidence(applicant)

    with pytest.raises(ApplicationRefused, match="profile"):
        application_submit(applicant=applicant, tier=excellent, evidence=evidence)


def test_another_persons_evidence_is_refused(ready_applicant, other_applicant, excellent):
    theirs = excellent_evidence(other_applicant)

    with pytest.raises(NotAllowed):
        application_submit(applicant=ready_applicant, tier=excellent, evidence=theirs)
    assert not Application.objects.exists()


def test_a_draft_can_be_saved_without_meeting_the_rules_then_submitted(ready_applicant, excellent):
    draft = application_submit(applicant=ready_applicant, tier=excellent, evidence=[], draft=True)
    assert draft.state == State.DRAFT

    application_update(
        application=draft,
        actor=ready_applicant,
        evidence=ready_applicant.test_evidence,
        statement="Now complete.",
    )

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert draft.statement == "Now complete."


def test_resubmitting_after_changes_requested(ready_applicant, excellent):
    application = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )
    set_state(application, State.CHANGES_REQUESTED)
    extra = make_evidence(ready_applicant, "sharing_session")

    application_update(
        application=application,
        actor=ready_applicant,
        evidence=[*ready_applicant.test_evidence, extra],
        statement="Added my talk.",
    )

    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert extra in application.evidence.all()
    assert application.events.last().action == "resubmit"


def test_withdrawing_frees_the_tier_for_a_new_application(ready_applicant, excellent):
    first = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )
    application_withdraw(application=first, actor=ready_applicant)

    second = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )

    assert second.pk != first.pk
    assert Application.objects.get(pk=first.pk).state == State.WITHDRAWN


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_creates_one_application(seed_programme, applicant):
    make_profile(applicant)
    evidence = excellent_evidence(applicant)
    tier = Tier.objects.get(slug="excellent-developer")
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            application_submit(applicant=applicant, tier=tier, evidence=evidence)
            outcomes.append("ok")
        except ApplicationRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "refused"]
    assert Application.objects.filter(applicant=applicant, tier=tier).count() == 1
    assert ApplicationEvent.objects.filter(action="submit").count() == 1
