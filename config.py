"""Configuration, read from the environment.

Every setting can be given as an environment variable of the same name. The README
lists them all. ``create_app()`` picks the class from ``APP_ENV`` (``development`` by
default, ``production`` or ``testing``).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))
INSECURE_KEYS = frozenset({"", "change-me", "dev", "secret", "development"})


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _development_secret_key() -> str:
    """Generate a key once into ``instance/`` so sessions survive restarts in development."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY: str = _env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI: str = _env(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'barometer.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    # The connection pool of each process (docs/deploy.md, "Connections"): kept connections,
    # extra ones under load, seconds to wait for one, seconds before a connection is
    # replaced (-1: never), and a liveness check before each checkout. An in-memory SQLite
    # database has a pool of one connection and ignores the first four.
    DB_POOL_SIZE: int = _env_int("DB_POOL_SIZE", 5)
    DB_MAX_OVERFLOW: int = _env_int("DB_MAX_OVERFLOW", 10)
    DB_POOL_TIMEOUT: int = _env_int("DB_POOL_TIMEOUT", 30)
    DB_POOL_RECYCLE: int = _env_int("DB_POOL_RECYCLE", 1800)
    DB_POOL_PRE_PING: bool = _env_bool("DB_POOL_PRE_PING", True)
    REDIS_URL: str = _env("REDIS_URL")

    MUNICIPALITY_NAME: str = _env("MUNICIPALITY_NAME", "Københavns Kommune")
    # The body a published edition names as its publisher (never a person); empty: the
    # municipality.
    PUBLISHER_NAME: str = _env("PUBLISHER_NAME", "")
    # Absolute links (API, mail, open data) are built on this, never on the Host header.
    PUBLIC_BASE_URL: str = _env("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # Who to tell about a security problem (an e-mail address or a web page of the
    # municipality): served as /.well-known/security.txt; empty: no such file.
    SECURITY_CONTACT: str = _env("SECURITY_CONTACT")
    # Which sites may show the embeddable chart pages (/barometer/indicators/<code>/embed)
    # in a frame: the CSP frame-ancestors sources, space-separated ("*": any site,
    # "https://www.example.dk https://intra.example.dk": those). Every other page: none.
    EMBED_FRAME_ANCESTORS: str = _env("EMBED_FRAME_ANCESTORS", "*")
    # Host names a request may name; others get 400. None accepts any (development, tests);
    # production defaults to the host of PUBLIC_BASE_URL.
    TRUSTED_HOSTS: list[str] | None = None
    TIMEZONE: str = _env("TIMEZONE", "Europe/Copenhagen")
    BABEL_DEFAULT_LOCALE: str = "da"
    BABEL_DEFAULT_TIMEZONE: str = _env("TIMEZONE", "Europe/Copenhagen")
    LANGUAGES: tuple[str, ...] = ("da", "en")
    BABEL_TRANSLATION_DIRECTORIES: str = ";".join(
        str(BASE_DIR / package / "translations") for package in ("core", "barometer", "hearing")
    )

    MAIL_SERVER: str = _env("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT: int = _env_int("MAIL_PORT", 8025)
    MAIL_USERNAME: str = _env("MAIL_USERNAME")
    MAIL_PASSWORD: str = _env("MAIL_PASSWORD")
    MAIL_USE_TLS: bool = _env_bool("MAIL_USE_TLS")
    MAIL_DEFAULT_SENDER: str = _env(
        "MAIL_DEFAULT_SENDER", "Integrationsbarometret <noreply@example.dk>"
    )
    MAIL_TIMEOUT: int = _env_int("MAIL_TIMEOUT", 30)  # seconds, per SMTP connection
    MAIL_MAX_ATTEMPTS: int = _env_int("MAIL_MAX_ATTEMPTS", 8)
    # Enqueue a send job when a transaction that queued mail commits (else cron sends it).
    MAIL_SEND_AFTER_COMMIT: bool = _env_bool("MAIL_SEND_AFTER_COMMIT", True)

    # Background jobs: "auto" uses RQ when REDIS_URL is set and runs jobs in-process after
    # the commit otherwise; "inline" and "rq" force one or the other.
    JOBS_MODE: str = _env("JOBS_MODE", "auto")
    JOBS_QUEUE: str = _env("JOBS_QUEUE", "default")
    JOBS_TIMEOUT: int = _env_int("JOBS_TIMEOUT", 600)  # seconds a job may run
    JOBS_RESULT_TTL: int = _env_int("JOBS_RESULT_TTL", 86400)  # seconds a result is kept
    JOBS_MAX_RETRIES: int = _env_int("JOBS_MAX_RETRIES", 3)
    # A measurement or catalogue import with at least this many rows runs as a job.
    IMPORT_JOB_ROWS: int = _env_int("IMPORT_JOB_ROWS", 200)
    # A hearing note for at least this many consulted bodies renders in parts, joined.
    NOTE_PARTS_MIN_BODIES: int = _env_int("NOTE_PARTS_MIN_BODIES", 40)
    NOTE_PART_BODIES: int = _env_int("NOTE_PART_BODIES", 20)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A session ends after this long without a request (idle) ...
    PERMANENT_SESSION_LIFETIME = timedelta(hours=_env_int("SESSION_HOURS", 8))
    # ... and after this long since log-in, however active (absolute).
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 12))
    WTF_CSRF_TIME_LIMIT: int | None = 8 * 3600
    MAX_CONTENT_LENGTH = _env_int("MAX_UPLOAD_MB", 20) * 1024 * 1024
    # A logged-in user's form over MAX_UPLOAD_MB is still read up to this size, its files
    # discarded, so that the form comes back with the text typed beside the file.
    OVERSIZE_FORM_MB = _env_int("OVERSIZE_FORM_MB", 60)
    UPLOAD_MAX_BYTES = _env_int("UPLOAD_FILE_MB", 10) * 1024 * 1024
    UPLOAD_FOLDER: str = _env("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    # Personal data (docs/privacy.md): a decided or cancelled hearing's goes this many days
    # after the decision unless the secretariat sets another day; an account without a
    # log-in is warned, deactivated and later anonymised (``flask privacy purge``).
    HEARING_RETENTION_DAYS: int = _env_int("HEARING_RETENTION_DAYS", 730)
    USER_INACTIVE_DEACTIVATE_DAYS: int = _env_int("USER_INACTIVE_DEACTIVATE_DAYS", 365)
    USER_INACTIVE_ANONYMISE_DAYS: int = _env_int("USER_INACTIVE_ANONYMISE_DAYS", 730)
    USER_INACTIVE_WARNING_DAYS: int = _env_int("USER_INACTIVE_WARNING_DAYS", 14)
    STORAGE_DIR: str = _env("STORAGE_DIR", str(INSTANCE_DIR / "storage"))
    # Imported spreadsheets: refused before parsing beyond these (core.spreadsheets).
    SPREADSHEET_MAX_UNCOMPRESSED_MB: int = _env_int("SPREADSHEET_MAX_UNCOMPRESSED_MB", 50)
    SPREADSHEET_MAX_RATIO: int = _env_int("SPREADSHEET_MAX_RATIO", 100)
    SPREADSHEET_MAX_ROWS: int = _env_int("SPREADSHEET_MAX_ROWS", 20_000)
    SPREADSHEET_MAX_COLUMNS: int = _env_int("SPREADSHEET_MAX_COLUMNS", 200)

    # Reverse proxies in front of the app (0: none; X-Forwarded-For is then ignored).
    PROXY_COUNT: int = _env_int("PROXY_COUNT", 0)
    # Log-in attempts are counted in Redis when REDIS_URL is set, so every worker sees them.
    RATELIMIT_STORAGE_URI: str = _env("RATELIMIT_STORAGE_URI") or (
        f"{_env('REDIS_URL')}" if _env("REDIS_URL") else "memory://"
    )
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_LIMIT_PER_ACCOUNT: str = _env("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_PER_ADDRESS: str = _env("LOGIN_LIMIT_PER_ADDRESS", "20 per 15 minutes")
    # Subscription requests from one network address (each sends a confirmation mail).
    SUBSCRIBE_LIMIT_PER_ADDRESS: str = _env("SUBSCRIBE_LIMIT_PER_ADDRESS", "10 per hour")
    # How long the link in a confirmation mail can be used.
    SUBSCRIPTION_CONFIRM_HOURS: int = _env_int("SUBSCRIPTION_CONFIRM_HOURS", 48)
    # Days the outbox keeps the address and text of a confirmation mail or notice.
    SUBSCRIPTION_MAIL_RETENTION_DAYS: int = _env_int("SUBSCRIPTION_MAIL_RETENTION_DAYS", 90)

    # Argon2id; the defaults of argon2-cffi (about 0.15 s per hash on two cores).
    ARGON2_TIME_COST: int = _env_int("ARGON2_TIME_COST", 3)
    ARGON2_MEMORY_COST: int = _env_int("ARGON2_MEMORY_COST", 65536)
    ARGON2_PARALLELISM: int = _env_int("ARGON2_PARALLELISM", 4)

    # Reminders go to bodies that have not answered, this many days before their deadline.
    HEARING_REMINDER_DAYS: str = _env("HEARING_REMINDER_DAYS", "7,2")
    # The KLE number the records system files a hearing's archive package under (docs/records.md).
    HEARING_KLE: str = _env("HEARING_KLE", "")
    # Hours a stored archive package (STORAGE_DIR/archive-packages) is kept after it was
    # packed; `privacy purge` and `hearing archive-clean` remove older ones.
    ARCHIVE_PACKAGE_HOURS: int = _env_int("ARCHIVE_PACKAGE_HOURS", 72)
    # Up to this many consulted bodies the archive package is also packed while the user
    # waits (archive.zip); a larger hearing's package is packed only as a job (about 0.6 s a
    # body: 58 s at 100 bodies, past gunicorn's timeout under load; bench/README.md).
    ARCHIVE_INLINE_MAX_BODIES: int = _env_int("ARCHIVE_INLINE_MAX_BODIES", 20)

    # Single sign-on over OpenID Connect (docs/sso.md); without OIDC_ISSUER and
    # OIDC_CLIENT_ID there is none and everyone logs in with a password.
    OIDC_ISSUER: str = _env("OIDC_ISSUER")
    OIDC_CLIENT_ID: str = _env("OIDC_CLIENT_ID")
    OIDC_CLIENT_SECRET: str = _env("OIDC_CLIENT_SECRET")
    OIDC_SCOPES: str = _env("OIDC_SCOPES", "openid email profile")
    OIDC_SUBJECT_CLAIM: str = _env("OIDC_SUBJECT_CLAIM", "sub")
    OIDC_EMAIL_CLAIM: str = _env("OIDC_EMAIL_CLAIM", "email")
    OIDC_NAME_CLAIM: str = _env("OIDC_NAME_CLAIM", "name")
    OIDC_GROUPS_CLAIM: str = _env("OIDC_GROUPS_CLAIM", "groups")
    # Create an account at a person's first log-in (else an administrator creates it first).
    OIDC_CREATE_USERS: bool = _env_bool("OIDC_CREATE_USERS", True)
    # Take over a local account with the same e-mail address at its first single sign-on.
    OIDC_LINK_BY_EMAIL: bool = _env_bool("OIDC_LINK_BY_EMAIL", True)
    OIDC_CLOCK_SKEW: int = _env_int("OIDC_CLOCK_SKEW", 60)  # seconds an ID token's times may be off
    # Everyone but administrators must log in through the identity provider.
    SSO_REQUIRED: bool = _env_bool("SSO_REQUIRED")

    AUDIT_PAGE_SIZE = 50
    DEMO_PASSWORD: str = _env("DEMO_PASSWORD", "demo-password")

    @classmethod
    def prepare(cls) -> None:
        """Finish settings that need work (files, checks) before the app starts."""


class DevelopmentConfig(Config):
    ENV_NAME = "development"

    @classmethod
    def prepare(cls) -> None:
        cls.SECRET_KEY = _env("SECRET_KEY") or _development_secret_key()


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105 - never used outside the test suite
    SQLALCHEMY_DATABASE_URI = _env("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    MAIL_PORT = 0  # a test that sends mail starts its own SMTP sink and sets the port
    MAIL_SEND_AFTER_COMMIT = False  # tests send the outbox explicitly
    JOBS_MODE = "inline"
    SERVER_NAME = None


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def prepare(cls) -> None:
        """Refuse to start with a missing or well-known secret key."""
        key = os.environ.get("SECRET_KEY", "")
        if key.strip().lower() in INSECURE_KEYS or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (for example: python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')."
            )
        cls.SECRET_KEY = key
        cls.PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", cls.PUBLIC_BASE_URL)
        cls.TRUSTED_HOSTS = _trusted_hosts(cls.PUBLIC_BASE_URL)


def _trusted_hosts(public_base_url: str) -> list[str]:
    """``TRUSTED_HOSTS`` (comma-separated), else the host of the public base URL."""
    named = [h.strip() for h in _env("TRUSTED_HOSTS").split(",") if h.strip()]
    return named or [urlsplit(public_base_url).hostname or "localhost"]


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def engine_options(settings: Mapping[str, Any]) -> dict[str, Any]:
    """``SQLALCHEMY_ENGINE_OPTIONS`` with the ``DB_POOL_*`` settings filled in; options
    given there explicitly win."""
    options: dict[str, Any] = {"pool_pre_ping": bool(settings.get("DB_POOL_PRE_PING", True))}
    uri = str(settings.get("SQLALCHEMY_DATABASE_URI") or "")
    in_memory = uri.startswith("sqlite") and (
        uri in {"sqlite://", "sqlite:///"} or ":memory:" in uri
    )
    if not in_memory:
        options |= {
            "pool_size": int(settings.get("DB_POOL_SIZE", 5)),
            "max_overflow": int(settings.get("DB_MAX_OVERFLOW", 10)),
            "pool_timeout": int(settings.get("DB_POOL_TIMEOUT", 30)),
            "pool_recycle": int(settings.get("DB_POOL_RECYCLE", 1800)),
        }
    return options | dict(settings.get("SQLALCHEMY_ENGINE_OPTIONS") or {})


def config_from_env() -> type[Config]:
    name = os.environ.get("APP_ENV", "development").strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"APP_ENV must be one of {sorted(CONFIGS)}, not {name!r}.") from None
