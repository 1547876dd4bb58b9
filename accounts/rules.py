"""Roles as named predicates (the ``rules`` package); views and services ask these.

Object-level rules live with their objects' app: who may review an application is
``reviews.rules``. Nothing here is registered as a Django permission: code calls the predicates.
"""

import rules

from .access import access_of
from .roles import Role


@rules.predicate
def is_reviewer(user):
    return _has_role(user, Role.REVIEWER)


@rules.predicate
def is_programme_staff(user):
    return bool(getattr(user, "is_superuser", False)) or _has_role(user, Role.STAFF)


def _has_role(user, role):
    if not getattr(user, "is_authenticated", False):
        return False
    return role.value in access_of(user).roles


can_review = is_reviewer | is_programme_staff


@rules.predicate
def holds_a_permission(user):
    """Granted any Django permission, directly or through a group (fulfilment, admin rights)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.get_all_permissions())


@rules.predicate
def is_admin_user(user):
    return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))


# Who decides certifications, sees shipping addresses or opens the admin signs in with a second
# factor: reviewers, programme staff, superusers and staff, and anyone granted a permission.
needs_second_factor = is_admin_user | can_review | holds_a_permission
