"""Hearings: consultees, responses, proposals, consolidation, the hearing note, decisions."""

from __future__ import annotations

from typing import Any

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user


def init_app(app: Flask) -> None:
    """The one place that wires ``hearing`` into ``app``: routes, commands, menu entries,
    permission predicates, template helpers, demo steps and the catalogue's origin links."""
    from barometer.lock_holders import register_lock_holder
    from barometer.origin_links import register_origin_link
    from core import audit_labels, mail_attachments, navigation, routing
    from core import demo as core_demo
    from core import permissions as core_perms
    from hearing import (
        attachments,
        audit_log_labels,
        confidentiality,
        demo,
        labels,
        permissions,
    )
    from hearing.blueprint import bp
    from hearing.cli import hearing_cli
    from hearing.services import hearing_jobs
    from hearing.views import (  # noqa: F401 - importing a view module adds its routes
        api,
        api_responses,
        archive,
        consolidation,
        course_changes,
        decision_recorded,
        note,
        public,
        response_attachments,
        response_proposals,
        response_submission,
        responses,
        responses_public,
        responses_staff,
        retention,
        secretariat_tools,
        staff,
        trace,
        word,
        workspace_page,
    )

    routing.init_app(app)  # its converters, before any route is registered
    app.register_blueprint(bp)
    hearing_jobs.register()
    app.cli.add_command(hearing_cli)
    for order, endpoint, label, visible in (
        (29, "hearing.mine", _l("My hearings"), permissions.can_view_own_hearings),
        (30, "hearing.index", _l("Hearings"), permissions.can_list_hearings),
        (31, "hearing.public_index", _l("Public hearings"), permissions.is_anonymous),
    ):
        navigation.register(app, order, endpoint, label, visible)
    core_perms.register_predicates(app, permissions.PREDICATES)
    audit_labels.register(
        app,
        actions=labels.AUDIT_ACTIONS,
        fields=labels.AUDIT_FIELDS,
        field_function=labels.audit_field_label,
        private=labels.PRIVATE_ACTIONS,
    )
    audit_labels.register(
        app,
        fields=audit_log_labels.FIELDS,
        object_types=audit_log_labels.OBJECT_TYPES,
        values=audit_log_labels.VALUES,
        value_function=audit_log_labels.coverage_value,
    )
    app.jinja_env.globals.update(
        labels.JINJA_GLOBALS,
        hearing_can=permissions.PREDICATES,
        response_can=permissions.PREDICATES,
        is_confidential_source=confidentiality.is_confidential_source,
        group_is_derived=confidentiality.group_is_derived,
    )
    app.context_processor(_per_request_helpers)
    for order, name, step in demo.STEPS:
        core_demo.register_step(app, order, name, step)
    register_origin_link(app, _origin_url)
    register_lock_holder(app, _lock_holder)
    mail_attachments.register(app, attachments.LETTER, attachments.letter)
    mail_attachments.register(app, attachments.DEADLINE, attachments.deadline)
    _privacy(app)


def _privacy(app: Flask) -> None:
    """The hearing's part of the retention job, the user export and erasure."""
    from core.services import privacy, user_privacy
    from hearing.services import archive_packages, retention

    privacy.register_step(app, 50, "hearings", retention.purge_due_hearings)
    # After the hearings: a hearing purged in this run loses its stored archive packages.
    privacy.register_step(app, 60, "archive packages", archive_packages.clean_packages)
    user_privacy.register_exporter(app, "hearing", retention.export_for)
    user_privacy.register_eraser(app, retention.erase_contact)
    app.jinja_env.globals["retention_date"] = retention.retention_date


def _per_request_helpers() -> dict[str, Any]:
    from hearing import labels

    return {"proposal_kinds": labels.proposal_kinds()}  # in the request's language


def _lock_holder(version_id: int) -> Any:
    """The hearing that locks a draft, for the version's page: reference, title, deadline
    and, for who may see it, a link."""
    from barometer.lock_holders import LockHolder
    from hearing import permissions
    from hearing.queries.hearings import locking_hearing

    hearing = locking_hearing(version_id)
    if hearing is None:
        return None
    url = (
        url_for("hearing.show", hearing_id=hearing.id)
        if permissions.can_list_hearings(current_user)
        else None
    )
    return LockHolder(f"{hearing.reference}: {hearing.title}", hearing.deadline, url)


def _origin_url(number: int, code: str) -> str | None:
    """The catalogue's pages link here for "where does this come from" (logged-in users)."""
    from hearing import permissions

    if not permissions.can_list_hearings(current_user):
        return None
    return url_for("hearing.origin", number=number, code=code)
