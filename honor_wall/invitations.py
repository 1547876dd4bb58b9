"""Certifications imported for someone without an account attach when they confirm that
address: allauth's ``email_confirmed`` (sign-up by email, then the link), and
``user_signed_up`` for a sign-up whose address is verified already (a forge account). Only a
confirmed address counts: anyone can type someone else's address into a sign-up form."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.dispatch import receiver

from .services import certifications_attach


@receiver(email_confirmed, dispatch_uid="honor-wall-attach-on-confirm")
def _address_confirmed(sender, request, email_address, **kwargs):
    certifications_attach(user=email_address.user, email=email_address.email)


@receiver(user_signed_up, dispatch_uid="honor-wall-attach-on-sign-up")
def _signed_up(sender, request, user, **kwargs):
    for address in EmailAddress.objects.filter(user=user, verified=True):
        certifications_attach(user=user, email=address.email)
