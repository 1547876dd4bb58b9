"""Roles as named predicates (the ``rules`` package); views and services ask these.

Object-level rules live with their objects' app: who may review an application is
``reviews.rules``. Nothing here is registered as a Django permission: code calls the predicates.
"""

import rules

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
    # Cache the user's group names on the instance: templates and services ask several times
    # per request, and one query is enough.
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return role.value in names


can_review = is_reviewer | is_programme_staff
