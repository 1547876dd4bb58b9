"""The reviewer's pages: the queue with its filters, one application's review page, bulk
actions, conflicts of interest and the workload table."""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from accounts.access import new_access_version
from applications.models import Application, ApplicationEvent, Evidence, Profile
from applications.models.application import State
from honor_wall.models import Certification
from reviews.models import ConflictOfInterest, Review, ReviewClaim
from reviews.services import review_claim, review_decide
from tests.factories import UserFactory, set_state, submitted

pytestmark = pytest.mark.django_db


# --- Arranging -------------------------------------------------------------------------------
def age(application, days):
    """Pretend the application was submitted ``days`` ago."""
    when = timezone.now() - datetime.timedelta(days=days)
    Application.objects.filter(pk=application.pk).update(submitted_at=when)
    application.refresh_from_db()
    return application


def rows(response):
    """The application ids the queue lists, in order."""
    html = response.content.decode()
    return [int(pk) for pk in re.findall(r'<tr data-application="(\d+)"', html)]


def count_badge(response, state):
    match = re.search(rf'data-count="{state}">(\d+) ', response.content.decode())
    assert match, f"no count for {state}"
    return int(match.group(1))


# --- The queue -------------------------------------------------------------------------------
def test_queue_lists_submitted_and_in_review_but_not_drafts_or_decided(
    client, reviewer, second_reviewer, excellent
):
    waiting = submitted(None, excellent)
    in_review = submitted(None, excellent)
    review_claim(application=in_review, reviewer=second_reviewer)
    draft = submitted(None, excellent, draft=True)
    approved = set_state(submitted(None, excellent), State.APPROVED)
    rejected = set_state(submitted(None, excellent), State.REJECTED)
    client.force_login(reviewer)

    response = client.get("/reviews/")

    assert response.status_code == 200
    listed = rows(response)
    assert sorted(listed) == sorted([waiting.pk, in_review.pk])
    for absent in (draft, approved, rejected):
        assert absent.pk not in listed


def test_queue_counts_each_state_at_the_top(client, reviewer, second_reviewer, excellent):
    for _ in range(3):
        submitted(None, excellent)
    review_claim(application=submitted(None, excellent), reviewer=second_reviewer)
    set_state(submitted(None, excellent), State.APPROVED)
    client.force_login(reviewer)

    response = client.get("/reviews/")

    assert count_badge(response, "submitted") == 3
    assert count_badge(response, "in_review") == 1


def test_an_application_past_the_sla_is_marked_overdue(client, reviewer, excellent):
    old = age(submitted(None, excellent), django_settings.REVIEW_SLA_DAYS + 1)
    fresh = submitted(None, excellent)
    client.force_login(reviewer)

    html = client.get("/reviews/").content.decode()

    assert re.search(rf'<tr data-application="{old.pk}" class="[^"]*\boverdue\b', html)
    assert re.search(rf'<tr data-application="{fresh.pk}">', html)


def test_filter_by_tier(client, reviewer, excellent, senior):
    plain = submitted(None, excellent)
    senior_app = submitted(None, senior)
    client.force_login(reviewer)

    assert rows(client.get("/reviews/?tier=senior-developer")) == [senior_app.pk]
    assert rows(client.get("/reviews/?tier=excellent-developer")) == [plain.pk]


def test_filter_by_state(client, reviewer, second_reviewer, excellent):
    waiting = submitted(None, excellent)
    claimed = submitted(None, excellent)
    review_claim(application=claimed, reviewer=second_reviewer)
    client.force_login(reviewer)

    assert rows(client.get("/reviews/?state=in_review")) == [claimed.pk]
    assert rows(client.get("/reviews/?state=submitted")) == [waiting.pk]


def test_filter_by_who_claimed(client, reviewer, second_reviewer, excellent):
    mine = submitted(None, excellent)
    theirs = submitted(None, excellent)
    unclaimed = submitted(None, excellent)
    review_claim(application=mine, reviewer=reviewer)
    review_claim(application=theirs, reviewer=second_reviewer)
    client.force_login(reviewer)

    assert rows(client.get("/reviews/?claimed=me")) == [mine.pk]
    assert rows(client.get("/reviews/?claimed=unclaimed")) == [unclaimed.pk]


def test_filter_by_rule_verdict(client, reviewer, excellent):
    met = submitted(None, excellent)
    not_met = submitted(None, excellent)
    Application.objects.filter(pk=not_met.pk).update(rules_met=False)
    client.force_login(reviewer)

    assert rows(client.get("/reviews/?verdict=met")) == [met.pk]
    assert rows(client.get("/reviews/?verdict=not_met")) == [not_met.pk]


def test_filter_by_part_of_the_applicants_email(client, reviewer, excellent):
    alice = submitted(UserFactory(email="alice.wong@example.org"), excellent)
    submitted(UserFactory(email="bob.li@example.org"), excellent)
    client.force_login(reviewer)

    # "ice.wo" is only in the email (the handle is "alice-wong", the name "Alice-Wong").
    assert rows(client.get("/reviews/?q=ice.wo")) == [alice.pk]


def test_filter_by_minimum_age_in_days(client, reviewer, excellent):
    old = age(submitted(None, excellent), 11)
    age(submitted(None, excellent), 9)
    client.force_login(reviewer)

    assert rows(client.get("/reviews/?min_age=10")) == [old.pk]


def test_oldest_first_by_default_and_newest_first_on_request(client, reviewer, excellent):
    oldest = age(submitted(None, excellent), 5)
    middle = age(submitted(None, excellent), 3)
    newest = age(submitted(None, excellent), 1)
    client.force_login(reviewer)

    assert rows(client.get("/reviews/")) == [oldest.pk, middle.pk, newest.pk]
    assert rows(client.get("/reviews/?sort=newest")) == [newest.pk, middle.pk, oldest.pk]


def test_the_queue_is_paginated_and_keeps_the_filters(client, reviewer, excellent, settings):
    settings.REVIEWS_PER_PAGE = 2
    applications = [age(submitted(None, excellent), 10 - i) for i in range(5)]
    ids = [application.pk for application in applications]
    client.force_login(reviewer)

    first = client.get("/reviews/?sort=oldest")
    last = client.get("/reviews/?sort=oldest&page=3")

    assert rows(first) == ids[:2]
    assert rows(client.get("/reviews/?sort=oldest&page=2")) == ids[2:4]
    assert rows(last) == ids[4:]
    assert "Page 1 of 3" in first.content.decode()
    assert 'href="?sort=oldest&amp;page=2" rel="next"' in first.content.decode()
    assert 'rel="next"' not in last.content.decode()
    # The counts at the top are of the whole queue, not of the page.
    assert count_badge(first, "submitted") == 5


def test_invalid_filter_values_are_ignored_not_a_server_error(client, reviewer, excellent):
    application = submitted(None, excellent)
    client.force_login(reviewer)

    response = client.get("/reviews/?tier=nope&min_age=-3&sort=sideways&page=x")

    assert response.status_code == 200
    assert rows(response) == [application.pk]


def test_every_filter_is_a_bootstrap_control_with_its_label(client, reviewer):
    client.force_login(reviewer)

    html = client.get("/reviews/").content.decode()

    start = html.index('aria-label="Filter the queue"')
    form = html[start : html.index("</form>", start)]
    for name in ("q", "tier", "track", "state", "claimed", "verdict", "min_age", "sort"):
        control = re.search(rf'<(input|select)[^>]*name="{name}"[^>]*>', form)
        assert control, name
        expected = "form-select" if control.group(1) == "select" else "form-control"
        assert f'class="{expected}"' in control.group(0), control.group(0)
        assert f'for="id_{name}"' in form, name
    assert 'type="search"' in form


def _queue_queries(client, django_assert_num_queries, expected):
    new_access_version()  # the reviewer's roles read as on their first request: three queries
    with django_assert_num_queries(expected):
        response = client.get("/reviews/")
    return response


# Measured with one application; any per-row query would make three cost more.
# (One of them reads the reviewer's account, changed by signing in, and one asks whether they
# have the second factor their role needs; the session comes from the cache.)
QUEUE_QUERIES = 10


def test_the_queue_costs_the_same_queries_for_one_application(
    client, reviewer, excellent, django_assert_num_queries
):
    submitted(None, excellent)
    client.force_login(reviewer)

    response = _queue_queries(client, django_assert_num_queries, QUEUE_QUERIES)

    assert len(rows(response)) == 1


def test_the_queue_costs_the_same_queries_for_three_applications(
    client, reviewer, second_reviewer, excellent, django_assert_num_queries
):
    for _ in range(3):
        submitted(None, excellent)
    # One claimed, so the "claimed by" column and the approvals subquery have something to do.
    review_claim(application=Application.objects.first(), reviewer=second_reviewer)
    client.force_login(reviewer)

    response = _queue_queries(client, django_assert_num_queries, QUEUE_QUERIES)

    assert len(rows(response)) == 3


# The filters and sorts cost what the plain queue costs: the counts, the page's ids and the
# page's rows whatever the queue's size; a tier or track filter adds the form's look-up of it.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=person&claimed=unclaimed&verdict=met&min_age=0&state=submitted", QUEUE_QUERIES),
        ("?sort=applicant&page=2", QUEUE_QUERIES),
        ("?sort=tier&tier=excellent-developer", QUEUE_QUERIES + 1),
        ("?track=developer&claimed=unclaimed", QUEUE_QUERIES + 1),
    ],
)
def test_filtered_and_sorted_queues_cost_the_same_queries(
    client,
    reviewer,
    second_reviewer,
    excellent,
    settings,
    django_assert_num_queries,
    query,
    expected,
):
    settings.REVIEWS_PER_PAGE = 2
    for _ in range(5):
        submitted(None, excellent)
    review_claim(application=Application.objects.first(), reviewer=second_reviewer)
    client.force_login(reviewer)

    new_access_version()  # as in _queue_queries
    with django_assert_num_queries(expected):
        response = client.get(f"/reviews/{query}")

    assert response.status_code == 200


def test_a_filtered_queue_pages_through_the_matches_and_counts_the_whole_queue(
    client, reviewer, second_reviewer, excellent, settings
):
    settings.REVIEWS_PER_PAGE = 2
    waiting = [age(submitted(None, excellent), 10 - i) for i in range(3)]
    for _ in range(2):
        review_claim(application=submitted(None, excellent), reviewer=second_reviewer)
    client.force_login(reviewer)

    first = client.get("/reviews/?claimed=unclaimed")
    second = client.get("/reviews/?claimed=unclaimed&page=2")

    assert rows(first) == [waiting[0].pk, waiting[1].pk]
    assert rows(second) == [waiting[2].pk]
    assert "Page 1 of 2" in first.content.decode()
    assert (count_badge(first, "submitted"), count_badge(first, "in_review")) == (3, 2)


def test_search_finds_the_applicants_name_and_handle(client, reviewer, excellent):
    lin = submitted(None, excellent)
    submitted(None, excellent)
    Profile.objects.filter(user=lin.applicant).update(display_name="Lin Qiao", handle="qiao-dev")
    client.force_login(reviewer)

    assert rows(client.get("/reviews/?q=lin+q")) == [lin.pk]
    assert rows(client.get("/reviews/?q=QIAO-D")) == [lin.pk]


def test_each_row_shows_its_own_evidence_claim_and_approvals(
    client, reviewer, second_reviewer, excellent
):
    plain = submitted(None, excellent)
    claimed = submitted(None, excellent)
    review_claim(application=claimed, reviewer=second_reviewer)
    judged = claimed.evidence.first()
    Evidence.objects.filter(pk=judged.pk).update(verification="rejected")
    client.force_login(reviewer)

    html = client.get("/reviews/").content.decode()

    def row(application):
        return re.search(rf'<tr data-application="{application.pk}".*?</tr>', html, re.S)[0]

    total = claimed.evidence.count()
    assert f"0/{total} <span" in row(claimed) and "1 rejected" in row(claimed)
    assert second_reviewer.email in row(claimed)
    assert "rejected" not in row(plain) and second_reviewer.email not in row(plain)
    assert "0/1</td>" in row(plain)


# --- The review page -------------------------------------------------------------------------
def follow_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_review_page_shows_statement_evidence_and_the_rule_check(client, reviewer, excellent):
    application = submitted(None, excellent, statement="I wrote the Ascend tutorial.")
    client.force_login(reviewer)

    response = client.get(f"/reviews/{application.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "I wrote the Ascend tutorial." in html
    for item in application.evidence.all():
        assert f'data-evidence="{item.pk}"' in html
        assert item.title in html
    assert "Rule check" in html
    assert 'data-item="docs" data-met="true"' in html
    assert "requirements met" in html
    assert "data-evaluation-changed" not in html
    assert 'data-action="submit"' in html  # the timeline starts with the submission


def test_an_internal_note_appears_on_the_timeline(client, reviewer, excellent):
    application = submitted(None, excellent)
    client.force_login(reviewer)

    response = client.post(
        f"/reviews/{application.pk}/note/", {"note": "Second PR link is dead."}, follow=True
    )

    html = response.content.decode()
    assert "Note added." in follow_messages(response)
    assert 'data-action="note"' in html
    assert "Second PR link is dead." in html
    event = ApplicationEvent.objects.get(application=application, action="note")
    assert (event.actor, event.note) == (reviewer, "Second PR link is dead.")
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_claim_then_approve_certifies_an_excellent_developer(client, reviewer, excellent):
    application = submitted(None, excellent)
    client.force_login(reviewer)

    claimed = client.post(f"/reviews/{application.pk}/claim/", follow=True)
    assert "You claimed this application." in follow_messages(claimed)
    assert "Record decision" in claimed.content.decode()

    response = client.post(
        f"/reviews/{application.pk}/decide/",
        {"decision": "approve", "comment": "", "note": ""},
        follow=True,
    )

    assert "Your decision is recorded." in follow_messages(response)
    application.refresh_from_db()
    assert application.state == State.APPROVED
    assert application.decided_at is not None
    certification = Certification.objects.get()
    assert (certification.application, certification.person, certification.tier) == (
        application,
        application.applicant,
        excellent,
    )
    assert list(certification.approvers.all()) == [reviewer]
    assert not ReviewClaim.objects.filter(application=application).exists()


def test_reject_without_a_comment_is_refused_and_changes_nothing(client, reviewer, excellent):
    application = submitted(None, excellent)
    review_claim(application=application, reviewer=reviewer)
    events = ApplicationEvent.objects.filter(application=application).count()
    client.force_login(reviewer)

    response = client.post(
        f"/reviews/{application.pk}/decide/",
        {"decision": "reject", "comment": "  ", "note": ""},
        follow=True,
    )

    assert response.status_code == 200
    assert any("comment is required" in message for message in follow_messages(response))
    application.refresh_from_db()
    assert application.state == State.IN_REVIEW
    assert not Review.objects.exists()
    assert ApplicationEvent.objects.filter(application=application).count() == events
    assert ReviewClaim.objects.get(application=application).reviewer == reviewer


def test_deciding_an_already_decided_application_says_so_and_changes_nothing(
    client, reviewer, excellent
):
    application = submitted(None, excellent)
    client.force_login(reviewer)
    client.post(f"/reviews/{application.pk}/claim/")
    client.post(f"/reviews/{application.pk}/decide/", {"decision": "approve"})
    events = ApplicationEvent.objects.filter(application=application).count()

    response = client.post(
        f"/reviews/{application.pk}/decide/",
        {"decision": "reject", "comment": "Changed my mind."},
        follow=True,
    )

    assert response.status_code == 200
    assert any("already been decided" in message for message in follow_messages(response))
    application.refresh_from_db()
    assert application.state == State.APPROVED
    assert Review.objects.filter(application=application).count() == 1
    assert Certification.objects.filter(application=application).count() == 1
    assert ApplicationEvent.objects.filter(application=application).count() == events


# --- Bulk actions (staff) --------------------------------------------------------------------
def bulk(client, applications, action, **fields):
    data = {"selected": [str(a.pk) for a in applications], "bulk-action": action}
    data.update({f"bulk-{name}": value for name, value in fields.items()})
    return client.post("/reviews/", data)


def snapshot(applications):
    """State, claimer and number of events of each application, to show nothing moved."""
    return [
        (
            Application.objects.get(pk=a.pk).state,
            ReviewClaim.objects.filter(application=a).values_list("reviewer", flat=True).first(),
            ApplicationEvent.objects.filter(application=a).count(),
        )
        for a in applications
    ]


def test_bulk_release_puts_every_selected_back_in_the_queue(
    client, staff, reviewer, second_reviewer, excellent
):
    first, second = submitted(None, excellent), submitted(None, excellent)
    review_claim(application=first, reviewer=reviewer)
    review_claim(application=second, reviewer=second_reviewer)
    client.force_login(staff)

    response = bulk(client, [first, second], "release")

    assert response.status_code == 302
    assert [state for state, _, _ in snapshot([first, second])] == [State.SUBMITTED] * 2
    assert not ReviewClaim.objects.exists()
    assert "Done for 2 applications." in follow_messages(client.get(response["Location"]))


def test_bulk_reassign_gives_every_selected_to_the_reviewer(
    client, staff, reviewer, second_reviewer, excellent
):
    waiting = submitted(None, excellent)
    claimed = submitted(None, excellent)
    review_claim(application=claimed, reviewer=reviewer)
    client.force_login(staff)

    response = bulk(client, [waiting, claimed], "reassign", reviewer=second_reviewer.pk)

    assert response.status_code == 302
    assert [(state, who) for state, who, _ in snapshot([waiting, claimed])] == [
        (State.IN_REVIEW, second_reviewer.pk),
        (State.IN_REVIEW, second_reviewer.pk),
    ]


def test_bulk_request_changes_sends_every_selected_back_with_the_comment(
    client, staff, reviewer, excellent
):
    waiting = submitted(None, excellent)
    claimed = submitted(None, excellent)
    review_claim(application=claimed, reviewer=reviewer)
    client.force_login(staff)

    response = bulk(client, [waiting, claimed], "request_changes", comment="Add dates, please.")

    assert response.status_code == 302
    for application in (waiting, claimed):
        application.refresh_from_db()
        assert application.state == State.CHANGES_REQUESTED
        event = application.events.get(action="request_changes")
        assert (event.actor, event.comment) == (staff, "Add dates, please.")
    assert not ReviewClaim.objects.exists()


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("release", {}),
        ("reassign", {"reviewer": "second_reviewer"}),
        ("request_changes", {"comment": "Add dates, please."}),
    ],
)
def test_bulk_changes_nothing_when_one_selected_cannot_be_processed(
    client, staff, reviewer, second_reviewer, excellent, action, fields
):
    first, second = submitted(None, excellent), submitted(None, excellent)
    review_claim(application=first, reviewer=reviewer)
    review_claim(application=second, reviewer=reviewer)
    decided = submitted(None, excellent)
    review_claim(application=decided, reviewer=reviewer)
    review_decide(application=decided, reviewer=reviewer, decision="approve")
    selected = [first, decided, second]
    before = snapshot(selected)
    certifications = Certification.objects.count()
    if "reviewer" in fields:
        fields = {"reviewer": second_reviewer.pk}
    client.force_login(staff)

    response = bulk(client, selected, action, **fields)

    assert response.status_code == 400
    html = response.content.decode()
    assert f"#{decided.pk}: This application has already been decided." in html
    assert "Nothing was changed: 1 could not be processed." in html
    assert snapshot(selected) == before
    assert Certification.objects.count() == certifications


def test_bulk_without_a_selection_is_an_error(client, staff, excellent):
    submitted(None, excellent)
    client.force_login(staff)

    response = bulk(client, [], "release")

    assert response.status_code == 400
    assert "Select at least one application." in response.content.decode()


def test_a_reviewer_may_not_use_bulk_actions(client, reviewer, second_reviewer, excellent):
    application = submitted(None, excellent)
    review_claim(application=application, reviewer=second_reviewer)
    before = snapshot([application])
    client.force_login(reviewer)

    response = bulk(client, [application], "release")

    assert response.status_code == 403
    assert snapshot([application]) == before
    assert 'name="selected"' not in client.get("/reviews/").content.decode()


# --- Conflicts of interest -------------------------------------------------------------------
def test_declaring_a_conflict_hides_the_applicant_and_withdrawing_restores_them(
    client, reviewer, excellent
):
    application = submitted(UserFactory(email="friend@example.org"), excellent)
    other = submitted(None, excellent)
    client.force_login(reviewer)
    assert rows(client.get("/reviews/")) == [application.pk, other.pk]

    response = client.post(
        "/reviews/conflicts/", {"email": "FRIEND@example.org", "reason": "Same team."}
    )

    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get(reviewer=reviewer)
    assert (conflict.applicant, conflict.reason) == (application.applicant, "Same team.")
    assert rows(client.get("/reviews/")) == [other.pk]
    assert "friend@example.org" in client.get("/reviews/conflicts/").content.decode()

    withdrawn = client.post(f"/reviews/conflicts/{conflict.pk}/withdraw/")

    assert withdrawn.status_code == 302
    assert not ConflictOfInterest.objects.exists()
    assert rows(client.get("/reviews/")) == [application.pk, other.pk]


def test_declaring_a_conflict_releases_the_reviewers_claim_on_that_applicant(
    client, reviewer, excellent
):
    application = submitted(UserFactory(email="friend@example.org"), excellent)
    review_claim(application=application, reviewer=reviewer)
    client.force_login(reviewer)

    client.post("/reviews/conflicts/", {"email": "friend@example.org"})

    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert not ReviewClaim.objects.exists()


def test_declaring_a_conflict_with_an_unknown_email_is_a_form_error(client, reviewer):
    client.force_login(reviewer)

    response = client.post("/reviews/conflicts/", {"email": "nobody@example.org"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"email": ["Nobody with this email has an account."]}
    html = response.content.decode()
    assert "Nobody with this email has an account." in html
    assert re.search(r'<input[^>]*name="email"[^>]*is-invalid|is-invalid[^>]*name="email"', html)
    assert not ConflictOfInterest.objects.exists()


def test_declaring_a_conflict_with_oneself_is_a_form_error(client, reviewer):
    client.force_login(reviewer)

    response = client.post("/reviews/conflicts/", {"email": reviewer.email})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["email"]
    assert not ConflictOfInterest.objects.exists()


# --- Workload (staff) ------------------------------------------------------------------------
def workload_row(html, email):
    match = re.search(
        rf'<tr data-reviewer="{re.escape(email)}"><td>[^<]*</td><td>(\d+)</td><td>(\d+)</td>', html
    )
    assert match, f"no row for {email}"
    return int(match.group(1)), int(match.group(2))


def test_workload_lists_each_reviewer_with_their_claims(
    client, staff, reviewer, second_reviewer, excellent
):
    for _ in range(2):
        review_claim(application=submitted(None, excellent), reviewer=reviewer)
    decided = submitted(None, excellent)
    review_claim(application=decided, reviewer=second_reviewer)
    review_decide(application=decided, reviewer=second_reviewer, decision="approve")
    applicant_only = UserFactory(email="not-a-reviewer@example.org")
    client.force_login(staff)

    response = client.get("/reviews/workload/")

    html = response.content.decode()
    assert response.status_code == 200
    assert workload_row(html, reviewer.email) == (2, 0)
    assert workload_row(html, second_reviewer.email) == (0, 1)
    assert workload_row(html, staff.email) == (0, 0)
    assert applicant_only.email not in html


# --- More of the review page -----------------------------------------------------------------
def test_a_senior_application_needs_two_different_reviewers(
    client, reviewer, second_reviewer, senior
):
    application = submitted(None, senior)
    client.force_login(reviewer)
    client.post(f"/reviews/{application.pk}/claim/")
    client.post(f"/reviews/{application.pk}/decide/", {"decision": "approve"})

    application.refresh_from_db()
    assert application.state == State.SUBMITTED  # back in the queue for a second reviewer
    assert not Certification.objects.exists()
    html = client.get("/reviews/").content.decode()
    assert re.search(rf'data-application="{application.pk}".*?<td>1/2</td>', html, re.S)

    client.post(f"/reviews/{application.pk}/claim/")
    again = client.post(f"/reviews/{application.pk}/decide/", {"decision": "approve"}, follow=True)
    assert any("already approved" in message for message in follow_messages(again))
    client.post(f"/reviews/{application.pk}/release/")

    client.force_login(second_reviewer)
    client.post(f"/reviews/{application.pk}/claim/")
    client.post(f"/reviews/{application.pk}/decide/", {"decision": "approve"})

    application.refresh_from_db()
    assert application.state == State.APPROVED
    certification = Certification.objects.get(application=application)
    assert set(certification.approvers.all()) == {reviewer, second_reviewer}


def test_a_reviewer_cannot_decide_on_someone_elses_claim(
    client, reviewer, second_reviewer, excellent
):
    application = submitted(None, excellent)
    review_claim(application=application, reviewer=second_reviewer)
    client.force_login(reviewer)

    page = client.get(f"/reviews/{application.pk}/").content.decode()
    response = client.post(
        f"/reviews/{application.pk}/decide/", {"decision": "approve"}, follow=True
    )

    assert "claimed by reviewer2@example.org" in page
    assert "Record decision" not in page
    assert "Another reviewer has claimed this application." in follow_messages(response)
    application.refresh_from_db()
    assert application.state == State.IN_REVIEW
    assert not Review.objects.exists()


def test_the_queue_still_opens_when_an_applicant_deleted_their_account(client, reviewer, excellent):
    orphan = submitted(None, excellent)
    Application.objects.filter(pk=orphan.pk).update(applicant=None)
    client.raise_request_exception = False
    client.force_login(reviewer)

    queue = client.get("/reviews/")
    assert queue.status_code == 200
    assert f'data-application="{orphan.pk}"' not in queue.content.decode()
    assert client.get(f"/reviews/{orphan.pk}/").status_code == 404


@pytest.mark.parametrize("query", ["min_age=999999", "min_age=-5", "page=99999999999999999999"])
def test_extreme_queue_filters_are_not_a_server_error(client, reviewer, query):
    client.force_login(reviewer)

    assert client.get(f"/reviews/?{query}").status_code == 200


@pytest.mark.parametrize("selected", ["²", "99999999999999999999999", "1e3"])
def test_impossible_bulk_selections_are_refused_cleanly(client, staff, selected):
    client.force_login(staff)

    response = client.post("/reviews/", {"selected": [selected], "bulk-action": "release"})

    assert response.status_code == 400
