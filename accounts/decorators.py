"""View guards by role: anonymous people log in first, people without the role get a 403."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .rules import can_review, is_programme_staff


def role_required(predicate):
    """A view decorator from a predicate on the user (a role, a permission)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


reviewer_required = role_required(can_review)
staff_required = role_required(is_programme_staff)
