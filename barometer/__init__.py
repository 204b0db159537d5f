"""The barometer: the catalogue and its versions, measurements, the reading, editions."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The one place that wires ``barometer`` into ``app``: routes, commands, menu entries,
    permission predicates, template helpers and demo steps."""
    from barometer import audit_log_labels, demo, labels, reading_charts
    from barometer import permissions as perms
    from barometer.blueprint import bp
    from barometer.cli import barometer_cli
    from barometer.editions import public_signal
    from barometer.services import edition_jobs
    from barometer.views import (  # noqa: F401 - importing a view module adds its routes
        api,
        api_editions,
        breakdown_values,
        breakdowns,
        catalogue,
        catalogue_nodes,
        catalogue_versions,
        comparisons,
        editions,
        in_force,
        measurement_files,
        measurements,
        open_data,
        public,
        reading,
    )
    from core import audit_labels, navigation, routing
    from core import demo as core_demo

    public_signal.listen()  # every process learns of a publication at once
    from core import permissions as core_perms

    routing.init_app(app)  # its converters, before any route is registered
    app.register_blueprint(bp)
    edition_jobs.register()
    app.cli.add_command(barometer_cli)
    for order, endpoint, label, visible in (
        (20, "barometer.catalogue_index", _l("Catalogue"), perms.can_view_catalogue),
        (30, "barometer.reading_index", _l("Reading"), perms.can_view_reading),
        (
            31,
            "barometer.measurements_index",
            _l("Enter measurements"),
            perms.can_enter_measurements,
        ),
        (35, "barometer.editions_index", _l("Editions"), perms.can_view_edition_drafts),
    ):
        navigation.register(app, order, endpoint, label, visible)
    core_perms.register_predicates(app, perms.PREDICATES)
    app.jinja_env.globals.update(labels.GLOBALS)
    audit_labels.register(app, actions=labels.AUDIT_ACTIONS, fields=labels.FIELD_LABELS)
    audit_labels.register(
        app,
        fields=audit_log_labels.FIELDS,
        object_types=audit_log_labels.OBJECT_TYPES,
        values=audit_log_labels.VALUES,
    )
    app.jinja_env.globals.update(reading_charts.GLOBALS)
    for order, name, step in demo.STEPS:
        core_demo.register_step(app, order, name, step)
