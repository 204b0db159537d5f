"""Translated labels for the catalogue's enumerations, for templates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from barometer import units

STATUS_LABELS = {
    "draft": _l("Draft"),
    "approved": _l("Approved"),
    "superseded": _l("Superseded"),
    "replaced": _l("Replaced without approval"),  # CatalogueVersion.shown_status
}
KIND_LABELS = {
    "effect": _l("Effect indicator"),
    "activity": _l("Activity indicator"),
    "benchmark": _l("Benchmark"),
}
DIRECTION_LABELS = {1: _l("Higher is better"), -1: _l("Lower is better")}
LEVEL_LABELS = {
    "focus_areas": _l("Focus areas"),
    "goals": _l("Goals"),
    "indicators": _l("Indicators"),
    "success_criteria": _l("Success criteria"),
}
FIELD_LABELS = {
    "code": _l("Code"),
    "number": _l("Number"),
    "name_da": _l("Name in Danish"),
    "name_en": _l("Name in English"),
    "description": _l("Description"),
    "illustrative": _l("Illustrative demo data"),
    "text_da": _l("Goal in Danish"),
    "text_en": _l("Goal in English"),
    "focus_area": _l("Focus area"),
    "goal": _l("Goal"),
    "target": _l("Goal or indicator"),
    "definition": _l("Definition"),
    "kind": _l("Kind"),
    "unit": _l("Unit"),
    "decimals": _l("Decimals"),
    "direction": _l("Desired direction"),
    "min_change": _l("Minimum meaningful change"),
    "data_source": _l("Data source"),
    "owner": _l("Owning administration"),
    "baseline_value": _l("Baseline value"),
    "baseline_period": _l("Baseline period"),
    "notes": _l("Notes"),
    "text": _l("Success criterion"),
    "target_value": _l("Target value"),
    "target_period": _l("Target period"),
    "decision_reference": _l("Political decision"),
    "decision_date": _l("Date of the decision"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(str(status), status))


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(str(kind), kind))


def direction_label(direction: int) -> str:
    return str(DIRECTION_LABELS.get(int(direction), direction))


def level_label(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level))


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


GLOBALS = {
    "version_status_label": status_label,
    "indicator_kind_label": kind_label,
    "unit_label": units.label,
    "direction_label": direction_label,
    "diff_level_label": level_label,
    "catalogue_field_label": field_label,
}
