"""Refusals of the applications domain; the shared base lives in ``mindspore_growth.errors``."""

from django.utils.translation import gettext_lazy as _

from mindspore_growth.errors import DomainError, IllegalTransition


class StaleState(IllegalTransition):
    default_message = _("Someone else changed this application first; reload to see its state.")


class ApplicationRefused(DomainError):
    default_message = _("This application cannot be submitted.")


class EvidenceLocked(DomainError):
    default_message = _(
        "This evidence backs an application under review and cannot change until it is decided."
    )


class EvidenceImported(DomainError):
    default_message = _(
        "This evidence was imported from your forge account and follows it: only whether it is "
        "public can change here."
    )
