from django.utils.translation import gettext_lazy as _

from mindspore_growth.errors import DomainError


class BenefitRefused(DomainError):
    default_message = _("This benefit cannot be claimed.")
