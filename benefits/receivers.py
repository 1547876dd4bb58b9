"""Benefits follow the honor wall's signals and answer the applications app's; neither app
knows this one."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from applications.signals import personal_data_requested
from honor_wall.models import Certification
from honor_wall.signals import certification_issued, certification_revoked

from . import selectors, services


@receiver(certification_issued, sender=Certification, dispatch_uid="benefits-grant")
def grant_offers_on_certification(sender, certification, **kwargs):
    services.certification_grant_offers(certification=certification)


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="benefits-account-deleted")
def forget_the_person(sender, instance, **kwargs):
    """A deleted account's addresses go and its unanswered grants with them; claimed and
    fulfilled grants stay, without the person, so quotas still count them."""
    services.person_forget(person=instance)


@receiver(certification_revoked, sender=Certification, dispatch_uid="benefits-cancel")
def cancel_grants_on_revocation(sender, certification, **kwargs):
    services.certification_cancel_grants(certification=certification)


@receiver(personal_data_requested, dispatch_uid="benefits-personal-data")
def benefits_in_the_personal_data_export(sender, user, **kwargs):
    """The person's grants and their own shipping addresses."""
    return "benefits", selectors.personal_benefits(user)
