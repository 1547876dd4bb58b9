"""A signed-in person's roles and permissions come from the cache after the first read, and
every grant, revocation or deletion shows on the next request."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.access import access_of
from accounts.roles import Role
from accounts.rules import can_review, holds_a_permission, needs_second_factor
from accounts.services import user_grant_role, user_revoke_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The person as the next request loads them: no answer kept on the instance."""
    return type(user).objects.get(pk=user.pk)


def fulfilment_permission():
    return Permission.objects.get(codename="manage_fulfilment", content_type__app_label="benefits")


def test_roles_and_permissions_are_read_once_then_come_from_the_cache(
    django_assert_num_queries,
):
    user = UserFactory(roles=[Role.REVIEWER])
    user.user_permissions.add(fulfilment_permission())
    first = fresh(user)
    with django_assert_num_queries(3):  # groups, own permissions, the groups' permissions
        assert can_review(first)

    again = fresh(user)
    with django_assert_num_queries(0):
        assert can_review(again)
        assert again.has_perm("benefits.manage_fulfilment")
        assert not again.has_perm("benefits.add_offer")
        assert again.has_module_perms("benefits") and not again.has_module_perms("reviews")
        assert needs_second_factor(again)


def test_a_role_granted_or_revoked_shows_on_the_next_request():
    user = UserFactory()
    assert not can_review(fresh(user))

    user_grant_role(user=user, role=Role.REVIEWER)
    assert can_review(fresh(user))

    user_revoke_role(user=user, role=Role.REVIEWER)
    assert not can_review(fresh(user))


def test_a_permission_given_to_a_group_shows_for_its_members_at_once():
    user = UserFactory(roles=[Role.STAFF])
    assert not fresh(user).has_perm("benefits.manage_fulfilment")

    Group.objects.get(name=Role.STAFF.value).permissions.add(fulfilment_permission())

    assert fresh(user).has_perm("benefits.manage_fulfilment")
    assert holds_a_permission(fresh(user))


def test_a_renamed_group_is_no_longer_the_role():
    user = UserFactory(roles=[Role.REVIEWER])
    assert can_review(fresh(user))
    group = Group.objects.get(name=Role.REVIEWER.value)
    group.name = "former reviewers"
    group.save()

    assert not can_review(fresh(user))


def test_someone_made_superuser_or_deactivated_is_answered_for_what_they_are_now():
    user = UserFactory()
    assert not fresh(user).has_perm("benefits.manage_fulfilment")

    type(user).objects.filter(pk=user.pk).update(is_superuser=True)
    assert fresh(user).has_perm("benefits.manage_fulfilment")
    assert fresh(user).get_all_permissions() >= {"benefits.manage_fulfilment"}

    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert not fresh(user).has_perm("benefits.manage_fulfilment")
    assert fresh(user).get_all_permissions() == set()


def test_a_deleted_persons_roles_never_pass_to_the_next_account_with_their_id():
    reviewer = UserFactory(roles=[Role.REVIEWER])
    pk = reviewer.pk
    assert can_review(fresh(reviewer))

    reviewer.delete()
    newcomer = UserFactory(id=pk)

    assert not can_review(fresh(newcomer))
    assert access_of(fresh(newcomer)).roles == frozenset()


def test_without_a_reachable_cache_the_database_answers(settings, django_assert_num_queries):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    user = UserFactory(roles=[Role.REVIEWER])

    for _ in range(2):
        loaded = fresh(user)
        with django_assert_num_queries(3):
            assert can_review(loaded)
    user_revoke_role(user=user, role=Role.REVIEWER)
    assert not can_review(fresh(user))
