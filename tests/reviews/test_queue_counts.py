"""The queue's counts are kept under the queue's version instead of being counted over every
open application on each page: a second visit costs one query fewer, and every move, claim
and conflict shows at once, above all the reviewer's own."""

import pytest
from django.test import TestCase

from accounts.access import new_access_version
from accounts.rules import can_review
from applications.models import Profile
from applications.queue_version import queue_changed, queue_version
from applications.services import application_withdraw
from reviews.selectors import queue_counts
from reviews.services import conflict_declare, review_claim, review_reassign
from tests.factories import submitted

pytestmark = pytest.mark.django_db


def counts(client, query="") -> tuple[int, int, int]:
    """Waiting, in review, and matching the filters, as the queue shows them."""
    response = client.get(f"/reviews/{query}")
    assert response.status_code == 200
    shown = response.context["counts"]
    assert response.context["page"].paginator.count == shown["matching"]
    return shown["submitted"], shown["in_review"], shown["matching"]


def test_a_second_visit_reads_the_counts_kept(
    client, reviewer, excellent, django_assert_num_queries
):
    submitted(None, excellent)
    client.force_login(reviewer)
    client.get("/reviews/?claimed=unclaimed")
    new_access_version()  # the roles read again, as on the first visit: only the counts differ

    # Three fewer than the first visit's 10 (test_views.QUEUE_QUERIES): no count, and the
    # filters' tier and track choices kept with the form (test_queue_filters).
    with django_assert_num_queries(7):
        response = client.get("/reviews/?claimed=unclaimed&page=1")

    assert response.context["counts"] == {"submitted": 1, "in_review": 0, "matching": 1}


def test_the_reviewers_own_claim_release_and_decision_count_at_once(client, reviewer, excellent):
    first = submitted(None, excellent)
    submitted(None, excellent)
    client.force_login(reviewer)
    assert counts(client) == (2, 0, 2)
    assert counts(client, "?claimed=me") == (2, 0, 0)

    assert client.post(f"/reviews/{first.pk}/claim/").status_code == 302
    assert counts(client) == (1, 1, 2)
    assert counts(client, "?claimed=me") == (1, 1, 1)

    assert client.post(f"/reviews/{first.pk}/release/").status_code == 302
    assert counts(client, "?claimed=me") == (2, 0, 0)
    assert counts(client, "?state=submitted") == (2, 0, 2)

    client.post(f"/reviews/{first.pk}/claim/")
    decided = client.post(
        f"/reviews/{first.pk}/decide/", {"decision": "reject", "comment": "Not yet."}
    )
    assert decided.status_code == 302
    assert counts(client) == (1, 0, 1)
    assert counts(client, "?claimed=me") == (1, 0, 0)


def test_a_submission_and_a_withdrawal_count_at_once(client, reviewer, applicant, excellent):
    client.force_login(reviewer)
    assert counts(client) == (0, 0, 0)

    application = submitted(applicant, excellent)
    assert counts(client) == (1, 0, 1)
    assert counts(client, "?verdict=met") == (1, 0, 1)

    application_withdraw(application=application, actor=applicant)
    assert counts(client) == (0, 0, 0)
    assert counts(client, "?verdict=met") == (0, 0, 0)


def test_a_claim_given_and_a_conflict_declared_count_at_once(
    client, reviewer, second_reviewer, staff, excellent
):
    application = submitted(None, excellent)
    other = submitted(None, excellent)
    review_claim(application=other, reviewer=second_reviewer)
    client.force_login(reviewer)
    assert counts(client, "?claimed=me") == (1, 1, 0)

    # Given to the reviewer while in review: a claim changes hands, the state does not.
    review_reassign(application=other, actor=staff, reviewer=reviewer)
    assert counts(client, "?claimed=me") == (1, 1, 1)

    conflict_declare(reviewer=reviewer, applicant=application.applicant)
    assert counts(client) == (0, 1, 1)


def test_each_reviewer_and_each_filter_has_its_own_counts(
    client, reviewer, second_reviewer, excellent
):
    application = submitted(None, excellent)
    review_claim(application=application, reviewer=second_reviewer)

    assert queue_counts(reviewer, claimed="me") == {
        "submitted": 0,
        "in_review": 1,
        "matching": 0,
    }
    assert queue_counts(second_reviewer, claimed="me")["matching"] == 1
    assert queue_counts(reviewer, claimed="unclaimed")["matching"] == 0
    assert queue_counts(reviewer)["matching"] == 1


def test_a_count_made_before_a_change_commits_is_not_read_after_it(reviewer, excellent):
    submitted(None, excellent)
    assert queue_counts(reviewer)["submitted"] == 1

    with TestCase.captureOnCommitCallbacks(execute=True):
        queue_changed()
        during = queue_version()
        # Another process counting now still sees the data before the commit.
        queue_counts(reviewer)

    assert queue_version() != during  # the commit made a version nobody counted under


def test_a_search_and_a_minimum_age_are_counted_every_time(
    reviewer, excellent, django_assert_num_queries
):
    application = submitted(None, excellent)
    queue_counts(reviewer, q="person", min_age=0)

    # A name changes the search's matches and the clock the age's, without any move.
    with django_assert_num_queries(1):
        assert queue_counts(reviewer, min_age=0)["matching"] == 1
    with django_assert_num_queries(1):
        queue_counts(reviewer, q=application.applicant.email)


def test_a_search_counts_its_matches_beside_the_whole_queue_kept(
    reviewer, second_reviewer, excellent, django_assert_num_queries
):
    lin = submitted(None, excellent)
    other = submitted(None, excellent)
    Profile.objects.filter(user=lin.applicant).update(display_name="Lin Qiao")
    can_review(reviewer)  # the reviewer's roles read once, as on any first request

    # The first search counts everything in one pass and keeps the whole queue's counts...
    with django_assert_num_queries(1):
        assert queue_counts(reviewer, q="lin") == {"submitted": 2, "in_review": 0, "matching": 1}
    # ...which the plain queue then reads without a query.
    with django_assert_num_queries(0):
        assert queue_counts(reviewer) == {"submitted": 2, "in_review": 0, "matching": 2}

    # A new name is found at once, though nothing in the queue moved: only the matches counted.
    Profile.objects.filter(user=other.applicant).update(display_name="Wu Lin")
    with django_assert_num_queries(1):
        assert queue_counts(reviewer, q="lin") == {"submitted": 2, "in_review": 0, "matching": 2}

    # A move shows at once beside a search too.
    review_claim(application=lin, reviewer=second_reviewer)
    assert queue_counts(reviewer, q="qiao") == {"submitted": 1, "in_review": 1, "matching": 1}
    assert queue_counts(reviewer, q="qiao", state="submitted")["matching"] == 0
