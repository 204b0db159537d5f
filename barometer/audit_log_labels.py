"""What the audit log calls the barometer's objects, the fields its labels do not name, and
how their stored values read: a unit, a status, a body or catalogue version by its id."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from barometer import labels, units
from barometer.models import CatalogueVersion
from core.extensions import db
from core.labels import body_code

OBJECT_TYPES = {
    "Policy": _l("Policy"),
    "CatalogueVersion": _l("Catalogue version"),
    "CatalogueChangeRecord": _l("Change in the catalogue"),
    "VersionOverride": _l("Version chosen for a period"),
    "FocusArea": _l("Focus area"),
    "Goal": _l("Goal"),
    "Indicator": _l("Indicator"),
    "SuccessCriterion": _l("Success criterion"),
    "MeasurementPeriod": _l("Measurement period"),
    "Measurement": _l("Measurement"),
    "Assessment": _l("Assessment"),
    "Edition": _l("Edition"),
    "BreakdownDimension": _l("Breakdown dimension"),
    "CategoryValue": _l("Category value"),
    "ComparisonSeries": _l("Comparison series"),
}
FIELDS = {
    "values": _l("Number of values"),
    "based_on": _l("Based on version"),
    "collection_deadline": _l("Collection deadline"),
    "decision_text": _l("Political decision"),
    "fields": _l("Changed fields"),
    "locked_reason": _l("Reason for the lock"),
    "owner_id": _l("Owning administration"),
    "reason": _l("Reason"),
    "suppressed": _l("Suppressed"),
    "status": _l("Status"),
    "version": _l("Version"),
    "version_id": _l("Catalogue version"),
    "catalogue_version_id": _l("Catalogue version"),
    "period_code": _l("Period"),
    "title_da": _l("Title in Danish"),
    "title_en": _l("Title in English"),
    "value": _l("Value"),
    "provisional": _l("Provisional"),
    "note": _l("Note"),
    "source": _l("Source"),
    "sha256": _l("Fingerprint (SHA-256)"),
    "Assessment.text": _l("Assessment in Danish"),
    "Assessment.text_en": _l("Assessment in English"),
}
STATES = {
    "open": _l("Open"),
    "closed": _l("Closed"),
    "draft": _l("Draft"),
    "final": _l("Final"),
    "published": _l("Published"),
}


def version_number(value: Any) -> str | None:
    """A catalogue version's id as its number."""
    if isinstance(value, bool) or not str(value).isdigit():
        return None
    version = db.session.get(CatalogueVersion, int(value))
    return str(version.number) if version is not None else str(value)


def _known(table: dict[str, Any]) -> Any:
    return lambda value: str(table[str(value)]) if str(value) in table else None


def _kind(value: Any) -> str | None:
    return labels.kind_label(value) if str(value) in labels.KIND_LABELS else None


def _frequency(value: Any) -> str | None:
    return labels.frequency_label(value) if value != "annual" else str(_l("Annual"))


VALUES = {
    "unit": lambda value: units.label(str(value)),
    "kind": _kind,
    "direction": lambda value: labels.direction_label(int(value)),
    "frequency": _frequency,
    "status": _known({**labels.STATUS_LABELS, **STATES}),
    "owner_id": body_code,
    "version_id": version_number,
    "catalogue_version_id": version_number,
    "MeasurementPeriod.state": _known(STATES),
    "Assessment.state": _known(STATES),
    "Edition.state": _known(STATES),
}
