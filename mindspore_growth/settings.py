"""Settings for MindSpore Growth.

One module for every environment. The defaults run the embedded set-up (SQLite, local-memory
cache, Celery tasks run eagerly, email to the console); production differs only through the
environment, and ``DEBUG=false`` turns on every safety that production needs.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mindspore_growth.development import site_url_for

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# Unset DEBUG means the embedded development set-up (`make run`). A production start that forgot
# DEBUG=false must not pass for production: every page then carries a development banner, each
# process logs a warning when it starts, and `check --deploy` fails (security.W018).
DEBUG_BY_DEFAULT = "DEBUG" not in os.environ

# A development key is fine for the embedded default; production must bring its own.
_DEV_SECRET_KEY = "django-insecure-embedded-default-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment when DEBUG is false (production)."
    )

# How many reverse proxies of our own stand in front of the site (docker-compose: 1). They
# decide the client's address (X-Forwarded-For) and the scheme (X-Forwarded-Proto); with none,
# both headers are ignored, since then anyone could send them.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Unset, it is where the development server listens: `make run HOST=127.0.0.1:8101` passes
# DEVELOPMENT_ADDRESS=127.0.0.1:8101, so email links, QR codes and credentials name that port.
SITE_URL = env.str(
    "SITE_URL", default=site_url_for(env.str("DEVELOPMENT_ADDRESS", default="127.0.0.1:8000"))
).rstrip("/")
# The sites framework's name (feeds, anything that asks Django's Site); emails use our own
# wording in the reader's language.
SITE_NAME = env.str("SITE_NAME", default="MindSpore Growth")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    # The sign-in buttons follow this order: Gitee first, where MindSpore lives.
    "accounts.providers.gitee",
    "allauth.socialaccount.providers.github",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "mindspore_growth.apps.MindSporeGrowthConfig",
    "accounts",
    "notifications",
    "criteria",
    "applications",
    "honor_wall",
    "reviews",
    "benefits",
    "forges",
    "insights",
    "demo",
]

MIDDLEWARE = [
    # Anonymous visitors of stored public pages are answered here, before anything else runs,
    # with the headers the rest of the stack gave the same page (mindspore_growth.public_cache).
    "mindspore_growth.public_cache.PublicPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Headers every page gets (the early answers above replay what these set).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.second_factor.SecondFactorRequiredMiddleware",
]

ROOT_URLCONF = "mindspore_growth.urls"
WSGI_APPLICATION = "mindspore_growth.wsgi.application"
ASGI_APPLICATION = "mindspore_growth.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "mindspore_growth.context_processors.development_mode",
                "mindspore_growth.context_processors.navigation",
                "forges.context_processors.forge_links",
                # Last: while a public page is rendered to be shared, it blanks the personal.
                "mindspore_growth.public_cache.context",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server and a test's live server read while a write is in progress.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Redis being gone must slow the site, never break it: the backend fails open (reads miss,
# writes are dropped, rate limits let requests through) and leaves Redis alone for a few
# seconds after a failure; short timeouts bound what a host that does not answer costs.
REDIS_CACHE_BACKEND = "mindspore_growth.cache.FailOpenRedisCache"
REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 0.3, "socket_timeout": 1, "retry_after": 5}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": REDIS_CACHE_BACKEND,
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="msg"),
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages stored in the cache per 10 minutes (mindspore_growth.public_cache): with pages of
# about 60 KB, the default bounds them to about 240 MB whatever addresses are asked for.
PUBLIC_PAGES_STORED_PER_WINDOW = env.int("PUBLIC_PAGES_STORED_PER_WINDOW", default=2000)

# --- Celery (namespace CELERY_) --------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
# Without a broker the embedded default runs tasks in-process, so a newcomer needs no worker.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task still unacknowledged this long after a worker took it was lost with that worker: the
# broker (Redis visibility timeout) gives it to another one, and the outbox re-sends an email
# claimed that long ago. It exceeds the hard time limit, so a live task is never taken for a
# lost one; no task is queued with a countdown or ETA that long (Redis would deliver it twice).
TASK_LOST_AFTER_SECONDS = 5 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": TASK_LOST_AFTER_SECONDS}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="mindspore_growth")
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "mindspore_growth.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60,
    },
    "release-idle-review-claims": {
        "task": "reviews.tasks.release_idle_claims",
        "schedule": 60 * 60,
    },
    "send-review-digests": {
        "task": "reviews.tasks.send_review_digests",
        "schedule": 24 * 60 * 60,
    },
    "expire-and-remind-benefit-grants": {
        "task": "benefits.tasks.expire_and_remind_grants",
        "schedule": 24 * 60 * 60,
    },
    "remind-expiring-certifications": {
        "task": "honor_wall.tasks.remind_expiring_certifications",
        "schedule": 24 * 60 * 60,
    },
    "refresh-insights": {
        "task": "insights.tasks.nightly",
        "schedule": 24 * 60 * 60,
    },
    # Hourly, but each linked account is read once a day (and a forge that was down is retried).
    "refresh-forge-contributions": {
        "task": "forges.tasks.refresh_all",
        "schedule": 60 * 60,
    },
    "resend-pending-notifications": {
        "task": "notifications.tasks.resend_pending_notifications",
        "schedule": 60,
    },
}

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's, with the signed-in person read from the cache on each request.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
# Sessions kept in the database and read from the cache (Django's cached_db; accounts.sessions).
SESSION_ENGINE = "accounts.sessions"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SITE_ID = 1
LOGIN_URL = "account_login"
# A newcomer (no profile, no evidence) goes on to their first steps; everyone else home.
LOGIN_REDIRECT_URL = "applications:after_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Throttling: five failed logins for one account from one address (or 20 from one address)
# within 15 minutes lock further attempts until the window passes. The address is the client's
# as our own proxies saw it (mindspore_growth.client_address).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="20/15m/ip,5/15m/key"),
}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Two-factor sign-in: an authenticator app (TOTP) with recovery codes; required for reviewers,
# programme staff and administrators (accounts.second_factor), available to everyone.
MFA_ADAPTER = "accounts.second_factor.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MindSpore Growth"
# Accept the code of the previous and next 30-second period too: phone clocks drift, and typing
# a code takes time. A code still works only once.
MFA_TOTP_TOLERANCE = 1

# --- Sign in and link with Gitee and GitHub (allauth's socialaccount) -------------------------
# A forge with no client id is not configured: its buttons are not shown and its sign-in URLs
# answer 404. The apps live here, never in the database. The base URLs let a local stand-in
# forge take the real one's place in development (`manage.py standin_forge`).
GITEE_CLIENT_ID = env.str("GITEE_CLIENT_ID", default="")
GITEE_CLIENT_SECRET = env.str("GITEE_CLIENT_SECRET", default="")
GITHUB_CLIENT_ID = env.str("GITHUB_CLIENT_ID", default="")
GITHUB_CLIENT_SECRET = env.str("GITHUB_CLIENT_SECRET", default="")
GITEE_OAUTH_URL = env.str("GITEE_OAUTH_URL", default="https://gitee.com").rstrip("/")
GITHUB_OAUTH_URL = env.str("GITHUB_OAUTH_URL", default="https://github.com").rstrip("/")
GITEE_API_URL = env.str("GITEE_API_URL", default="https://gitee.com/api/v5").rstrip("/")
GITHUB_API_URL = env.str("GITHUB_API_URL", default="https://api.github.com").rstrip("/")


def _forge_apps(client_id, secret):
    return [{"client_id": client_id, "secret": secret}] if client_id else []


SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    # Minimal scopes: who the person is, nothing more (the importer reads public data).
    "gitee": {"APPS": _forge_apps(GITEE_CLIENT_ID, GITEE_CLIENT_SECRET), "SCOPE": ["user_info"]},
    "github": {
        "APPS": _forge_apps(GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET),
        "SCOPE": ["read:user"],
        # allauth's GitHub provider fixes its URLs when it is imported; ours reads
        # GITHUB_OAUTH_URL and GITHUB_API_URL (accounts/providers/github/).
        "provider_class": "accounts.providers.github.provider.GitHubProvider",
    },
}
# The importer calls the forges' APIs with the person's token.
SOCIALACCOUNT_STORE_TOKENS = True
# With read:user GitHub does not list private addresses; asking would cost a refused request.
SOCIALACCOUNT_QUERY_EMAIL = False
# A forge account never signs in to an existing person just because the addresses match: they
# sign in with their password and link it from /me/accounts/.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # the sign-in starts with a POST (CSRF-protected)
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# --- Email --------------------------------------------------------------------------------------
if "EMAIL_URL" in os.environ:
    EMAIL_CONFIG = env.email_url("EMAIL_URL")
    vars().update(EMAIL_CONFIG)
else:
    # Development: one line per email on the console, each email whole in var/mail/.
    EMAIL_BACKEND = "mindspore_growth.mail.DevelopmentEmailBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
# A mail server that stops answering must not hold a worker for minutes; the outbox retries.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MindSpore Growth <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap, its icons and Apache ECharts come from the npm registry (`npm ci`), served locally
# by whitenoise.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    ("vendor/echarts-i18n", BASE_DIR / "node_modules" / "echarts" / "i18n"),
]
MEDIA_URL = "/media/"
# Uploaded evidence is private: it lives outside the static tree and is served only by views
# that check permissions, never by whitenoise or the web server directly.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence files and avatars: MEDIA_ROOT/private, served only through permission checks.
    "private": {"BACKEND": "applications.storage.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "mindspore_growth.static_storage.ManifestStaticFilesStorage"
        )
    },
}
# Production media on S3-compatible storage (several web processes share it): set the bucket.
# Private files get no public address either way: private ACL, and the views stream them after
# their permission checks.
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    _s3 = {
        "bucket_name": MEDIA_S3_BUCKET,
        "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("MEDIA_S3_REGION", default="") or None,
        "access_key": env.str("MEDIA_S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("MEDIA_S3_SECRET_ACCESS_KEY", default="") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "public"},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "private"},
    }
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # probes from inside the cluster speak plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG

# No inline script anywhere: every script is a static file from our own origin.
CSRF_FAILURE_VIEW = "mindspore_growth.views.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Starting a sign-in posts to our own page, which redirects to the forge's authorize
        # page: browsers check form-action along redirects, so the forges' origins are listed.
        "form-action": ["'self'", GITEE_OAUTH_URL, GITHUB_OAUTH_URL],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        # urllib3 logs every URL it fetches at DEBUG, and Gitee's /user takes the token in the
        # query string: never below WARNING, whatever LOG_LEVEL says.
        "urllib3": {"level": "WARNING"},
    },
}

# --- Programme ------------------------------------------------------------------------------------
HEALTHCHECK_TIMEOUT_SECONDS = 0.5  # per part: /healthz/ answers within a second
DEMO_PASSWORD = "growth-demo-2026"  # noqa: S105 - printed by loaddemo, for demo accounts only

# --- Evidence ---------------------------------------------------------------------------------
# Check Gitee, GitHub and arXiv links in the background. Off without a broker: the embedded
# default would otherwise wait on the forges inside the request.
EVIDENCE_LINK_CHECKS = env.bool("EVIDENCE_LINK_CHECKS", default=bool(REDIS_URL))
# A GitHub token (read-only, public repositories) lifts the API's 60 requests an hour.
GITHUB_TOKEN = env.str("GITHUB_TOKEN", default="")

# --- Importing contributions from the forges (GITEE_API_URL, GITHUB_API_URL above) ------------
# Only those API hosts are ever fetched by the import and the link checks.
FORGE_TIMEOUT_SECONDS = env.int("FORGE_TIMEOUT_SECONDS", default=10)
# "Refresh now" on /me/evidence/: at most once per person in this many seconds.
FORGE_REFRESH_THROTTLE_SECONDS = env.int("FORGE_REFRESH_THROTTLE_SECONDS", default=300)
# Gitee lists merged pull requests per repository: they are read once for everyone into a table
# (forges.shared), by the hourly refresh, or by an import that finds the table older than this.
FORGE_SHARED_LISTING_MAX_AGE_SECONDS = env.int("FORGE_SHARED_LISTING_MAX_AGE_SECONDS", default=3600)
# Optional: a Gitee token of ours for that read (public repositories need none; a token has its
# own rate limit). Unset, an import reads with the importing person's token, the refresh with none.
GITEE_TOKEN = env.str("GITEE_TOKEN", default="")

# --- Reviews ------------------------------------------------------------------------------------
# Applications waiting longer than this stand out in the queue and fill the daily digest.
REVIEW_SLA_DAYS = env.int("REVIEW_SLA_DAYS", default=7)
# A claim nobody acted on for this long goes back to the queue.
REVIEW_CLAIM_TIMEOUT_HOURS = env.int("REVIEW_CLAIM_TIMEOUT_HOURS", default=72)
REVIEWS_PER_PAGE = 25

# --- Insights -----------------------------------------------------------------------------------
# After a change commits, the dashboard's rollup for that day is recomputed this much later, so
# a burst of changes costs one refresh.
INSIGHTS_REFRESH_DELAY_SECONDS = env.int("INSIGHTS_REFRESH_DELAY_SECONDS", default=30)

# --- Credentials and API ------------------------------------------------------------------------
# An Ed25519 private key (PEM) that signs Open Badges credentials. Unset (the embedded default):
# a key is generated once into CREDENTIAL_KEY_FILE.
CREDENTIAL_SIGNING_KEY = env.str("CREDENTIAL_SIGNING_KEY", default="").replace("\\n", "\n")
CREDENTIAL_KEY_FILE = env.str(
    "CREDENTIAL_KEY_FILE", default=str(BASE_DIR / "var" / "credential-signing-key.pem")
)
# A TrueType font (.ttf/.ttc) with Latin and Chinese glyphs, embedded in certificate PDFs
# (ReportLab embeds TrueType outlines only). Debian: fonts-wqy-microhei.
CERTIFICATE_FONT_FILE = env.str(
    "CERTIFICATE_FONT_FILE", default="/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["mindspore_growth.throttling.AnonRateThrottle"],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="600/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MindSpore Developer Growth API",
    "DESCRIPTION": "Read-only access to the Wall of Honor and to certifications.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
