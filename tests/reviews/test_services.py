"""Claim, release, decide, note, reassign, bulk and conflicts: the rules reviewers work under."""

import pytest

from applications.models import Application, ApplicationEvent
from applications.models.application import State
from honor_wall.models import Certification
from mindspore_growth.errors import IllegalTransition, NotAllowed
from reviews import services
from reviews.errors import AlreadyApproved, AlreadyDecided, BulkRefused, ClaimedByOther, Conflicted
from reviews.models import Review, ReviewClaim
from tests.factories import reviewer_factory, submitted

pytestmark = pytest.mark.django_db


def decide(application, reviewer, decision, comment="", note=""):
    return services.review_decide(
        application=application, reviewer=reviewer, decision=decision, comment=comment, note=note
    )


def state(application):
    return Application.objects.get(pk=application.pk).state


def claimed(application, reviewer):
    services.review_claim(application=application, reviewer=reviewer)
    application.refresh_from_db()
    return application


def test_claim_moves_it_into_review_and_records_who(application, reviewer):
    services.review_claim(application=application, reviewer=reviewer)

    assert state(application) == State.IN_REVIEW
    assert ReviewClaim.objects.get(application=application).reviewer == reviewer
    assert ApplicationEvent.objects.filter(application=application, action="claim").count() == 1


def test_a_second_claim_is_refused(application, reviewer, second_reviewer):
    claimed(application, reviewer)

    with pytest.raises(ClaimedByOther):
        services.review_claim(application=application, reviewer=second_reviewer)


def test_nobody_reviews_their_own_application(reviewer):
    own = submitted(reviewer)

    with pytest.raises(NotAllowed):
        services.review_claim(application=own, reviewer=reviewer)
    assert state(own) == State.SUBMITTED


def test_an_applicant_cannot_claim(application, other_applicant):
    with pytest.raises(NotAllowed):
        services.review_claim(application=application, reviewer=other_applicant)


def test_a_declared_conflict_refuses_and_hides(application, applicant, reviewer):
    from reviews.selectors import queue

    services.conflict_declare(reviewer=reviewer, applicant=applicant, reason="same team")

    with pytest.raises(Conflicted):
        services.review_claim(application=application, reviewer=reviewer)
    assert not queue(reviewer).filter(pk=application.pk).exists()


def test_declaring_a_conflict_releases_my_claims_on_them(application, applicant, reviewer):
    claimed(application, reviewer)

    services.conflict_declare(reviewer=reviewer, applicant=applicant)

    assert state(application) == State.SUBMITTED
    assert not ReviewClaim.objects.exists()


def test_approve_on_a_one_approval_tier_certifies(application, reviewer):
    claimed(application, reviewer)

    decide(application, reviewer, "approve", comment="Well done")

    assert state(application) == State.APPROVED
    certification = Certification.objects.get()
    assert certification.person == application.applicant
    assert list(certification.approvers.all()) == [reviewer]
    assert certification.ruleset == application.ruleset
    assert not ReviewClaim.objects.exists()


@pytest.mark.parametrize(
    ("decision", "target"),
    [("reject", State.REJECTED), ("request_changes", State.CHANGES_REQUESTED)],
)
def test_reject_and_request_changes_decide_at_once_with_a_comment(
    application, reviewer, decision, target
):
    claimed(application, reviewer)

    decide(application, reviewer, decision, comment="The article is not about MindSpore.")

    assert state(application) == target
    event = ApplicationEvent.objects.filter(application=application).last()
    assert event.comment == "The article is not about MindSpore."
    assert not Certification.objects.exists()


@pytest.mark.parametrize("decision", ["reject", "request_changes"])
def test_reject_and_request_changes_need_a_comment(application, reviewer, decision):
    claimed(application, reviewer)

    with pytest.raises(IllegalTransition, match="comment"):
        decide(application, reviewer, decision, comment="  ")
    assert state(application) == State.IN_REVIEW
    assert not Review.objects.exists()


def test_deciding_needs_a_claim_first(application, reviewer):
    with pytest.raises(IllegalTransition):
        decide(application, reviewer, "approve")


def test_another_reviewers_claim_cannot_be_decided_by_me(application, reviewer, second_reviewer):
    claimed(application, reviewer)

    with pytest.raises(ClaimedByOther):
        decide(application, second_reviewer, "approve")


def test_staff_may_decide_on_anyones_claim(application, reviewer, staff):
    claimed(application, reviewer)

    decide(application, staff, "approve")

    assert state(application) == State.APPROVED


def test_a_decided_application_says_already_decided(application, reviewer):
    claimed(application, reviewer)
    decide(application, reviewer, "approve")

    with pytest.raises(AlreadyDecided):
        decide(application, reviewer, "reject", comment="no")
    assert Certification.objects.count() == 1


def test_senior_needs_two_different_reviewers(senior_application, reviewer, second_reviewer):
    application = claimed(senior_application, reviewer)
    decide(application, reviewer, "approve", note="first look: fine")

    assert state(application) == State.SUBMITTED  # back in the queue for the second reviewer
    assert not Certification.objects.exists()

    application = claimed(application, second_reviewer)
    decide(application, second_reviewer, "approve")

    assert state(application) == State.APPROVED
    certification = Certification.objects.get()
    assert set(certification.approvers.all()) == {reviewer, second_reviewer}


def test_the_same_reviewer_cannot_approve_twice(senior_application, reviewer):
    application = claimed(senior_application, reviewer)
    decide(application, reviewer, "approve")
    application = claimed(application, reviewer)

    with pytest.raises(AlreadyApproved):
        decide(application, reviewer, "approve")
    assert state(application) == State.IN_REVIEW
    assert not Certification.objects.exists()


def test_a_rejection_after_one_approval_decides(senior_application, reviewer, second_reviewer):
    application = claimed(senior_application, reviewer)
    decide(application, reviewer, "approve")
    application = claimed(application, second_reviewer)

    decide(application, second_reviewer, "reject", comment="The PR was reverted.")

    assert state(application) == State.REJECTED
    assert not Certification.objects.exists()


def test_approvals_of_an_earlier_round_do_not_count(
    senior_application, applicant, reviewer, second_reviewer
):
    from applications.services import application_update

    application = claimed(senior_application, reviewer)
    decide(application, reviewer, "approve")
    application = claimed(application, second_reviewer)
    decide(application, second_reviewer, "request_changes", comment="Add the design doc.")
    application.refresh_from_db()
    application_update(
        application=application,
        actor=applicant,
        evidence=list(application.evidence.all()),
        statement="Added it.",
    )
    application = claimed(application, second_reviewer)

    decide(application, second_reviewer, "approve")

    assert state(application) == State.SUBMITTED  # one approval this round, two needed


def test_abstain_puts_it_back_without_deciding(application, reviewer):
    claimed(application, reviewer)

    decide(application, reviewer, "abstain", note="I know this person.")

    assert state(application) == State.SUBMITTED
    assert ApplicationEvent.objects.filter(action="abstain", note="I know this person.").exists()


def test_release_by_the_claimer_or_staff_only(application, reviewer, second_reviewer, staff):
    claimed(application, reviewer)

    with pytest.raises(ClaimedByOther):
        services.review_release(application=application, actor=second_reviewer)
    services.review_release(application=application, actor=staff)

    assert state(application) == State.SUBMITTED


def test_notes_are_internal_events(application, reviewer):
    services.review_note(application=application, reviewer=reviewer, note="Checked the PR.")

    event = ApplicationEvent.objects.get(action="note")
    assert event.note == "Checked the PR." and not event.shown_to_applicant


def test_staff_reassign_a_waiting_application(application, staff, second_reviewer):
    services.review_reassign(application=application, actor=staff, reviewer=second_reviewer)

    assert state(application) == State.IN_REVIEW
    assert ReviewClaim.objects.get(application=application).reviewer == second_reviewer
    assert ApplicationEvent.objects.filter(action="reassign").exists()


def test_only_staff_reassign(application, reviewer, second_reviewer):
    with pytest.raises(NotAllowed):
        services.review_reassign(application=application, actor=reviewer, reviewer=second_reviewer)


def test_reassign_never_to_the_applicant_themself(staff):
    own = submitted(reviewer_factory(email="both@example.org"))

    with pytest.raises(NotAllowed):
        services.review_reassign(application=own, actor=staff, reviewer=own.applicant)


def test_bulk_release_checks_each_and_changes_all(applicant, other_applicant, reviewer, staff):
    first, second = (
        claimed(submitted(applicant), reviewer),
        claimed(submitted(other_applicant), reviewer),
    )

    services.reviews_bulk(actor=staff, applications=[first, second], action="release")

    assert {state(first), state(second)} == {State.SUBMITTED}


def test_bulk_changes_nothing_when_one_is_refused(applicant, other_applicant, reviewer, staff):
    waiting = claimed(submitted(applicant), reviewer)
    decided = claimed(submitted(other_applicant), reviewer)
    decide(decided, reviewer, "approve")

    with pytest.raises(BulkRefused) as error:
        services.reviews_bulk(actor=staff, applications=[waiting, decided], action="release")

    assert [app.pk for app, _message in error.value.failures] == [decided.pk]
    assert state(waiting) == State.IN_REVIEW  # rolled back with the rest
    assert ApplicationEvent.objects.filter(application=waiting, action="release").count() == 0


def test_bulk_request_changes_by_staff(applicant, other_applicant, staff):
    first, second = submitted(applicant), submitted(other_applicant)

    services.reviews_bulk(
        actor=staff,
        applications=[first, second],
        action="request_changes",
        comment="Please link each PR.",
    )

    assert {state(first), state(second)} == {State.CHANGES_REQUESTED}


def test_bulk_is_for_staff_only(application, reviewer):
    with pytest.raises(NotAllowed):
        services.reviews_bulk(actor=reviewer, applications=[application], action="release")


def test_every_step_leaves_an_event_in_order(application, reviewer):
    claimed(application, reviewer)
    services.review_note(application=application, reviewer=reviewer, note="ok")
    decide(application, reviewer, "approve")

    actions = list(
        ApplicationEvent.objects.filter(application=application).values_list("action", flat=True)
    )
    assert actions == ["create", "submit", "claim", "note", "approve"]


def test_decision_sends_the_applicant_one_email(
    application, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    claimed(application, reviewer)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(application, reviewer, "request_changes", comment="Add a link.")

    assert len(mailoutbox) == 1
    assert "Add a link." in mailoutbox[0].body


def test_a_reviewer_rejects_evidence_and_it_stops_counting(application, reviewer):
    from applications.models import Evidence

    claimed(application, reviewer)
    docs = application.evidence.get(kind="doc_contribution")

    services.evidence_judge(
        application=application, reviewer=reviewer, evidence_id=docs.pk, verdict="rejected"
    )

    docs.refresh_from_db()
    assert docs.verification == Evidence.Verification.REJECTED
    assert ApplicationEvent.objects.filter(action="evidence_rejected", note=docs.title).exists()
    from reviews.selectors import compare_evaluations

    comparison = compare_evaluations(Application.objects.get(pk=application.pk))
    assert comparison.stored.eligible and not comparison.now.eligible
    assert comparison.changed


def test_only_the_applications_own_evidence_can_be_judged(application, reviewer, other_applicant):
    from tests.factories import make_evidence

    foreign = make_evidence(other_applicant, "tech_article")
    claimed(application, reviewer)

    with pytest.raises(NotAllowed):
        services.evidence_judge(
            application=application, reviewer=reviewer, evidence_id=foreign.pk, verdict="verified"
        )


def test_an_applicant_cannot_judge_evidence(application, other_applicant):
    with pytest.raises(NotAllowed):
        services.evidence_judge(
            application=application,
            reviewer=other_applicant,
            evidence_id=application.evidence.first().pk,
            verdict="verified",
        )


def test_judging_evidence_needs_the_claim(application, reviewer, second_reviewer):
    claimed(application, reviewer)

    with pytest.raises(ClaimedByOther):
        services.evidence_judge(
            application=application,
            reviewer=second_reviewer,
            evidence_id=application.evidence.first().pk,
            verdict="rejected",
        )


@pytest.mark.parametrize("act", ["judge", "note"])
def test_a_draft_is_the_applicants_alone_even_for_the_services(applicant, reviewer, act):
    from applications.services import application_submit
    from criteria.models import Tier
    from tests.factories import excellent_evidence, make_profile

    make_profile(applicant)
    draft = application_submit(
        applicant=applicant,
        tier=Tier.objects.get(slug="excellent-developer"),
        evidence=excellent_evidence(applicant),
        draft=True,
    )

    with pytest.raises(NotAllowed):
        if act == "judge":
            services.evidence_judge(
                application=draft,
                reviewer=reviewer,
                evidence_id=draft.evidence.first().pk,
                verdict="rejected",
            )
        else:
            services.review_note(application=draft, reviewer=reviewer, note="Peeked.")
    assert list(draft.events.values_list("action", flat=True)) == ["create"]
    assert not draft.evidence.filter(verification="rejected").exists()
