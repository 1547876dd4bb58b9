"""The state machine, table-driven: every state × every action × each side of the application.

The workflow keeps the applicant's moves to the applicant and the reviewer's moves to anyone
else; who among the others may review is the reviews app's rule (tests/reviews/test_rules.py).
"""

import pytest
from django.core import mail

from applications.errors import StaleState
from applications.models import Application, ApplicationEvent
from applications.models.application import State
from applications.workflow import MOVES, Action, application_transition
from mindspore_growth.errors import IllegalTransition, NotAllowed
from tests.factories import set_state

pytestmark = pytest.mark.django_db

ALLOWED = {
    # (from state, action): role that may do it
    (State.DRAFT, Action.SUBMIT): "owner",
    (State.CHANGES_REQUESTED, Action.RESUBMIT): "owner",
    (State.DRAFT, Action.WITHDRAW): "owner",
    (State.SUBMITTED, Action.WITHDRAW): "owner",
    (State.CHANGES_REQUESTED, Action.WITHDRAW): "owner",
    (State.SUBMITTED, Action.CLAIM): "other",
    (State.IN_REVIEW, Action.RELEASE): "other",
    (State.IN_REVIEW, Action.APPROVE): "other",
    (State.IN_REVIEW, Action.REJECT): "other",
    (State.IN_REVIEW, Action.REQUEST_CHANGES): "other",
}
TARGET = {
    Action.SUBMIT: State.SUBMITTED,
    Action.RESUBMIT: State.SUBMITTED,
    Action.WITHDRAW: State.WITHDRAWN,
    Action.CLAIM: State.IN_REVIEW,
    Action.RELEASE: State.SUBMITTED,
    Action.APPROVE: State.APPROVED,
    Action.REJECT: State.REJECTED,
    Action.REQUEST_CHANGES: State.CHANGES_REQUESTED,
}
ROLES = ["owner", "stranger", "reviewer", "staff"]
CASES = [(state, action, role) for state in State for action in Action for role in ROLES]


def test_the_table_matches_the_architecture():
    table = {(s, a) for a, move in MOVES.items() for s in move.sources}
    assert table == set(ALLOWED)
    assert {a: m.target for a, m in MOVES.items()} == TARGET


@pytest.fixture
def actors(applicant, other_applicant, reviewer, staff):
    return {"owner": applicant, "stranger": other_applicant, "reviewer": reviewer, "staff": staff}


@pytest.mark.parametrize(("state", "action", "role"), CASES)
def test_transition(state, action, role, actors, excellent):
    application = set_state(
        Application.objects.create(applicant=actors["owner"], tier=excellent), state
    )
    actor = actors[role]
    expected_role = ALLOWED.get((state, action))
    allowed = expected_role == role or (expected_role == "other" and role != "owner")

    if allowed:
        application_transition(
            application=application, action=action, actor=actor, comment="Because."
        )
        application.refresh_from_db()
        assert application.state == TARGET[action]
        event = ApplicationEvent.objects.get(application=application)
        assert (event.from_state, event.to_state, event.actor) == (state, TARGET[action], actor)
    else:
        with pytest.raises((NotAllowed, IllegalTransition)):
            application_transition(
                application=application, action=action, actor=actor, comment="Because."
            )
        application.refresh_from_db()
        assert application.state == state
        assert not ApplicationEvent.objects.filter(application=application).exists()


def test_a_reviewer_cannot_decide_their_own_application(reviewer, excellent):
    application = set_state(
        Application.objects.create(applicant=reviewer, tier=excellent), State.IN_REVIEW
    )

    with pytest.raises(NotAllowed):
        application_transition(application=application, action=Action.APPROVE, actor=reviewer)


@pytest.mark.parametrize("action", [Action.REJECT, Action.REQUEST_CHANGES])
def test_reject_and_request_changes_need_a_comment(action, applicant, reviewer, excellent):
    application = set_state(
        Application.objects.create(applicant=applicant, tier=excellent), State.IN_REVIEW
    )

    with pytest.raises(IllegalTransition, match="comment"):
        application_transition(application=application, action=action, actor=reviewer, comment=" ")
    assert Application.objects.get(pk=application.pk).state == State.IN_REVIEW


def test_a_stale_read_loses_to_the_first_decision(applicant, reviewer, second_reviewer, excellent):
    application = set_state(
        Application.objects.create(applicant=applicant, tier=excellent), State.IN_REVIEW
    )
    stale_copy = Application.objects.get(pk=application.pk)
    application_transition(application=application, action=Action.APPROVE, actor=reviewer)

    with pytest.raises(StaleState):
        application_transition(
            application=stale_copy, action=Action.REJECT, actor=second_reviewer, comment="No."
        )
    assert Application.objects.get(pk=application.pk).state == State.APPROVED
    assert ApplicationEvent.objects.filter(application=application).count() == 1


def test_events_are_append_only(applicant, excellent):
    application = Application.objects.create(applicant=applicant, tier=excellent)
    event = application_transition(application=application, action=Action.SUBMIT, actor=applicant)

    event.comment = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_a_decision_sends_exactly_one_email_in_the_applicants_language_after_commit(
    applicant, reviewer, excellent, django_capture_on_commit_callbacks
):
    applicant.language = "zh-hans"
    applicant.save()
    application = set_state(
        Application.objects.create(applicant=applicant, tier=excellent), State.IN_REVIEW
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application_transition(
            application=application,
            action=Action.REQUEST_CHANGES,
            actor=reviewer,
            comment="Please add the link to your merged PR.",
        )
    assert mail.outbox == []  # nothing leaves before the transaction commits

    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert "优秀开发者" in message.subject
    assert "Please add the link to your merged PR." in message.body
