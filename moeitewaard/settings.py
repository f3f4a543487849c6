"""All configuration, read from the environment in one place.

Defaults are the safe production values; `make run` turns on development conveniences explicitly
(see `.env.example`). An invalid value stops start-up with a message that names the variable.
"""

import os
import re
from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# `make run` writes a development `.env`; the real environment wins over it. The test suite and the
# production-shaped scripts set DJANGO_ENV_FILE empty, so a developer's `.env` never changes them.
_ENV_FILE = os.environ.get("DJANGO_ENV_FILE", ".env")
if _ENV_FILE and (BASE_DIR / _ENV_FILE).is_file():
    environ.Env.read_env(BASE_DIR / _ENV_FILE, overwrite=False)


def _setting(name, cast, default=environ.Env.NOTSET):
    """Read one variable; any parse error names the variable instead of a bare traceback."""
    try:
        return cast(name, default=default)
    except ImproperlyConfigured:
        raise
    except Exception as exc:  # noqa: BLE001 - re-raised with the variable's name
        raise ImproperlyConfigured(f"Invalid value for environment variable {name}: {exc}") from exc


def _positive_int(name: str, default: int) -> int:
    value = _setting(name, env.int, default)
    if value <= 0:
        raise ImproperlyConfigured(f"Invalid value for environment variable {name}: must be > 0")
    return value


def _non_negative_int(name: str, default: int) -> int:
    value = _setting(name, env.int, default)
    if value < 0:
        raise ImproperlyConfigured(f"Invalid value for environment variable {name}: must be >= 0")
    return value


def _rate(name: str, default: str) -> str:
    """A rate limit as DRF reads it: requests per second, minute, hour or day ("120/min")."""
    value = _setting(name, env.str, default).strip()
    if not re.fullmatch(r"[1-9]\d*/(?:s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(
            f"Invalid value for environment variable {name}: {value!r} "
            "(use requests/period, e.g. 120/min; period s, min, hour or day)"
        )
    return value


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _setting(name, env.str, default).strip().upper()
    if value not in choices:
        raise ImproperlyConfigured(
            f"Invalid value for environment variable {name}: {value!r} "
            f"(one of {', '.join(choices)})"
        )
    return value


def _strict_bool(name: str, default: bool) -> bool:
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"Invalid value for environment variable {name}: {raw!r} (use true or false)"
    )


DEBUG = _strict_bool("DJANGO_DEBUG", False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Environment variable DJANGO_SECRET_KEY is not set (make run creates a development key)."
    )
if len(SECRET_KEY) < 50 and not DEBUG:
    raise ImproperlyConfigured(
        "Invalid value for environment variable DJANGO_SECRET_KEY: use at least 50 characters."
    )

ALLOWED_HOSTS = _setting("DJANGO_ALLOWED_HOSTS", env.list, [])
CSRF_TRUSTED_ORIGINS = _setting("DJANGO_CSRF_TRUSTED_ORIGINS", env.list, [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "appliances",
    "prices",
    "ml",
    "repair_advice",
    "explainer",
    "outbox",
    "partners",
    "maintenance",
    "controlroom",
    "intake",
    "reuse",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.csp.ContentSecurityPolicyMiddleware",
    "common.client_ip.ClientIpMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "moeitewaard.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "moeitewaard.middleware.DutchFirstLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login lockout (django-axes): after this many failures per user and address, for this many hours.
AXES_FAILURE_LIMIT = _positive_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = _positive_int("LOGIN_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout counts the client as every rate limit does (TRUSTED_PROXY_HOPS), not the proxy.
AXES_CLIENT_IP_CALLABLE = "common.client_ip.client_ip"

ROOT_URLCONF = "moeitewaard.urls"
ADMIN_URL = _setting("DJANGO_ADMIN_URL", env.str, "admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured(
        "Invalid value for environment variable DJANGO_ADMIN_URL: use a path like 'beheer/'"
    )
WSGI_APPLICATION = "moeitewaard.wsgi.application"

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
                "csp.context_processors.nonce",
                "moeitewaard.middleware.language_query",
            ],
        },
    },
]

DATABASES = {
    "default": _setting("DATABASE_URL", env.db_url, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"].get("ENGINE") not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured(
        "Invalid value for environment variable DATABASE_URL: use postgres://... or sqlite:///..."
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must hold a small crowd (docs/operations.md): WAL lets readers go on
    # while one writer writes; a writer waits up to SQLITE_BUSY_TIMEOUT_SECONDS for the lock
    # instead of failing with "database is locked"; IMMEDIATE takes the write lock when a
    # transaction starts, so two transactions never both read and then deadlock on upgrading.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": _positive_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = _setting("REDIS_URL", env.str, "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "Invalid value for environment variable REDIS_URL: expected redis://host:port/db"
    )

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a real broker with REDIS_URL, otherwise tasks run eagerly in this process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when Redis is down: enqueueing must never hold up a verdict.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 0.5,
    "socket_timeout": 2,
}
CELERY_TIMEZONE = "Europe/Amsterdam"

OPENAI_API_KEY = env.str("OPENAI_API_KEY", default="")
OPENAI_BASE_URL = _setting("OPENAI_BASE_URL", env.url, None)
OPENAI_BASE_URL = OPENAI_BASE_URL.geturl() if OPENAI_BASE_URL else None
if OPENAI_BASE_URL and not OPENAI_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "Invalid value for environment variable OPENAI_BASE_URL: expected an http(s) URL"
    )
OPENAI_MODEL = env.str("OPENAI_MODEL", default="gpt-4o-mini")
LLM_TIMEOUT_SECONDS = _setting("LLM_TIMEOUT_SECONDS", env.float, 12.0)
if not 0 < LLM_TIMEOUT_SECONDS <= 15:
    raise ImproperlyConfigured(
        "Invalid value for environment variable LLM_TIMEOUT_SECONDS: must be in (0, 15]"
    )
LLM_MAX_OUTPUT_TOKENS = _positive_int("LLM_MAX_OUTPUT_TOKENS", 400)
# A maintenance question waits at most this long for the LLM, then shows the matched tasks.
PASSPORT_QUESTION_LLM_SECONDS = _setting("PASSPORT_QUESTION_LLM_SECONDS", env.float, 6.0)
if not 0 < PASSPORT_QUESTION_LLM_SECONDS <= LLM_TIMEOUT_SECONDS:
    raise ImproperlyConfigured(
        "Invalid value for environment variable PASSPORT_QUESTION_LLM_SECONDS: "
        "must be in (0, LLM_TIMEOUT_SECONDS]"
    )
LLM_CALLS_PER_HOUR = _positive_int("LLM_CALLS_PER_HOUR", 500)
# Symptom suggestions may spend only this part of the hourly LLM budget (default: half), so that
# explanations keep theirs; and one client only SUGGESTION_LLM_CLIENT_RATE of it.
SUGGESTION_LLM_CALLS_PER_HOUR = _positive_int(
    "SUGGESTION_LLM_CALLS_PER_HOUR", max(LLM_CALLS_PER_HOUR // 2, 1)
)
if SUGGESTION_LLM_CALLS_PER_HOUR > LLM_CALLS_PER_HOUR:
    raise ImproperlyConfigured(
        "Invalid value for environment variable SUGGESTION_LLM_CALLS_PER_HOUR: "
        "must be <= LLM_CALLS_PER_HOUR"
    )

# Where trained model artifacts are written; only files whose checksum we recorded are loaded.
ML_ARTIFACT_DIR = Path(_setting("ML_ARTIFACT_DIR", env.str, str(BASE_DIR / "var" / "models")))
ML_TRAINING_MAX_ROWS = _non_negative_int("ML_TRAINING_MAX_ROWS", 0)  # 0 = all rows
ML_RETRAIN_AFTER_NEW_RECORDS = _positive_int("ML_RETRAIN_AFTER_NEW_RECORDS", 500)
# The reuse model (docs/reuse-check.md) retrains after this many new kringloop outcomes.
REUSE_RETRAIN_AFTER_NEW_OUTCOMES = _positive_int("REUSE_RETRAIN_AFTER_NEW_OUTCOMES", 50)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "media/"

# Client identity (moeitewaard/client_ip.py): how many proxies of our own stand in front of the
# app. 0 = the TCP peer is the client; N = the N-th X-Forwarded-For entry from the right (each
# trusted proxy appends one). Set it to 1 behind the TLS proxy of docs/operations.md.
TRUSTED_PROXY_HOPS = _non_negative_int("TRUSTED_PROXY_HOPS", 0)
if TRUSTED_PROXY_HOPS > 5:
    raise ImproperlyConfigured(
        "Invalid value for environment variable TRUSTED_PROXY_HOPS: must be between 0 and 5"
    )

# Rate limits per client (requests/period; a fixed window in the cache, see docs/security.md).
ADVICE_FORM_RATE_LIMIT = _rate("ADVICE_FORM_RATE_LIMIT", "30/min")
SUGGESTION_RATE_LIMIT = _rate("SUGGESTION_RATE_LIMIT", "30/min")
SUGGESTION_LLM_CLIENT_RATE = _rate("SUGGESTION_LLM_CLIENT_RATE", "20/hour")
WIDGET_VISITOR_RATE_LIMIT = _rate("WIDGET_VISITOR_RATE_LIMIT", "30/min")
WIDGET_RATE_LIMIT = _rate("WIDGET_RATE_LIMIT", "600/min")  # per partner key, all visitors
LEAD_RATE_LIMIT = _rate("LEAD_RATE_LIMIT", "5/hour")  # per client and partner
LEAD_OUTCOME_RATE_LIMIT = _rate("LEAD_OUTCOME_RATE_LIMIT", "30/hour")  # outcome page, per client
PARTNER_API_RATE = _rate("PARTNER_API_RATE_LIMIT", "120/min")  # per partner token
FOLLOW_UP_RATE_LIMIT = _rate("FOLLOW_UP_RATE_LIMIT", "10/hour")
PASSPORT_RATE_LIMIT = _rate("PASSPORT_RATE_LIMIT", "30/hour")  # new appliances, log entries
# "Vraag het" on a passport page, per client (API and form together; each may call the LLM).
PASSPORT_QUESTION_RATE_LIMIT = _rate("PASSPORT_QUESTION_RATE_LIMIT", "10/hour")
EMAIL_SIGNUP_RATE_LIMIT = _rate("EMAIL_SIGNUP_RATE_LIMIT", "5/hour")  # per client
# Mails one address can be signed up for (reminder confirmations, follow-up mails), from anyone.
EMAIL_ADDRESS_RATE_LIMIT = _rate("EMAIL_ADDRESS_RATE_LIMIT", "3/day")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api_errors.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["common.parsers.JSONParser"],
    "DEFAULT_THROTTLE_RATES": {
        "verdicts": _rate("VERDICT_RATE_LIMIT", "120/min"),
        "symptom_suggestions": SUGGESTION_RATE_LIMIT,
        "intake": SUGGESTION_RATE_LIMIT,
        # The verdict page polls its pending explanation every 2 s for up to a minute.
        "explanations": _rate("EXPLANATION_RATE_LIMIT", "120/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_HOPS,  # our throttles ask common.client_ip; DRF's own agree
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "De Moeite Waard API",
    "DESCRIPTION": "Repair or replace: verdicts, the appliance catalogue and public statistics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "REDOC_DIST": "SIDECAR",  # the API page's JavaScript is served locally, not from a CDN
    # One schema name for the six routes (used by `recommended_route` and `routes[].route`).
    "ENUM_NAME_OVERRIDES": {"RouteEnum": "repair_advice.facts.ROUTE_NAMES"},
}

# Security: production values unless DEBUG. TLS redirect can be switched off for loopback stacks.
SECURE_SSL_REDIRECT = _strict_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every page (moeitewaard/csp.py, docs/security.md): everything from
# this site only; scripts and <style> elements also need the page's nonce, so no injected markup
# runs; no inline style attributes. Images may come from https: because a partner's widget shows
# its logo from its own site (Partner.brand_logo_url); an image cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else _setting("DJANGO_EMAIL_BACKEND", env.str, "django.core.mail.backends.smtp.EmailBackend")
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="advies@demoeitewaard.nl")
# Seconds before an SMTP connection or reply is given up (Django's default waits forever);
# the outbox retries the mail later.
EMAIL_TIMEOUT = _setting("EMAIL_TIMEOUT_SECONDS", env.float, 10.0)
if not 0 < EMAIL_TIMEOUT <= 60:
    raise ImproperlyConfigured(
        "Invalid value for environment variable EMAIL_TIMEOUT_SECONDS: must be in (0, 60]"
    )

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_ip": {"()": "common.client_ip.ClientIpLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(client_ip)s]: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_ip"],
        }
    },
    "root": {"handlers": ["console"], "level": _choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
    "loggers": {"axes": {"level": "WARNING"}},
}
