from django.utils.translation import gettext_lazy as _

from mindspore_growth.errors import DomainError, IllegalTransition, NotAllowed


class AlreadyDecided(IllegalTransition):
    default_message = _("This application has already been decided.")


class ClaimedByOther(NotAllowed):
    default_message = _("Another reviewer has claimed this application.")


class AlreadyApproved(IllegalTransition):
    default_message = _("You have already approved this application; another reviewer must.")


class Conflicted(NotAllowed):
    default_message = _("You declared a conflict of interest with this applicant.")


class BulkRefused(DomainError):
    """Some of a bulk action's applications were refused; nothing was changed."""

    def __init__(self, failures):
        self.failures = failures  # [(application, message)]
        super().__init__(
            _("Nothing was changed: %(count)s could not be processed.") % {"count": len(failures)}
        )
