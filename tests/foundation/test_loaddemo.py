import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.rules import can_review, is_programme_staff
from demo.people import STANDING_ACCOUNTS

pytestmark = pytest.mark.django_db


def counts():
    return (User.objects.count(), EmailAddress.objects.count(), Group.objects.count())


def test_loaddemo_is_idempotent(capsys):
    call_command("loaddemo", "--people", "30")
    first = counts()
    call_command("loaddemo", "--people", "30")

    assert counts() == first
    assert first[0] == 30 + len(STANDING_ACCOUNTS)
    out = capsys.readouterr().out
    assert "password" in out


def test_loaddemo_accounts_can_log_in_with_the_printed_password(client, settings):
    call_command("loaddemo", "--people", "2")

    logged_in = client.login(
        email="applicant00001@demo.mindspore-growth.local", password=settings.DEMO_PASSWORD
    )

    assert logged_in


def test_loaddemo_creates_a_reviewer_and_programme_staff():
    call_command("loaddemo", "--people", "1")

    assert can_review(User.objects.get(email="reviewer@demo.mindspore-growth.local"))
    assert is_programme_staff(User.objects.get(email="staff@demo.mindspore-growth.local"))


def test_loaddemo_refuses_a_negative_count():
    with pytest.raises(CommandError, match="--people"):
        call_command("loaddemo", "--people", "-1")


def test_loaddemo_gives_applicants_profiles_evidence_and_applications_in_every_state():
    from applications.models import Application, Evidence, Profile
    from applications.models.application import State

    call_command("loaddemo", "--people", "12")
    first = (Profile.objects.count(), Evidence.objects.count(), Application.objects.count())
    call_command("loaddemo", "--people", "12")

    assert first == (Profile.objects.count(), Evidence.objects.count(), Application.objects.count())
    assert first[0] == 12
    assert set(Application.objects.values_list("state", flat=True)) == set(State.values)


class Terminal(io.StringIO):
    """stderr as a terminal: tqdm draws its bar only there."""

    def isatty(self):
        return True


def test_loaddemo_shows_progress_on_a_terminal_up_to_every_person():
    terminal = Terminal()

    call_command("loaddemo", "--people", "30", stderr=terminal)

    drawn = terminal.getvalue()
    assert "history" in drawn
    assert "30/30" in drawn
    assert "31/30" not in drawn


def test_loaddemo_draws_no_bar_into_a_file_or_pipe():
    log = io.StringIO()

    call_command("loaddemo", "--people", "5", stderr=log)

    assert log.getvalue() == ""


def test_the_printed_applicant_account_has_benefits_to_see(client, settings):
    from benefits.models import Grant, Offer

    call_command("loaddemo", "--people", "12")

    assert Offer.objects.count() == 3
    person = User.objects.get(email="applicant00001@demo.mindspore-growth.local")
    assert Grant.objects.filter(person=person).exists()
    client.force_login(person)
    response = client.get("/me/benefits/")
    assert response.status_code == 200
    assert Grant.objects.filter(person=person).first().offer.title_en in response.content.decode()
