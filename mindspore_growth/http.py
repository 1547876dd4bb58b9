"""How a view runs a service for a button press: the outcome as a message, then a redirect."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect

from .errors import DomainError


def act_and_redirect(
    request, action: Callable[[], object], *, success: str, to: str, **to_kwargs
) -> HttpResponseRedirect:
    """Call ``action`` (a service call); tell the person ``success``, or the domain's refusal
    (any ``DomainError``: a refusal is a message, never a 500), and redirect to the URL named
    ``to`` either way."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(to, **to_kwargs)
