"""The one home of the reviewer's rules (``reviews.rules``): the predicate, the query, the
refusals the services raise and the actions the review page offers all say the same thing."""

import pytest

from applications.models import Application
from applications.models.application import State
from applications.workflow import MOVES, Action, comment_required
from mindspore_growth.errors import IllegalTransition, NotAllowed
from reviews import services
from reviews.errors import AlreadyDecided, ClaimedByOther, Conflicted
from reviews.forms import BulkForm, DecisionForm
from reviews.models import ConflictOfInterest, Review, ReviewClaim
from reviews.rules import (
    ReviewAction,
    decision_needs_comment,
    may_review,
    refusal,
    review_actions,
    reviewable_by,
)
from tests.factories import set_state, submitted

pytestmark = pytest.mark.django_db

A = ReviewAction
STATES = [
    "draft",
    "withdrawn-draft",
    State.SUBMITTED,
    State.IN_REVIEW,
    State.APPROVED,
    State.REJECTED,
    State.CHANGES_REQUESTED,
    State.WITHDRAWN,
]


@pytest.fixture
def people(applicant, other_applicant, reviewer, second_reviewer, staff):
    conflicted = second_reviewer
    ConflictOfInterest.objects.create(reviewer=conflicted, applicant=applicant)
    return {
        "stranger": other_applicant,
        "reviewer": reviewer,
        "staff": staff,
        "conflicted": conflicted,
        "applicant": applicant,
    }


def arranged(applicant, state, claimer=None):
    application = submitted(applicant)
    if state in ("draft", "withdrawn-draft"):
        # Arranging: a row that was never submitted.
        Application.objects.filter(pk=application.pk).update(submitted_at=None)
        state = State.DRAFT if state == "draft" else State.WITHDRAWN
    application = set_state(application, state)
    if claimer is not None:
        ReviewClaim.objects.create(application=application, reviewer=claimer)
    return application


# What the rules say for one person and one application, by (who, state): the refusal's class
# for each action, None when allowed.
def expected(who, state, action, *, claimed_by_other=False):
    if who in ("stranger", "applicant") or state in ("draft", "withdrawn-draft"):
        return NotAllowed
    if who == "conflicted":
        return Conflicted
    if action in (A.VIEW, A.NOTE):
        return None
    if action is A.TRAIL:
        return None if who == "staff" else NotAllowed
    if action is A.JUDGE:
        if state != State.IN_REVIEW:
            return IllegalTransition
        return ClaimedByOther if claimed_by_other and who != "staff" else None
    if state != State.SUBMITTED and state != State.IN_REVIEW:
        return AlreadyDecided
    if action is A.CLAIM:
        return ClaimedByOther if state == State.IN_REVIEW else None
    if action is A.REASSIGN:
        return None if who == "staff" else NotAllowed
    if state != State.IN_REVIEW:
        return IllegalTransition
    return ClaimedByOther if claimed_by_other and who != "staff" else None


WHO = ["stranger", "applicant", "reviewer", "staff", "conflicted"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("claimed_by_other", [False, True])
def test_refusals_and_page_actions_follow_one_table(people, third_party, state, claimed_by_other):
    in_review = state == State.IN_REVIEW
    claimer = third_party if in_review and claimed_by_other else None
    application = arranged(people["applicant"], state, claimer)
    for who in WHO:
        user = people[who]
        for action in ReviewAction:
            want = expected(who, state, action, claimed_by_other=claimer is not None)
            got = refusal(user, application, action)
            assert type(got) is (want or type(None)), (who, state, action, got)
        allowed = {
            a
            for a in ReviewAction
            if expected(who, state, a, claimed_by_other=bool(claimer)) is None
        }
        assert review_actions(user, application) == allowed, (who, state)


@pytest.fixture
def third_party(db):
    from tests.factories import reviewer_factory

    return reviewer_factory(email="third@example.org")


@pytest.mark.parametrize("state", STATES)
def test_the_query_and_the_predicate_agree(people, state):
    application = arranged(people["applicant"], state)
    orphan = arranged(people["stranger"], State.SUBMITTED)
    Application.objects.filter(pk=orphan.pk).update(applicant=None)  # account deleted
    orphan.refresh_from_db()
    for who in WHO:
        user = people[who]
        listed = set(reviewable_by(user).values_list("pk", flat=True))
        for candidate in (application, orphan):
            assert (candidate.pk in listed) is may_review(user, candidate), (who, state)


def test_anonymous_people_may_review_nothing(application):
    from django.contrib.auth.models import AnonymousUser

    assert not may_review(AnonymousUser(), application)
    assert not reviewable_by(AnonymousUser()).exists()


@pytest.mark.parametrize(
    "call",
    [
        lambda app, user: services.review_claim(application=app, reviewer=user),
        lambda app, user: services.review_note(application=app, reviewer=user, note="Hi."),
        lambda app, user: services.review_release(application=app, actor=user),
        lambda app, user: services.review_decide(
            application=app, reviewer=user, decision="approve"
        ),
        lambda app, user: services.evidence_judge(
            application=app,
            reviewer=user,
            evidence_id=app.evidence.first().pk,
            verdict="verified",
        ),
    ],
    ids=["claim", "note", "release", "decide", "judge"],
)
def test_a_person_who_does_not_review_is_refused_by_every_service(
    application, other_applicant, reviewer, call
):
    """The workflow lets anyone but the applicant make a reviewer's move: the services must
    refuse people who do not review, whatever the state."""
    services.review_claim(application=application, reviewer=reviewer)
    application.refresh_from_db()

    with pytest.raises(NotAllowed):
        call(application, other_applicant)
    assert list(application.events.values_list("action", flat=True)) == [
        "create",
        "submit",
        "claim",
    ]


def test_staff_cannot_reassign_their_own_application(staff, reviewer):
    own = submitted(staff)

    with pytest.raises(NotAllowed):
        services.review_reassign(application=own, actor=staff, reviewer=reviewer)
    assert Application.objects.get(pk=own.pk).state == State.SUBMITTED


# "A comment is required": the workflow's table is the one home; decisions and forms ask it.
def test_the_decisions_that_need_a_comment_are_the_moves_that_do():
    by_table = {action for action, move in MOVES.items() if move.needs_comment}
    assert by_table == {Action.REJECT, Action.REQUEST_CHANGES}
    assert {d for d in Review.Decision if decision_needs_comment(d)} == {
        Review.Decision.REJECT,
        Review.Decision.REQUEST_CHANGES,
    }
    assert all(comment_required(action) == (action in by_table) for action in Action)


@pytest.mark.parametrize("decision", list(Review.Decision))
def test_the_decision_form_asks_for_a_comment_exactly_when_the_rule_does(decision):
    form = DecisionForm({"decision": decision, "comment": "  "})

    assert form.is_valid() is not decision_needs_comment(decision)
    assert ("comment" in form.errors) is decision_needs_comment(decision)


@pytest.mark.parametrize("action", ["release", "request_changes"])
def test_the_bulk_form_asks_for_a_comment_exactly_when_the_rule_does(action):
    form = BulkForm({"action": action, "comment": ""})

    assert ("comment" in form.errors) is (action == "request_changes")
