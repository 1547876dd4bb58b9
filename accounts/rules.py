"""Named permission predicates (the ``rules`` package); views and services ask these."""

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

rules.add_perm("accounts.review_applications", can_review)
rules.add_perm("accounts.run_programme", is_programme_staff)
