"""Staff revoke and re-issue certifications; the wall tells other apps through signals."""

import pytest

from applications.models import Application
from honor_wall.models import Certification
from honor_wall.services import certification_issue, certification_reissue, certification_revoke
from honor_wall.signals import certification_issued, certification_revoked
from mindspore_growth.errors import IllegalTransition, NotAllowed
from tests.factories import set_state, tier

REASON = "The evidence was copied from another contributor."


def revoke_url(certification):
    return f"/verify/{certification.public_id}/revoke/"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_see_the_revoke_form(staff_client, certification):
    response = staff_client.get(revoke_url(certification))

    assert response.status_code == 200
    html = response.content.decode()
    assert "You are about to revoke Vera Visible's Excellent Developer certification." in html
    assert 'name="reason"' in html
    assert 'name="confirm"' in html


def test_a_reviewer_may_not_revoke(client, reviewer, certification):
    client.force_login(reviewer)

    assert client.get(revoke_url(certification)).status_code == 403
    response = client.post(revoke_url(certification), {"reason": REASON, "confirm": "on"})
    assert response.status_code == 403
    certification.refresh_from_db()
    assert certification.status == Certification.Status.VALID


def test_anonymous_people_are_sent_to_log_in(client, certification):
    response = client.get(revoke_url(certification))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={revoke_url(certification)}"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": REASON}, "confirm"),
        ({"confirm": "on"}, "reason"),
        ({"reason": "   ", "confirm": "on"}, "reason"),
    ],
)
def test_revoking_without_reason_or_confirmation_is_a_form_error(
    staff_client, certification, data, field
):
    response = staff_client.post(revoke_url(certification), data)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert f'id="error_1_id_{field}"' in response.content.decode()
    certification.refresh_from_db()
    assert certification.status == Certification.Status.VALID
    assert certification.revoked_reason == ""


def test_staff_revoke_with_a_reason_and_the_verification_page_shows_it(
    staff_client, staff, certification
):
    response = staff_client.post(revoke_url(certification), {"reason": REASON, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certification.public_id}/"
    certification.refresh_from_db()
    assert certification.status == Certification.Status.REVOKED
    assert certification.revoked_reason == REASON
    assert certification.revoked_by == staff
    assert certification.revoked_at is not None
    page = staff_client.get(response["Location"]).content.decode()
    assert 'data-status="revoked"' in page
    assert REASON in page
    assert "The certification is revoked." in page


def test_revoking_twice_shows_an_error_not_a_500(staff_client, certification):
    staff_client.post(revoke_url(certification), {"reason": REASON, "confirm": "on"})

    response = staff_client.post(
        revoke_url(certification), {"reason": "Another reason", "confirm": "on"}, follow=True
    )

    assert response.status_code == 200
    assert "This certification is already revoked." in response.content.decode()
    certification.refresh_from_db()
    assert certification.revoked_reason == REASON


def test_staff_reissue_a_revoked_certification(staff_client, certification, staff):
    certification_revoke(certification=certification, actor=staff, reason=REASON)

    response = staff_client.post(f"/verify/{certification.public_id}/reissue/", follow=True)

    assert response.status_code == 200
    certification.refresh_from_db()
    assert certification.status == Certification.Status.VALID
    assert certification.revoked_reason == ""
    assert certification.revoked_by is None
    assert certification.reinstated_at is not None
    html = response.content.decode()
    assert 'data-status="valid"' in html
    assert "The certification is valid again." in html


def test_reissuing_a_valid_certification_shows_an_error(staff_client, certification):
    response = staff_client.post(f"/verify/{certification.public_id}/reissue/", follow=True)

    assert "Only a revoked certification can be re-issued." in response.content.decode()


def test_reissue_is_post_only_and_staff_only(client, reviewer, staff, certification):
    certification_revoke(certification=certification, actor=staff, reason=REASON)
    url = f"/verify/{certification.public_id}/reissue/"
    client.force_login(reviewer)

    assert client.post(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 405
    certification.refresh_from_db()
    assert certification.status == Certification.Status.REVOKED


def test_only_programme_staff_may_revoke_or_reissue_through_the_services(
    reviewer, staff, certification
):
    with pytest.raises(NotAllowed):
        certification_revoke(certification=certification, actor=reviewer, reason=REASON)
    certification_revoke(certification=certification, actor=staff, reason=REASON)
    with pytest.raises(NotAllowed):
        certification_reissue(certification=certification, actor=reviewer)


def test_revoking_needs_a_reason(staff, certification):
    with pytest.raises(IllegalTransition):
        certification_revoke(certification=certification, actor=staff, reason="  ")

    certification.refresh_from_db()
    assert certification.status == Certification.Status.VALID


def test_revoked_person_leaves_the_wall_and_comes_back_when_reissued(client, staff, certification):
    certification_revoke(certification=certification, actor=staff, reason=REASON)
    assert "vera-visible" not in client.get("/honor-wall/").content.decode()

    certification_reissue(certification=certification, actor=staff)
    assert 'data-handle="vera-visible"' in client.get("/honor-wall/").content.decode()


# --- Signals ----------------------------------------------------------------------------------
class Recorder:
    def __init__(self):
        self.received = []

    def __call__(self, sender, certification, **kwargs):
        self.received.append((sender, certification.pk, certification.status))


@pytest.fixture
def on_revoked():
    recorder = Recorder()
    certification_revoked.connect(recorder, sender=Certification, weak=False)
    yield recorder
    certification_revoked.disconnect(recorder, sender=Certification)


@pytest.fixture
def on_issued():
    recorder = Recorder()
    certification_issued.connect(recorder, sender=Certification, weak=False)
    yield recorder
    certification_issued.disconnect(recorder, sender=Certification)


def test_revoking_sends_certification_revoked_once_it_commits(
    staff_client, certification, on_revoked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as after_commit:
        staff_client.post(revoke_url(certification), {"reason": REASON, "confirm": "on"})
    assert on_revoked.received == []  # never inside the revocation's transaction

    for callback in after_commit:
        callback()
    assert on_revoked.received == [(Certification, certification.pk, "revoked")]


def test_a_refused_revocation_sends_nothing(staff_client, certification, on_revoked):
    staff_client.post(revoke_url(certification), {"reason": REASON})

    assert on_revoked.received == []


def test_issuing_sends_certification_issued_once_per_application(
    applicant, on_issued, django_capture_on_commit_callbacks
):
    application = Application.objects.create(applicant=applicant, tier=tier("evangelist"))
    set_state(application, Application.State.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        certification = certification_issue(application=application, approvers=[])
        again = certification_issue(application=application, approvers=[])

    assert again.pk == certification.pk
    assert on_issued.received == [(Certification, certification.pk, "valid")]


def test_reissuing_sends_certification_issued(
    staff_client, staff, certification, on_issued, django_capture_on_commit_callbacks
):
    certification_revoke(certification=certification, actor=staff, reason=REASON)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/verify/{certification.public_id}/reissue/")

    assert on_issued.received == [(Certification, certification.pk, "valid")]


def test_staff_never_revoke_or_reissue_their_own_certification(staff):
    from honor_wall.services import certification_reissue, certification_revoke
    from tests.factories import certify, make_person

    make_person("staff-self", slug=None)
    own = certify(staff)

    with pytest.raises(NotAllowed):
        certification_revoke(certification=own, actor=staff, reason="Self-service")
    with pytest.raises(NotAllowed):
        certification_reissue(certification=own, actor=staff)
