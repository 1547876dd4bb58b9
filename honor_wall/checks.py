from django.conf import settings
from django.core.checks import Tags, Warning, register

from .certificate_pdf import font_available


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


@register()
def certificate_font_is_installed(app_configs, **kwargs):
    """Certificates embed one TrueType font with Chinese; without it some glyphs go missing."""
    if font_available():
        return []
    return [
        Warning(
            f"CERTIFICATE_FONT_FILE ({settings.CERTIFICATE_FONT_FILE}) does not exist: "
            "certificate PDFs fall back to a font that is not embedded and lacks some glyphs.",
            hint="apt-get install fonts-wqy-microhei, or point CERTIFICATE_FONT_FILE at a "
            "TrueType font with Latin and Chinese glyphs.",
            id="honor_wall.W002",
        )
    ]
