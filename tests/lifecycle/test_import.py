"""Issuing existing certifications from a CSV: the dry run, the checks against the database,
issuing row by row, re-uploading, invitations, and sign-up attaching the certification."""

import datetime
import re

import pytest
from django.core import mail
from django.test import TestCase

from applications.models import HeldTier, Profile
from applications.selectors import held_tier_slugs
from honor_wall import importing
from honor_wall.importing import import_check, import_run
from honor_wall.models import Certification, ImportedHolder
from honor_wall.validity import add_months
from mindspore_growth.errors import DomainError, NotAllowed
from notifications.delivery import render
from notifications.models import Notification
from tests.factories import UserFactory, certify, make_profile, today

pytestmark = pytest.mark.django_db

HEADER = "email,name,tier,awarded_on,expires_on,handle,gitee,github\n"
PASSWORD = "a-long-and-unusual-passphrase-42"


def csv(*lines) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


def run(data, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=False):
        return import_run(data, **kwargs)


def statuses(report):
    return [(row.line, row.status, row.reason) for row in report.rows]


# --- The dry run ----------------------------------------------------------------------------
def test_the_dry_run_shows_every_row_and_writes_nothing():
    report = import_check(
        csv(
            "ada@example.org,Ada,excellent-developer,2024-03-05,,,,",
            "bob@example.org,Bob,wizard,2024-03-05,,,,",
            "eve@example.org,Eve,developer,2024-03-05,,,,",  # every user: not awarded
            "carl@example.org,Carl,evangelist,2024-13-01,,,,",
        )
    )

    assert statuses(report) == [
        (2, "issue", ""),
        (3, "refused", "Unknown tier: wizard."),
        (4, "refused", "Unknown tier: developer."),
        (5, "refused", "awarded_on: not a date as YYYY-MM-DD."),
    ]
    assert report.rows[0].invite is True
    assert report.rows[0].expires_on == add_months(datetime.date(2024, 3, 5), 24).isoformat()
    assert not Certification.objects.exists()
    assert not Notification.objects.exists()


def test_someone_already_certified_for_the_tier_is_refused(applicant):
    certify(applicant, "evangelist")

    report = import_check(csv(f"{applicant.email},A,evangelist,2023-01-01,,,,"))

    assert statuses(report) == [(2, "refused", "Already certified for this tier.")]


def test_an_expired_certification_does_not_stop_an_import(applicant):
    certify(
        applicant,
        "evangelist",
        awarded_on=today() - datetime.timedelta(days=800),
        expires_on=today() - datetime.timedelta(days=70),
    )

    report = import_check(csv(f"{applicant.email},A,evangelist,2023-01-01,,,,"))

    assert statuses(report) == [(2, "issue", "")]
    assert report.rows[0].invite is False


# --- Issuing ---------------------------------------------------------------------------------
def test_a_person_with_an_account_is_certified_at_once(applicant):
    make_profile(applicant, wall_consent=True)

    report = run(csv(f"{applicant.email},Applicant,senior-developer,2024-01-02,2030-01-02,,,"))

    assert statuses(report) == [(2, "issued", "")]
    certification = Certification.objects.get(person=applicant)
    assert (certification.tier.slug, certification.awarded_on, certification.expires_on) == (
        "senior-developer",
        datetime.date(2024, 1, 2),
        datetime.date(2030, 1, 2),
    )
    assert held_tier_slugs(applicant) == {"senior-developer"}
    assert applicant.wall_entry.badges.count() == 1
    assert not ImportedHolder.objects.exists()


def test_without_expires_on_the_tiers_validity_applies():
    run(csv("ada@example.org,Ada,excellent-developer,2025-01-31,,,,"))

    assert Certification.objects.get().expires_on == datetime.date(2027, 1, 31)


def test_a_person_without_an_account_is_invited_once_in_the_chosen_language(settings):
    settings.SITE_URL = "https://growth.example.org"

    report = run(
        csv(
            "li@example.org,李雷,evangelist,2024-06-01,,li-lei,lilei,",
            "li@example.org,李雷,evangelist-reserve,2023-06-01,,li-lei,lilei,",
        ),
        language="zh-hans",
    )

    assert [row.status for row in report.rows] == ["issued", "issued"]
    assert Certification.objects.filter(person=None, imported_email="li@example.org").count() == 2
    holder = ImportedHolder.objects.get()
    assert (holder.name, holder.handle, holder.gitee_username, holder.language) == (
        "李雷",
        "li-lei",
        "lilei",
        "zh-hans",
    )
    (invitation,) = Notification.objects.filter(kind="certification_invitation")
    assert (invitation.recipient, invitation.email, invitation.language) == (
        None,
        "li@example.org",
        "zh-hans",
    )
    subject, body = render(invitation)
    assert "布道师" in subject
    assert "https://growth.example.org/accounts/signup/" in body
    assert "您" in body


def test_an_english_invitation():
    run(csv("ada@example.org,Ada,excellent-developer,2024-03-05,,,,"), language="en")

    subject, body = render(Notification.objects.get(kind="certification_invitation"))
    assert subject == "You are a MindSpore Excellent Developer: claim your certification"
    assert "Sign up with this email address" in body


def test_re_uploading_the_same_file_issues_nothing_twice():
    data = csv(
        "ada@example.org,Ada,excellent-developer,2024-03-05,,,,",
        "bob@example.org,Bob,evangelist,2024-03-05,,,,",
    )
    run(data)

    again = run(data)

    assert [row.status for row in again.rows] == ["already", "already"]
    assert Certification.objects.count() == 2
    assert Notification.objects.filter(kind="certification_invitation").count() == 2
    assert [row.status for row in import_check(data).rows] == ["already", "already"]


def test_the_same_person_and_tier_with_another_date_is_already_certified():
    run(csv("ada@example.org,Ada,excellent-developer,2025-03-05,,,,"))  # valid until 2027

    report = run(csv("ada@example.org,Ada,excellent-developer,2025-06-05,,,,"))

    assert statuses(report) == [(2, "refused", "Already certified for this tier.")]


def refuse_the_bulk_insert(monkeypatch):
    """As if another upload imported one of the batch's rows meanwhile."""
    from django.db import IntegrityError

    from honor_wall import services

    def refused(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "certifications_import_waiting", refused)
    monkeypatch.setattr(importing, "certifications_import_waiting", refused)


def test_a_refused_batch_goes_again_one_row_at_a_time(monkeypatch):
    refuse_the_bulk_insert(monkeypatch)

    report = run(
        csv(
            "ada@example.org,Ada,excellent-developer,2024-03-05,,,,",
            "bob@example.org,Bob,evangelist,2024-03-05,,,,",
        )
    )

    assert statuses(report) == [(2, "issued", ""), (3, "issued", "")]
    assert Certification.objects.count() == 2
    assert Notification.objects.filter(kind="certification_invitation").count() == 2


def test_one_row_at_a_time_a_failure_leaves_no_half_row(monkeypatch):
    from honor_wall import services

    refuse_the_bulk_insert(monkeypatch)
    original = services.notification_enqueue_to_address

    def mail_refused(**kwargs):
        if kwargs["email"] == "bob@example.org":
            raise DomainError("The invitation could not be written.")
        return original(**kwargs)

    monkeypatch.setattr(services, "notification_enqueue_to_address", mail_refused)

    report = run(
        csv(
            "ada@example.org,Ada,excellent-developer,2024-03-05,,,,",
            "bob@example.org,Bob,evangelist,2024-03-05,,,,",
            "cat@example.org,Cat,evangelist,2024-03-05,,,,",
        )
    )

    assert statuses(report) == [
        (2, "issued", ""),
        (3, "refused", "The invitation could not be written."),
        (4, "issued", ""),
    ]
    assert set(Certification.objects.values_list("imported_email", flat=True)) == {
        "ada@example.org",
        "cat@example.org",
    }
    assert not ImportedHolder.objects.filter(email="bob@example.org").exists()


def test_a_batch_is_written_whole_or_not_at_all(monkeypatch):
    from django.db import IntegrityError

    from honor_wall import services

    original = services.certification_import
    batches = []

    def members_refused(**kwargs):
        batches.append(Certification.objects.count())  # the other row's insert, not yet undone
        raise IntegrityError("duplicate key value violates unique constraint")

    def member_row_refused(**kwargs):
        if kwargs["person"] is not None:
            raise DomainError("refused")
        return original(**kwargs)

    monkeypatch.setattr(importing, "certifications_import_members", members_refused)
    monkeypatch.setattr(importing, "certification_import", member_row_refused)
    member = UserFactory()

    report = run(
        csv(
            "ada@example.org,Ada,excellent-developer,2024-03-05,,,,",
            f"{member.email},M,evangelist,2024-03-05,,,,",
        )
    )

    # The member's rows failed the batch's transaction after the other row was inserted: it
    # was undone, then both went again one at a time; the member's row failed alone.
    assert batches == [1]
    assert statuses(report) == [(2, "issued", ""), (3, "refused", "refused")]
    assert list(Certification.objects.values_list("imported_email", flat=True)) == [
        "ada@example.org"
    ]
    assert ImportedHolder.objects.get().email == "ada@example.org"


def test_members_in_one_batch_reach_the_wall_and_their_holdings(monkeypatch):
    people = [UserFactory() for _ in range(3)]
    for person in people:
        make_profile(person, wall_consent=True)
    lines = [f"{person.email},P,evangelist,2025-06-01,,,," for person in people]

    run(csv(*lines, "new@example.org,New,evangelist,2025-06-01,,,,"))

    for person in people:
        assert held_tier_slugs(person) == {"evangelist"}
        assert person.wall_entry.badges.get().tier.slug == "evangelist"
    assert Certification.objects.get(person=None).imported_email == "new@example.org"


def test_rows_are_issued_in_batches(monkeypatch):
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    lines = [f"p{n}@example.org,P{n},evangelist,2024-03-05,,,," for n in range(5)]

    report = run(csv(*lines))

    assert [row.status for row in report.rows] == ["issued"] * 5
    assert [row.line for row in report.rows] == [2, 3, 4, 5, 6]


def test_only_programme_staff_import(applicant):
    with pytest.raises(NotAllowed):
        import_run(csv("ada@example.org,Ada,evangelist,2024-03-05,,,,"), actor=applicant)


# --- Sign-up attaches ------------------------------------------------------------------------
def confirmation_link(message):
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_signing_up_with_the_invited_address_attaches_the_certification(client):
    run(csv("New.Person@example.org,New Person,evangelist,2025-06-01,,new-person,,newgh"))

    client.post(
        "/accounts/signup/",
        {"email": "new.person@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    certification = Certification.objects.get()
    assert certification.person is None  # not before the address is confirmed
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(confirmation_link(mail.outbox[-1]))

    certification.refresh_from_db()
    user = certification.person
    assert user.email == "new.person@example.org"
    assert held_tier_slugs(user) == {"evangelist"}
    assert HeldTier.objects.get(person=user).certification_id == certification.pk
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.handle, profile.github_username) == (
        "New Person",
        "new-person",
        "newgh",
    )
    assert profile.wall_consent is False  # consent is theirs to give
    assert ImportedHolder.objects.get().joined_at is not None
    client.force_login(user)
    assert str(certification.public_id) in client.get("/me/certifications/").content.decode()


def test_another_persons_unconfirmed_sign_up_gets_nothing(client):
    run(csv("victim@example.org,Victim,evangelist,2024-06-01,,,,"))

    client.post(
        "/accounts/signup/",
        {"email": "victim@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert Certification.objects.get().person is None


def test_a_taken_handle_leaves_the_profile_to_the_person(client):
    make_profile(UserFactory(), "taken")
    run(csv("new@example.org,New,evangelist,2024-06-01,,taken,,"))
    client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    client.post(confirmation_link(mail.outbox[-1]))

    certification = Certification.objects.get()
    assert certification.person is not None
    assert not Profile.objects.filter(user=certification.person).exists()
