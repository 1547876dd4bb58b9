"""Who may open each page of the review app: every URL × anonymous / applicant / reviewer / staff.

A refused request must also leave the application (and the conflict) exactly as it was; an
allowed action must really act (its redirect is not an error message in disguise).
"""

import pytest

from applications.models import Application, ApplicationEvent
from applications.models.application import State
from applications.services import application_submit
from reviews.models import ConflictOfInterest, ReviewClaim
from reviews.services import review_claim
from tests.factories import excellent_evidence, make_profile

pytestmark = pytest.mark.django_db

LOGIN = "login"  # 302 to the log-in page, with ?next=
REVIEW = "review"  # 302 back to the application's review page
CONFLICTS = "conflicts"  # 302 back to the conflicts page

# method, url, anonymous, applicant, reviewer, staff
MATRIX = [
    ("get", "/reviews/", LOGIN, 403, 200, 200),
    ("get", "/reviews/conflicts/", LOGIN, 403, 200, 200),
    ("post", "/reviews/conflicts/{conflict}/withdraw/", LOGIN, 403, CONFLICTS, CONFLICTS),
    ("get", "/reviews/workload/", LOGIN, 403, 403, 200),
    ("get", "/reviews/{app}/", LOGIN, 403, 200, 200),
    ("post", "/reviews/{app}/claim/", LOGIN, 403, REVIEW, REVIEW),
    ("post", "/reviews/{app}/release/", LOGIN, 403, REVIEW, REVIEW),
    ("post", "/reviews/{app}/decide/", LOGIN, 403, REVIEW, REVIEW),
    ("post", "/reviews/{app}/note/", LOGIN, 403, REVIEW, REVIEW),
    ("post", "/reviews/{app}/reassign/", LOGIN, 403, 403, REVIEW),
    ("get", "/reviews/{app}/trail/", LOGIN, 403, 403, 200),
]
ROLES = ["anonymous", "applicant", "reviewer", "staff"]
CASES = [
    pytest.param(method, url, role, expected[i], id=f"{role}-{method}-{url}")
    for method, url, *expected in MATRIX
    for i, role in enumerate(ROLES)
]

# What each POST sends when it is allowed to succeed.
POST_DATA = {
    "decide": {"decision": "approve", "comment": "", "note": ""},
    "note": {"note": "Checked the links."},
}
# Actions that need the actor to hold the claim first.
NEEDS_CLAIM = {"release", "decide"}


@pytest.fixture
def application(applicant, excellent):
    make_profile(applicant)
    return application_submit(
        applicant=applicant, tier=excellent, evidence=excellent_evidence(applicant)
    )


@pytest.fixture
def people(applicant, reviewer, staff):
    return {"anonymous": None, "applicant": applicant, "reviewer": reviewer, "staff": staff}


def _action(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize(("method", "url", "role", "expected"), CASES)
def test_permission_matrix(
    client, method, url, role, expected, people, application, other_applicant, second_reviewer
):
    user = people[role]
    # The conflict to withdraw is the acting user's own (a stranger's is a 404, tested below).
    conflict = ConflictOfInterest.objects.create(
        reviewer=user or second_reviewer, applicant=other_applicant
    )
    action = _action(url)
    if action in NEEDS_CLAIM:
        holder = user if role in ("reviewer", "staff") else second_reviewer
        review_claim(application=application, reviewer=holder)
    data = dict(POST_DATA.get(action, {}))
    if action == "reassign":
        data["reviewer"] = second_reviewer.pk
    if user is not None:
        client.force_login(user)
    path = url.format(app=application.pk, conflict=conflict.pk)
    state_before = Application.objects.get(pk=application.pk).state
    events_before = ApplicationEvent.objects.filter(application=application).count()

    response = getattr(client, method)(path, data) if method == "post" else client.get(path)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/accounts/login/?next=")
    elif expected == REVIEW:
        assert response.status_code == 302
        assert response.headers["Location"] == f"/reviews/{application.pk}/"
    elif expected == CONFLICTS:
        assert response.status_code == 302
        assert response.headers["Location"] == "/reviews/conflicts/"
    else:
        assert response.status_code == expected

    application.refresh_from_db()
    events_after = ApplicationEvent.objects.filter(application=application).count()
    allowed = expected not in (LOGIN, 403)
    if not allowed:
        # A refused request changes nothing.
        assert application.state == state_before
        assert events_after == events_before
        assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()
    elif method == "post" and "{app}" in url:
        # An allowed action acted: it wrote its event to the trail.
        assert events_after > events_before
    elif "withdraw" in url:
        assert not ConflictOfInterest.objects.filter(pk=conflict.pk).exists()


def test_allowed_actions_reach_the_expected_state(client, reviewer, second_reviewer, application):
    """The matrix's claim and release, followed through to the state and the claim row."""
    client.force_login(reviewer)
    client.post(f"/reviews/{application.pk}/claim/")
    application.refresh_from_db()
    assert application.state == State.IN_REVIEW
    assert ReviewClaim.objects.get(application=application).reviewer == reviewer

    client.post(f"/reviews/{application.pk}/release/")
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert not ReviewClaim.objects.filter(application=application).exists()


def test_staff_reassign_gives_the_claim_to_the_chosen_reviewer(
    client, staff, second_reviewer, application
):
    client.force_login(staff)

    client.post(f"/reviews/{application.pk}/reassign/", {"reviewer": second_reviewer.pk})

    application.refresh_from_db()
    assert application.state == State.IN_REVIEW
    assert ReviewClaim.objects.get(application=application).reviewer == second_reviewer


def test_withdrawing_someone_elses_conflict_is_a_404(client, reviewer, second_reviewer, applicant):
    conflict = ConflictOfInterest.objects.create(reviewer=second_reviewer, applicant=applicant)
    client.force_login(reviewer)

    response = client.post(f"/reviews/conflicts/{conflict.pk}/withdraw/")

    assert response.status_code == 404
    assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()


@pytest.mark.parametrize(("method", "suffix"), [("get", ""), ("post", "claim/"), ("post", "note/")])
def test_a_reviewer_cannot_open_or_act_on_their_own_application(
    client, reviewer, excellent, method, suffix
):
    make_profile(reviewer)
    own = application_submit(
        applicant=reviewer, tier=excellent, evidence=excellent_evidence(reviewer)
    )
    client.force_login(reviewer)

    response = getattr(client, method)(f"/reviews/{own.pk}/{suffix}", {"note": "Mine."})

    assert response.status_code == 404
    own.refresh_from_db()
    assert own.state == State.SUBMITTED
    assert not ApplicationEvent.objects.filter(application=own, action__in=["claim", "note"])


def test_a_reviewer_does_not_see_their_own_application_in_the_queue(
    client, reviewer, excellent, application
):
    make_profile(reviewer)
    own = application_submit(
        applicant=reviewer, tier=excellent, evidence=excellent_evidence(reviewer)
    )
    client.force_login(reviewer)

    html = client.get("/reviews/").content.decode()

    assert f'data-application="{application.pk}"' in html
    assert f'data-application="{own.pk}"' not in html


def test_a_conflicted_reviewer_gets_a_404_and_an_empty_queue(
    client, reviewer, applicant, application
):
    client.force_login(reviewer)
    assert client.get(f"/reviews/{application.pk}/").status_code == 200
    assert f'data-application="{application.pk}"' in client.get("/reviews/").content.decode()

    ConflictOfInterest.objects.create(reviewer=reviewer, applicant=applicant)

    assert client.get(f"/reviews/{application.pk}/").status_code == 404
    assert client.post(f"/reviews/{application.pk}/claim/").status_code == 404
    assert f'data-application="{application.pk}"' not in client.get("/reviews/").content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_staff_never_read_the_trail_of_their_own_application(client, staff, excellent):
    make_profile(staff)
    own = application_submit(applicant=staff, tier=excellent, evidence=excellent_evidence(staff))
    client.force_login(staff)

    # The trail holds reviewers' internal notes, which an applicant never reads.
    assert client.get(f"/reviews/{own.pk}/").status_code == 404
    assert client.get(f"/reviews/{own.pk}/trail/").status_code == 404


def test_staff_read_the_full_trail_of_others_with_internal_notes(
    client, staff, reviewer, applicant, excellent
):
    from reviews.services import review_note

    make_profile(applicant)
    application = application_submit(
        applicant=applicant, tier=excellent, evidence=excellent_evidence(applicant)
    )
    review_note(application=application, reviewer=reviewer, note="Called the maintainer.")
    client.force_login(staff)

    html = client.get(f"/reviews/{application.pk}/trail/").content.decode()

    assert 'data-action="submit"' in html
    assert "Called the maintainer." in html


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("applicant", 403), ("reviewer", 302)]
)
def test_judging_evidence_needs_a_reviewer(client, request, who, expected, reviewer):
    from applications.models import Evidence
    from reviews.services import review_claim
    from tests.factories import submitted

    applicant = request.getfixturevalue("applicant")
    application = submitted(applicant)
    review_claim(application=application, reviewer=reviewer)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    item = application.evidence.first()

    response = client.post(
        f"/reviews/{application.pk}/evidence/{item.pk}/judge/", {"verdict": "verified"}
    )

    assert response.status_code == expected
    item.refresh_from_db()
    judged = item.verification == Evidence.Verification.VERIFIED
    assert judged is (who == "reviewer")
