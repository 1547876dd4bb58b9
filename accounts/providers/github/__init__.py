"""Sign in with GitHub: allauth's own provider, with its addresses read from settings.

allauth's GitHub adapter fixes its URLs when it is imported (``GITHUB_URL``, with the API at
``/api/v3`` beneath it). This subclass reads ``GITHUB_OAUTH_URL`` and ``GITHUB_API_URL`` on each
use instead, so a stand-in forge can take GitHub's place; everything else (uid, ``extra_data``
= GitHub's ``/user`` JSON) is allauth's. ``SOCIALACCOUNT_PROVIDERS["github"]["provider_class"]``
installs it under the provider id ``github``.
"""
