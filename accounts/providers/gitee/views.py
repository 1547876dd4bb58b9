from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)
from django.conf import settings


class GiteeOAuth2Adapter(OAuth2Adapter):
    """Gitee's endpoints, read from settings on each use so that a stand-in forge can take
    Gitee's place (and tests can move it)."""

    provider_id = "gitee"

    @property
    def authorize_url(self):
        return f"{settings.GITEE_OAUTH_URL}/oauth/authorize"

    @property
    def access_token_url(self):
        return f"{settings.GITEE_OAUTH_URL}/oauth/token"

    @property
    def profile_url(self):
        return f"{settings.GITEE_API_URL}/user"

    def complete_login(self, request, app, token, **kwargs):
        with get_adapter().get_requests_session() as session:
            # Gitee's v5 API takes the token as a query parameter.
            response = session.get(self.profile_url, params={"access_token": token.token})
        if response.status_code != 200:
            # Not raise_for_status(): its message quotes the URL, and so the token.
            raise ProviderException(f"Gitee /user answered {response.status_code}")
        try:
            data = response.json()
            data["id"]
        except (ValueError, TypeError, KeyError) as exc:
            raise ProviderException("Gitee /user answered without a user id") from exc
        return self.get_provider().sociallogin_from_response(request, data)


oauth2_login = OAuth2LoginView.adapter_view(GiteeOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(GiteeOAuth2Adapter)
