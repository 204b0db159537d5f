"""The barometer: the catalogue and its versions (later: measurements, status, editions)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Menu entries, template helpers and permission predicates of the barometer."""
    from flask_babel import lazy_gettext as _l

    from barometer import labels
    from barometer import permissions as perms
    from core import navigation
    from core import permissions as core_perms

    navigation.register(20, "barometer.catalogue_index", _l("Catalogue"), perms.can_view_catalogue)
    core_perms.PREDICATES.update(perms.PREDICATES)  # type: ignore[arg-type]
    app.jinja_env.globals.update(labels.GLOBALS)
