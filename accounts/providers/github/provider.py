from allauth.socialaccount.providers.github.provider import GitHubProvider as AllauthGitHubProvider

from .views import GitHubOAuth2Adapter


class GitHubProvider(AllauthGitHubProvider):
    oauth2_adapter_class = GitHubOAuth2Adapter

    def get_default_scope(self):
        return ["read:user"]
