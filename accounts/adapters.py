from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from mindspore_growth.client_address import client_address


class AccountAdapter(DefaultAccountAdapter):
    """Remember the language a person signed up in: we write to them in it. Count failed logins
    per account *and* client address, the address seen through our trusted proxies."""

    def get_client_ip(self, request):
        return client_address(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys the per-account lock-out on the login alone, so five wrong passwords
        # from anywhere lock the owner out; with the address, a stranger locks only themself.
        # (Password reset clears the key for the address that reset it.)
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{client_address(request)}"

    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() or user.language
        if user.language not in {"en", "zh-hans"}:
            user.language = "en"
        return super().save_user(request, user, form, commit=commit)
