"""The application factory: ``flask --app app ...`` and ``gunicorn 'app:create_app()'``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import barometer
import config as config_module
import core
import hearing
from bench.cli import bench_cli
from core import i18n
from core.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(
    config: type[config_module.Config] | Mapping[str, Any] | None = None, **overrides: Any
) -> Flask:
    """Build the app.

    ``config`` is a Config class (by default the one ``APP_ENV`` names) or a mapping of
    settings; keyword ``overrides`` are applied last (tests use both).
    """
    app = Flask(
        __name__,
        instance_path=str(config_module.INSTANCE_DIR),
        template_folder="templates",
        static_folder="static",
    )
    _configure(app, config, overrides)
    _trust_proxies(app)
    _init_extensions(app)
    barometer.init_app(app)
    hearing.init_app(app)
    core.init_app(app)  # last: it registers the API blueprint the packages added routes to
    app.cli.add_command(bench_cli)  # synthetic data at a named scale (bench/)
    return app


def _configure(
    app: Flask,
    config: type[config_module.Config] | Mapping[str, Any] | None,
    overrides: Mapping[str, Any],
) -> None:
    if isinstance(config, type):
        config_class, settings = config, {}
    else:
        config_class, settings = config_module.config_from_env(), dict(config or {})
    config_class.prepare()
    app.config.from_object(config_class)
    app.config.update(settings, **overrides)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = config_module.engine_options(app.config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set.")


def _trust_proxies(app: Flask) -> None:
    """Behind ``PROXY_COUNT`` reverse proxies, take the client's address and scheme from
    their X-Forwarded-For/-Proto headers (log-in throttling counts per address). The host
    is never taken from them: links are built on PUBLIC_BASE_URL."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=0, x_port=0, x_prefix=0
        )


def _init_extensions(app: Flask) -> None:
    from core.auth import load_user
    from core.extensions import init_engine_events

    init_engine_events()
    db.init_app(app)
    # Flask-Migrate defaults to batch mode and type comparison: one migrations folder
    # serves SQLite and PostgreSQL.
    migrate.init_app(app, db, directory=str(config_module.BASE_DIR / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    # Importing the models registers them on the metadata (for Alembic as well).
    import barometer.models  # noqa: F401
    import core.models  # noqa: F401
    import hearing.models  # noqa: F401
