"""Refusals every app may raise: the base of all domain errors and the two every app needs.

Services raise these (or their own subclasses, kept in the app they belong to); views show
``message`` to the person (``mindspore_growth.http.act_and_redirect`` or a form error), never a
500. Any app may import this module: it imports none of them.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of every refusal a service makes; ``message`` is for people."""

    default_message = _("This action is not possible.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotAllowed(DomainError):
    """The actor may not do this (whatever the state)."""

    default_message = _("You are not allowed to do that.")


class IllegalTransition(DomainError):
    """Not possible in the object's current state, or without what the change needs."""

    default_message = _("This is not possible in its current state.")
