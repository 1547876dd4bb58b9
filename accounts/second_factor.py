"""Two-factor sign-in (allauth's MFA: an authenticator app with recovery codes).

Everyone may turn it on from the account pages; people for whom ``needs_second_factor`` holds
must. The rule is enforced in one place, ``SecondFactorRequiredMiddleware``: until such a person
has set it up, every page but the account pages sends them to set it up, so no privileged page
(the queue, the admin, fulfilment, staff pages yet to be written) opens without it.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .rules import needs_second_factor

# A second factor is an authenticator app or a security key; recovery codes only back them up.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]

# Where someone who must set up a second factor may still go: signing in and out, the account
# pages where it is set up, switching language, assets and the health check.
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/jsi18n/", "/static/", "/healthz/")


def has_second_factor(user) -> bool:
    cached = getattr(user, "_has_second_factor", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()
        user._has_second_factor = cached
    return cached


def lacks_required_second_factor(user) -> bool:
    """True for a signed-in person whose role needs a second factor and who has none."""
    return (
        getattr(user, "is_authenticated", False)
        and needs_second_factor(user)
        and not has_second_factor(user)
    )


class SecondFactorRequiredMiddleware:
    """Send a privileged person without a second factor to set one up, whatever they open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(OPEN_PREFIXES) and lacks_required_second_factor(
            request.user
        ):
            messages.warning(
                request,
                _(
                    "Your role needs two-factor sign-in. Set up an authenticator app to "
                    "continue; you will then be asked for a code each time you sign in."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """A person who must use a second factor may replace it but not remove the last one."""
        user = authenticator.user
        if authenticator.type in SECOND_FACTORS and needs_second_factor(user):
            others = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exclude(
                pk=authenticator.pk
            )
            return others.exists()
        return super().can_delete_authenticator(authenticator)
