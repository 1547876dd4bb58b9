"""Changes of state for accounts."""

from allauth.socialaccount.internal import flows
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from mindspore_growth.errors import NotAllowed

from .access import forget_access_of
from .models import User
from .roles import Role


@transaction.atomic
def user_grant_role(*, user: User, role: Role) -> bool:
    """Add ``user`` to the role's group; returns False when they already had it."""
    group, _ = Group.objects.get_or_create(name=role.value)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    forget_access_of(user)
    return True


@transaction.atomic
def user_revoke_role(*, user: User, role: Role) -> bool:
    """Remove ``user`` from the role's group; returns False when they did not have it."""
    group = Group.objects.filter(name=role.value).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    forget_access_of(user)
    return True


def forge_unlink_refusal(account: SocialAccount) -> str | None:
    """Why this linked forge account may not be unlinked now, or None.

    The rule is allauth's: never the last way to sign in (no other linked account and no
    usable password), never when no confirmed address could reset the password; our adapter
    words the refusals. The unlink page and ``forge_account_unlink`` both ask it.
    """
    try:
        flows.connect.validate_disconnect(None, account)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def forge_account_unlink(*, request, user: User, account: SocialAccount) -> None:
    """Unlink one of ``user``'s forge accounts (its token goes with it), through allauth's
    flow (its ``social_account_removed`` signal, its notification).

    Refuses another person's account and the last way to sign in (``forge_unlink_refusal``).
    """
    if account.user_id != user.pk:
        raise NotAllowed()
    refusal = forge_unlink_refusal(account)
    if refusal:
        raise NotAllowed(refusal)
    with transaction.atomic():
        flows.connect.disconnect(request, account)
