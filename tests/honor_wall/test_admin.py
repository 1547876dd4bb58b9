"""The admin shows certifications read-only; revoking and re-issuing there go through the same
services as the verification page: a reason, the event the other apps react to, grants."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.dispatch import receiver

from benefits.models import Grant
from honor_wall.models import Certification
from honor_wall.signals import certification_revoked
from tests.benefits.conftest import make_offer
from tests.factories import UserFactory, certify, staff_factory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/honor_wall/certification/"


@pytest.fixture
def admin_staff(client):
    """Programme staff with access to the admin (and their second factor)."""
    user = staff_factory(email="admin-staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def certified(applicant):
    make_offer(title_en="MindSpore hoodie")
    certification = certify(applicant)
    assert Grant.objects.get(person=applicant).status == Grant.Status.OFFERED
    return certification


@pytest.fixture
def revocations():
    seen = []

    @receiver(certification_revoked, dispatch_uid="test-admin-revoked")
    def on_revoked(sender, certification, **kwargs):
        seen.append(certification.pk)

    yield seen
    certification_revoked.disconnect(dispatch_uid="test-admin-revoked")


def test_status_revocation_and_expiry_cannot_be_edited(client, admin_staff, certified):
    page = client.get(f"{CHANGELIST}{certified.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    for field in ["status", "revoked_reason", "expires_on", "revoked_at", "revoked_by"]:
        assert f'name="{field}"' not in html, field

    # A forged POST changes nothing either.
    client.post(f"{CHANGELIST}{certified.pk}/change/", {"status": "revoked", "expires_on": ""})
    certified.refresh_from_db()
    assert certified.status == Certification.Status.VALID


def test_revoke_asks_for_a_reason_first(client, admin_staff, certified):
    data = {"action": "revoke_selected", ACTION_CHECKBOX_NAME: [certified.pk]}

    confirmation = client.post(CHANGELIST, data)
    assert confirmation.status_code == 200
    assert 'name="reason"' in confirmation.content.decode()

    no_reason = client.post(CHANGELIST, {**data, "apply": "1", "reason": " ", "confirm": "on"})
    assert no_reason.status_code == 400
    certified.refresh_from_db()
    assert certified.status == Certification.Status.VALID


def test_the_revoke_action_records_the_reason_sends_the_event_and_cancels_unclaimed_grants(
    client, admin_staff, certified, revocations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {
                "action": "revoke_selected",
                ACTION_CHECKBOX_NAME: [certified.pk],
                "apply": "1",
                "reason": "Plagiarised article",
                "confirm": "on",
            },
            follow=True,
        )

    assert "1 certification revoked." in response.content.decode()
    certified.refresh_from_db()
    assert certified.status == Certification.Status.REVOKED
    assert certified.revoked_reason == "Plagiarised article"
    assert certified.revoked_by == admin_staff
    assert certified.revoked_at is not None
    assert revocations == [certified.pk]
    assert Grant.objects.get(person=certified.person).status == Grant.Status.CANCELLED


def test_reissue_action_makes_it_valid_again(client, admin_staff, certified):
    from honor_wall.services import certification_revoke

    certification_revoke(certification=certified, actor=admin_staff, reason="By mistake")

    response = client.post(
        CHANGELIST,
        {"action": "reissue_selected", ACTION_CHECKBOX_NAME: [certified.pk]},
        follow=True,
    )

    assert "1 certification is valid again." in response.content.decode()
    certified.refresh_from_db()
    assert certified.status == Certification.Status.VALID
    assert certified.revoked_reason == ""


def test_a_refusal_is_reported_per_certification_not_a_500(client, admin_staff, certified):
    own = certify(admin_staff)  # staff never revoke their own certification

    response = client.post(
        CHANGELIST,
        {
            "action": "revoke_selected",
            ACTION_CHECKBOX_NAME: [certified.pk, own.pk],
            "apply": "1",
            "reason": "Audit",
            "confirm": "on",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "1 certification revoked." in response.content.decode()
    own.refresh_from_db()
    assert own.status == Certification.Status.VALID


def test_admin_users_who_are_not_programme_staff_do_not_get_the_actions(client, certified):
    viewer = UserFactory(email="viewer@example.org", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_certification"))
    client.force_login(viewer)

    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert "revoke_selected" not in page.content.decode()
    client.post(
        CHANGELIST,
        {
            "action": "revoke_selected",
            ACTION_CHECKBOX_NAME: [certified.pk],
            "apply": "1",
            "reason": "x",
            "confirm": "on",
        },
    )
    certified.refresh_from_db()
    assert certified.status == Certification.Status.VALID
