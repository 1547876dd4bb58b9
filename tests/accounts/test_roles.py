"""Roles as groups, granted by a management command; predicates used by views and services."""

import pytest
from django.core.management import CommandError, call_command

from accounts.roles import Role
from accounts.rules import can_review, is_programme_staff, is_reviewer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_grant_role_makes_a_user_a_reviewer(capsys):
    user = UserFactory(email="rev@example.org")
    assert not is_reviewer(fresh(user))

    call_command("grant_role", "REV@example.org", "reviewer")

    assert is_reviewer(fresh(user))
    assert can_review(fresh(user))
    assert not is_programme_staff(fresh(user))
    assert "now has the reviewer role" in capsys.readouterr().out


def test_grant_role_makes_a_user_programme_staff():
    user = UserFactory(email="staffer@example.org")

    call_command("grant_role", "staffer@example.org", "staff")

    assert is_programme_staff(fresh(user))
    assert fresh(user).groups.filter(name=Role.STAFF.value).exists()


def test_granting_twice_says_so_and_changes_nothing(capsys):
    user = UserFactory(email="rev@example.org")
    call_command("grant_role", "rev@example.org", "reviewer")

    call_command("grant_role", "rev@example.org", "reviewer")

    assert "already had" in capsys.readouterr().out
    assert fresh(user).groups.count() == 1


def test_revoke_takes_the_role_away():
    user = UserFactory(email="rev@example.org", roles=[Role.REVIEWER])

    call_command("grant_role", "rev@example.org", "reviewer", "--revoke")

    assert not is_reviewer(fresh(user))


def test_unknown_email_is_a_clear_command_error():
    with pytest.raises(CommandError, match="No user with the email address"):
        call_command("grant_role", "nobody@example.org", "reviewer")


def test_unknown_role_is_refused():
    UserFactory(email="rev@example.org")
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("grant_role", "rev@example.org", "emperor")


def test_anonymous_users_have_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert not can_review(AnonymousUser())
    assert not is_programme_staff(AnonymousUser())


def test_reviewer_queue_link_shows_only_for_reviewers(client, reviewer, applicant):
    client.force_login(applicant)
    assert client.get("/").context["user_can_review"] is False

    client.force_login(reviewer)
    assert client.get("/").context["user_can_review"] is True
