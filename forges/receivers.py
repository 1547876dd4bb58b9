"""Contributions arrive on their own: linking a forge account, signing up with one, or signing in
with one again (after the forge refused the old token) queues an import of that person once the
change has committed. allauth's signals are the hook; ``refresh.import_soon`` queues the import
(``tasks.import_person``).
"""

from allauth.account.signals import user_signed_up
from allauth.socialaccount.signals import social_account_added, social_account_updated
from django.dispatch import receiver

from .refresh import import_soon
from .services import FORGES


@receiver(social_account_added, dispatch_uid="forges-import-after-link")
def import_after_link(sender, request, sociallogin, **kwargs):
    if sociallogin.account.provider in FORGES:
        import_soon(sociallogin.user)


@receiver(user_signed_up, dispatch_uid="forges-import-after-sign-up")
def import_after_sign_up(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is not None and sociallogin.account.provider in FORGES:
        import_soon(user)


@receiver(social_account_updated, dispatch_uid="forges-import-after-sign-in-again")
def import_after_sign_in_again(sender, request, sociallogin, **kwargs):
    # Only when the forge had refused the old token: an ordinary sign-in is not a refresh.
    link = getattr(sociallogin.account, "forge_link", None)
    if sociallogin.account.provider in FORGES and link is not None and link.needs_sign_in:
        import_soon(sociallogin.user)
