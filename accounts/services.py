"""Changes of state for accounts."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role


@transaction.atomic
def user_grant_role(*, user: User, role: Role) -> bool:
    """Add ``user`` to the role's group; returns False when they already had it."""
    group, _ = Group.objects.get_or_create(name=role.value)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)
    return True


@transaction.atomic
def user_revoke_role(*, user: User, role: Role) -> bool:
    """Remove ``user`` from the role's group; returns False when they did not have it."""
    group = Group.objects.filter(name=role.value).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    user.__dict__.pop("_role_names", None)
    return True
