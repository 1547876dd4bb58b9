from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Remember the language a person signed up in: we write to them in it."""

    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() or user.language
        if user.language not in {"en", "zh-hans"}:
            user.language = "en"
        return super().save_user(request, user, form, commit=commit)
