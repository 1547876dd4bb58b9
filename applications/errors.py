"""Domain errors: views show them as messages (409 in the API), never as a 500."""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """Base of every refusal the applications domain makes; ``message`` is for people."""

    default_message = _("This action is not possible.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class IllegalTransition(ApplicationError):
    default_message = _("This application cannot do that in its current state.")


class StaleState(IllegalTransition):
    default_message = _("Someone else changed this application first; reload to see its state.")


class NotAllowed(ApplicationError):
    default_message = _("You are not allowed to do that.")


class ApplicationRefused(ApplicationError):
    default_message = _("This application cannot be submitted.")


class EvidenceLocked(ApplicationError):
    default_message = _(
        "This evidence backs an application under review and cannot change until it is decided."
    )
