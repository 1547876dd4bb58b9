from allauth.socialaccount.providers.github.views import (
    GitHubOAuth2Adapter as AllauthGitHubOAuth2Adapter,
)
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.conf import settings


class GitHubOAuth2Adapter(AllauthGitHubOAuth2Adapter):
    @property
    def authorize_url(self):
        return f"{settings.GITHUB_OAUTH_URL}/login/oauth/authorize"

    @property
    def access_token_url(self):
        return f"{settings.GITHUB_OAUTH_URL}/login/oauth/access_token"

    @property
    def profile_url(self):
        return f"{settings.GITHUB_API_URL}/user"

    @property
    def emails_url(self):
        return f"{settings.GITHUB_API_URL}/user/emails"


oauth2_login = OAuth2LoginView.adapter_view(GitHubOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(GitHubOAuth2Adapter)
