"""Every action on an application's trail comes from the vocabulary of the app that writes it
(applications: ``Action`` and ``Record``; reviews: ``ReviewEvent``) and reads in both languages."""

import pytest
from django.utils import translation

from applications.models import ApplicationEvent
from applications.services import application_update, application_withdraw
from applications.workflow import Action, Record, application_record
from reviews import services
from reviews.models import ReviewEvent
from reviews.selectors import TRAIL_LABELS, trail
from tests.factories import submitted

pytestmark = pytest.mark.django_db

VOCABULARIES = (Action, Record, ReviewEvent)


def decide(application, reviewer, decision, comment=""):
    services.review_decide(
        application=application, reviewer=reviewer, decision=decision, comment=comment
    )
    application.refresh_from_db()


def claim(application, reviewer):
    services.review_claim(application=application, reviewer=reviewer)
    application.refresh_from_db()


def test_every_action_the_code_writes_is_one_of_the_vocabularies_and_each_is_written(
    applicant, other_applicant, reviewer, second_reviewer, staff
):
    senior = submitted(applicant, "senior-developer")  # create, submit
    claim(senior, reviewer)  # claim
    services.review_note(application=senior, reviewer=reviewer, note="Links work.")  # note
    first = senior.evidence.order_by("pk").first()
    services.evidence_judge(
        application=senior, reviewer=reviewer, evidence_id=first.pk, verdict="verified"
    )  # evidence_verified
    decide(senior, reviewer, "abstain")  # abstain, release
    services.review_reassign(application=senior, actor=staff, reviewer=reviewer)  # reassign
    senior.refresh_from_db()
    decide(senior, reviewer, "approve")  # approval (one of two), release
    claim(senior, second_reviewer)
    decide(senior, second_reviewer, "request_changes", comment="Add the design doc.")
    application_update(
        application=senior, actor=applicant, evidence=senior.evidence.all(), statement="Again."
    )  # resubmit
    senior.refresh_from_db()
    claim(senior, reviewer)
    decide(senior, reviewer, "approve")
    claim(senior, second_reviewer)
    decide(senior, second_reviewer, "approve")  # approve

    other = submitted(other_applicant)
    claim(other, reviewer)
    docs = other.evidence.get(kind="doc_contribution")
    services.evidence_judge(
        application=other, reviewer=reviewer, evidence_id=docs.pk, verdict="rejected"
    )  # evidence_rejected
    decide(other, reviewer, "reject", comment="The document is not yours.")  # reject

    draft = submitted(draft=True)
    application_withdraw(application=draft, actor=draft.applicant)  # withdraw

    written = set(ApplicationEvent.objects.values_list("action", flat=True))
    assert written == {value for vocabulary in VOCABULARIES for value in vocabulary.values}
    assert written == set(TRAIL_LABELS)


def test_no_two_apps_claim_the_same_action():
    values = [value for vocabulary in VOCABULARIES for value in vocabulary.values]
    assert len(values) == len(set(values)) == len(TRAIL_LABELS)


@pytest.mark.parametrize("action", sorted(TRAIL_LABELS))
def test_every_action_has_a_label_in_english_and_chinese(action):
    with translation.override("en"):
        english = str(TRAIL_LABELS[action])
    with translation.override("zh-hans"):
        chinese = str(TRAIL_LABELS[action])
    assert english and english != action
    assert chinese and chinese != english


def test_free_text_is_refused_as_an_action(application, reviewer):
    with pytest.raises(TypeError):
        application_record(application=application, actor=reviewer, action="note")
    assert not application.events.filter(action="note").exists()


def test_the_trail_labels_each_event_in_the_readers_language(application, reviewer):
    claim(application, reviewer)
    services.review_note(application=application, reviewer=reviewer, note="Checked.")

    with translation.override("en"):
        labels = [str(event.label) for event in trail(application)]
    assert labels == ["Created", "Submitted", "Claimed for review", "Internal note"]
    with translation.override("zh-hans"):
        chinese = [str(event.label) for event in trail(application)]
    assert chinese != labels and all(chinese)
