"""After a reviewer asks for changes and the applicant resubmits, the review page says what
changed: evidence added, evidence removed, the statement before its edit."""

import pytest

from applications.services import application_submit, application_update
from applications.workflow import Action, application_transition
from tests.factories import excellent_evidence, make_evidence, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(applicant, reviewer, excellent):
    """An application with a doc contribution, an article and a PR, sent back for changes."""
    make_profile(applicant)
    docs, article = excellent_evidence(applicant)
    pull = make_evidence(applicant, "pull_request", days_ago=3, state="merged")
    application = application_submit(
        applicant=applicant, tier=excellent, evidence=[docs, article, pull], statement="First try."
    )
    application_transition(application=application, action=Action.CLAIM, actor=reviewer)
    application_transition(
        application=application,
        action=Action.REQUEST_CHANGES,
        actor=reviewer,
        comment="The PR is not yours; add your own documentation work.",
    )
    application.refresh_from_db()
    application.test_evidence = {"docs": docs, "article": article, "pull": pull}
    return application


def section(html):
    start = html.index("data-changes-since")
    return html[start : html.index("</section>", start)]


def test_the_request_records_what_the_application_held(asked):
    event = asked.events.get(action="request_changes")

    evidence = asked.test_evidence
    assert event.snapshot == {
        "evidence": {str(item.pk): item.title for item in evidence.values()},
        "statement": "First try.",
    }


def test_the_reviewer_sees_evidence_added_and_removed_and_the_old_statement(
    client, asked, applicant, reviewer
):
    evidence = asked.test_evidence
    more_docs = make_evidence(applicant, "doc_contribution", days_ago=2)
    application_update(
        application=asked,
        actor=applicant,
        statement="Second try, with my own docs.",
        evidence=[evidence["docs"], evidence["article"], more_docs],
    )
    client.force_login(reviewer)

    changes = section(client.get(f"/reviews/{asked.pk}/").content.decode())

    assert "Changed since changes were requested" in changes
    assert "The PR is not yours" in changes
    assert changes.count('data-change="added"') == 1
    assert "doc_contribution 2" in changes
    assert changes.count('data-change="removed"') == 1
    assert "<del>pull_request 3</del>" in changes
    assert "First try." in changes


def test_a_resubmission_without_changes_says_so(client, asked, applicant, reviewer):
    application_update(
        application=asked,
        actor=applicant,
        statement="First try.",
        evidence=list(asked.test_evidence.values()),
    )
    client.force_login(reviewer)

    changes = section(client.get(f"/reviews/{asked.pk}/").content.decode())

    assert 'data-change="none"' in changes
    assert 'data-change="added"' not in changes
    assert 'data-change="statement"' not in changes


def test_removed_evidence_keeps_its_title_after_the_applicant_deletes_it(
    client, asked, applicant, reviewer
):
    evidence = asked.test_evidence
    application_update(
        application=asked,
        actor=applicant,
        statement="First try.",
        evidence=[evidence["docs"], evidence["article"]],
    )
    evidence["pull"].delete()
    client.force_login(reviewer)

    changes = section(client.get(f"/reviews/{asked.pk}/").content.decode())

    assert "<del>pull_request 3</del>" in changes


def test_no_section_before_the_applicant_resubmits_or_when_never_asked(
    client, asked, reviewer, other_applicant, excellent
):
    client.force_login(reviewer)
    assert "data-changes-since" not in client.get(f"/reviews/{asked.pk}/").content.decode()

    make_profile(other_applicant)
    plain = application_submit(
        applicant=other_applicant, tier=excellent, evidence=excellent_evidence(other_applicant)
    )
    assert "data-changes-since" not in client.get(f"/reviews/{plain.pk}/").content.decode()
