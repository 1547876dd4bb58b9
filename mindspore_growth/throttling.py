"""DRF throttles that key on ``client_address`` (DRF's own trusts any X-Forwarded-For)."""

from rest_framework.throttling import AnonRateThrottle as DRFAnonRateThrottle

from .client_address import client_address


class AnonRateThrottle(DRFAnonRateThrottle):
    def get_ident(self, request):
        return client_address(request)
