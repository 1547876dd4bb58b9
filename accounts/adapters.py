import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, _build_apps_from_settings
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mindspore_growth.client_address import client_address

logger = logging.getLogger(__name__)


def current_language(default="en"):
    """The language of this request if we speak it: the one we will write to the person in."""
    language = translation.get_language() or default
    return language if language in {"en", "zh-hans"} else "en"


class AccountAdapter(DefaultAccountAdapter):
    """Remember the language a person signed up in: we write to them in it. Count failed logins
    per account *and* client address, the address seen through our trusted proxies. Confirming
    an email says so once, without a second "signed in" message under it."""

    def get_client_ip(self, request):
        return client_address(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys the per-account lock-out on the login alone, so five wrong passwords
        # from anywhere lock the owner out; with the address, a stranger locks only themself.
        # (Password reset clears the key for the address that reset it.)
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{client_address(request)}"

    def format_email_subject(self, subject):
        # Our name in the reader's language, where allauth would put the Site's English name.
        return f"[{gettext('MindSpore Growth')}] {subject}"

    def send_mail(self, template_prefix, email, context):
        # Our email templates (templates/account/email/) sign with the site's address.
        super().send_mail(template_prefix, email, {**context, "site_url": settings.SITE_URL})

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        # Confirming an email signs the person in too: one message says so, not two stacked.
        if message_template == "account/messages/email_confirmed.txt":
            request._email_just_confirmed = True
        elif message_template == "account/messages/logged_in.txt" and getattr(
            request, "_email_just_confirmed", False
        ):
            return
        super().add_message(
            request, level, message_template, message_context, extra_tags, message=message
        )

    def save_user(self, request, user, form, commit=True):
        user.language = current_language(user.language)
        return super().save_user(request, user, form, commit=commit)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Signing in and linking with Gitee and GitHub, on allauth's flows.

    The forges' apps come from settings only (a forge without a client id has no buttons and
    its sign-in URLs answer 404); refusals are said in our words; a failed sign-in is logged
    without anything the forge sent (which may carry a token).
    """

    error_messages = {
        **DefaultSocialAccountAdapter.error_messages,
        "no_password": _(
            "This is your last way to sign in: set a password or link another account "
            "before you unlink it."
        ),
        "disconnect_last": _(
            "This is your last way to sign in: link another account before you unlink it."
        ),
        "no_verified_email": _(
            "Confirm an email address first: without one you could not reset your password "
            "after unlinking."
        ),
        "connected_other": _(
            "This forge account is already linked to another person here. Sign in as that "
            "person and unlink it first, or link a different account."
        ),
    }

    def list_apps(self, request, provider=None, client_id=None):
        # Settings only: no query for apps on every log-in page, no app hidden in the database.
        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]

    def get_provider(self, request, provider, client_id=None):
        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404("This forge is not configured.") from None

    def get_connect_redirect_url(self, request, socialaccount):
        return reverse("accounts:linked")

    def pre_social_login(self, request, sociallogin):
        # One account per forge and person, so that "their Gitee login" names one login.
        if sociallogin.state.get("process") != "connect" or not request.user.is_authenticated:
            return
        provider = sociallogin.account.provider
        another = SocialAccount.objects.filter(user=request.user, provider=provider).exclude(
            uid=sociallogin.account.uid
        )
        if another.exists():
            messages.error(
                request,
                _(
                    "You have already linked a %(forge)s account. Unlink it first to link "
                    "another one."
                )
                % {"forge": sociallogin.provider.name},
            )
            raise ImmediateHttpResponse(redirect("accounts:linked"))

    def save_user(self, request, sociallogin, form=None):
        sociallogin.user.language = current_language(sociallogin.user.language)
        return super().save_user(request, sociallogin, form=form)

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        # The exception's text may quote what the forge sent or a URL with a token: name its
        # type only.
        logger.warning(
            "Sign-in with %s failed: %s%s",
            getattr(provider, "id", provider),
            error,
            f" ({type(exception).__name__})" if exception else "",
        )
        return super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
