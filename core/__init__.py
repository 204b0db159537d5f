"""What both domains share: accounts, log-in, audit log, permissions, PDFs, mail, jobs."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user


def init_app(app: Flask) -> None:
    """The one place that wires ``core`` into ``app``: error pages, security headers, i18n,
    blueprints, commands, menu entries, permission predicates, template helpers and the
    demo's first steps.

    Call it after the packages' ``init_app``: the API blueprint is registered here, once
    the packages have added their routes to it.
    """
    from core import api, cli, demo, form_html, i18n, labels, navigation, paging, routing, security
    from core import permissions as perms
    from core import sso as sso_client
    from core.views import (
        admin,
        admin_privacy,  # noqa: F401 - adds its routes to the admin blueprint
        assets,
        audit_log,
        auth,
        errors,
        jobs,
        main,
        sso,
        subscriptions,
    )

    routing.init_app(app)  # its converters, before any route is registered
    errors.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    for bp in (
        main.bp,
        auth.bp,
        sso.bp,
        admin.bp,
        sso.groups_bp,
        audit_log.bp,
        jobs.bp,
        assets.bp,
        subscriptions.bp,
        api.bp,
    ):
        app.register_blueprint(bp)
    cli.init_app(app)
    for order, endpoint, label, visible in (
        (0, "main.index", _l("Home"), lambda user: True),
        (80, "admin.users", _l("Users"), perms.can_manage_users),
        (81, "admin.bodies", _l("Bodies"), perms.can_manage_bodies),
        (82, "sso_groups.index", _l("SSO groups"), perms.can_manage_sso_groups),
        (89, "jobs.index", _l("Jobs"), perms.can_view_jobs),
        (90, "audit.index", _l("Audit log"), perms.can_view_audit_log),
        (95, "auth.change_password", _l("Password"), perms.can_change_own_password),
    ):
        navigation.register(app, order, endpoint, label, visible)
    perms.register_predicates(app, perms.PREDICATES)
    labels.init_app(app)
    paging.init_app(app)
    form_html.init_app(app)
    demo.init_app(app)

    @app.context_processor
    def _navigation() -> dict[str, object]:
        return {
            "navigation": lambda: navigation.items_for(current_user),
            "can": perms.predicates(app),
            "sso_enabled": sso_client.enabled(app),
            "sso_required": sso_client.enabled(app) and app.config["SSO_REQUIRED"],
        }
