from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def credential_key_is_configured(app_configs, **kwargs):
    """Several web processes must sign with one key, or credentials fail verification."""
    if settings.CREDENTIAL_SIGNING_KEY:
        return []
    return [
        Warning(
            "CREDENTIAL_SIGNING_KEY is not set: each process generates its own signing key and "
            "credentials signed by one fail against another's published key.",
            hint="Set CREDENTIAL_SIGNING_KEY to an Ed25519 private key in PEM (see README).",
            id="honor_wall.W001",
        )
    ]
