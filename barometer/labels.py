"""Translated labels for the catalogue's enumerations and the reading's statuses, for
templates. Colour is never shown alone: every status carries a symbol and a word."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from barometer import charts, units
from barometer.bilingual import pick
from barometer.period import Period
from core import i18n

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
    "breakdown_dimensions": _l("Breakdown dimensions"),
}
FIELD_LABELS = {
    "breakdowns": _l("Breakdown dimensions"),
    "categories": _l("Categories"),
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
    "definition_en": _l("Definition in English"),
    "data_source_en": _l("Data source in English"),
    "description_en": _l("Description in English"),
    "notes_en": _l("Notes in English"),
    "limitations_en": _l("Limitations in English"),
    "data_breaks_en": _l("Data breaks in English"),
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
    "frequency": _l("Frequency"),
    "measured_half": _l("Measured in half-year"),
    "data_breaks": _l("Data breaks"),
    "limitations": _l("Limitations"),
    "contact": _l("Contact"),
    "last_updated": _l("Description last updated"),
}
COLOUR_LABELS = {
    "green": _l("Green"),
    "yellow": _l("Yellow"),
    "red": _l("Red"),
    "grey": _l("Grey"),
    "first": _l("No colour"),
    "not_assessable": _l("Not assessable"),
    "off_cycle": _l("Not measured this half-year"),
    "not_comparable": _l("Not comparable"),
}
MOVEMENT_LABELS = {
    "green": _l("right direction"),
    "yellow": _l("unchanged"),
    "red": _l("wrong direction"),
    "grey": _l("no data"),
    "first": _l("first measurement"),
    "off_cycle": _l("no value expected"),
    "not_comparable": _l("data break"),
}
PROGRESS_LABELS = {
    "on_track": _l("On track"),
    "too_slow": _l("Progress, too slow"),
    "limited": _l("Limited progress"),
    "moving_away": _l("Moving away"),
    "target_met": _l("Target met"),
    "met_but_slipping": _l("Target met, but slipping"),
    "no_ratio": _l("No ratio yet"),
    "no_data": _l("No data"),
    "no_criterion": _l("No success criterion"),
    "off_cycle": _l("Not measured this half-year"),
}
FREQUENCY_LABELS = {
    "half_yearly": _l("Every half-year"),
    "annual-1": _l("Annual, measured in the 1st half-year"),
    "annual-2": _l("Annual, measured in the 2nd half-year"),
    "irregular": _l("Irregular"),
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


def colour_label(colour: str) -> str:
    return str(COLOUR_LABELS.get(str(colour), colour))


def movement_label(colour: str) -> str:
    return str(MOVEMENT_LABELS.get(str(colour), colour))


def progress_label(progress: str) -> str:
    return str(PROGRESS_LABELS.get(str(progress), progress))


def frequency_label(frequency: str, measured_half: int | None = None) -> str:
    key = f"{frequency}-{measured_half}" if frequency == "annual" else str(frequency)
    return str(FREQUENCY_LABELS.get(key, frequency))


def status_symbol(colour: str) -> str:
    return charts.status_badge_symbol(str(colour))


NUMBER_FIELDS = ("baseline_value", "target_value")
DATE_FIELDS = ("decision_date",)


def field_value(name: str, value: object) -> str:
    """A catalogue field's value as the diff shows it: numbers and dates in the page's
    language ("1.047,5" and "14. dec. 2006" in Danish), other values as they are."""
    if value is None or value == "":
        return "–"
    if name in NUMBER_FIELDS:
        return i18n.localized({"n": Decimal(str(value))})["n"]  # type: ignore[return-value]
    if name in DATE_FIELDS:
        return i18n.local_date(date.fromisoformat(str(value)), "medium")
    return str(value)


def content(text: object) -> Markup:
    """A text users entered, marked when it is Danish on an English page."""
    if getattr(text, "only_danish", False) and text:
        return Markup(
            '<span lang="da">{}</span> <span class="app-only-danish">'
            '(<span lang="da">kun på dansk</span> / only in Danish)</span>'
        ).format(text)
    return escape(text)


COMPARISON_KINDS = {
    "national": _l("National level"),
    "municipality": _l("Municipality"),
    "group": _l("Group of municipalities"),
}


def comparison_kind_label(kind: str) -> str:
    return str(COMPARISON_KINDS.get(str(kind), kind))


def entered_text(da: str | None, en: str | None) -> Markup:
    """A text users entered, in the page's language: the English one when there is one,
    else the Danish one (marked on an English page). For macros, which see no locale."""
    return content(pick(da, en, i18n.current_locale()))


def period_label(code: str | None) -> str:
    """A half-year's code ("2010-H2") in the page's language ("2nd half 2010")."""
    if not code:
        return "–"
    try:
        return Period.parse(code).label(i18n.current_locale())
    except ValueError:
        return code


GLOBALS = {
    "period_label": period_label,
    "entered_text": entered_text,
    "content": content,
    "comparison_kind_label": comparison_kind_label,
    "pick_text": pick,
    "catalogue_field_value": field_value,
    "version_status_label": status_label,
    "indicator_kind_label": kind_label,
    "unit_label": units.label,
    "direction_label": direction_label,
    "diff_level_label": level_label,
    "catalogue_field_label": field_label,
    "reading_colour_label": colour_label,
    "reading_movement_label": movement_label,
    "reading_progress_label": progress_label,
    "reading_symbol": status_symbol,
    "frequency_label": frequency_label,
}


_NODES = {
    "focus_area": (
        _l("Focus area created"),
        _l("Focus area changed"),
        _l("Focus area deleted"),
        _l("Focus area moved"),
    ),
    "goal": (_l("Goal created"), _l("Goal changed"), _l("Goal deleted"), _l("Goal moved")),
    "indicator": (
        _l("Indicator created"),
        _l("Indicator changed"),
        _l("Indicator deleted"),
        _l("Indicator moved"),
    ),
    "success_criterion": (
        _l("Success criterion created"),
        _l("Success criterion changed"),
        _l("Success criterion deleted"),
        _l("Success criterion moved"),
    ),
}
AUDIT_ACTIONS = {
    f"catalogue.{node}_{verb}": label
    for node, labels in _NODES.items()
    for verb, label in zip(("created", "updated", "deleted", "moved"), labels, strict=True)
} | {
    "catalogue.policy_created": _l("Policy created"),
    "catalogue.draft_created": _l("Draft version created"),
    "catalogue.draft_discarded": _l("Draft version discarded"),
    "catalogue.imported": _l("Catalogue imported"),
    "catalogue.change_applied": _l("Change made in the catalogue"),
    "catalogue.version_approved": _l("Version approved"),
    "catalogue.version_locked": _l("Version locked"),
    "catalogue.version_unlocked": _l("Version unlocked"),
    "catalogue.version_replaced": _l("Version replaced"),
    "catalogue.version_superseded": _l("Version superseded"),
    "catalogue.version_override_set": _l("Version chosen for a period"),
    "catalogue.version_override_cleared": _l("Choice of version for a period removed"),
    "measurement.entered": _l("Measurement entered"),
    "measurement.updated": _l("Measurement changed"),
    "measurement.corrected": _l("Measurement corrected"),
    "measurement_period.opened": _l("Measurement period opened"),
    "measurement_period.closed": _l("Measurement period closed"),
    "measurement_period.reopened": _l("Measurement period reopened"),
    "comparison_series.imported": _l("Comparison series imported"),
    "comparison_series.deleted": _l("Comparison series deleted"),
    "assessment.created": _l("Assessment written"),
    "assessment.saved": _l("Assessment changed"),
    "edition.created": _l("Edition created"),
    "edition.updated": _l("Edition changed"),
    "edition.published": _l("Edition published"),
    "edition.discarded": _l("Edition discarded"),
    "catalogue.dimension_created": _l("Breakdown dimension created"),
    "catalogue.dimension_updated": _l("Breakdown dimension changed"),
    "catalogue.dimension_deleted": _l("Breakdown dimension deleted"),
    "catalogue.indicator_dimensions_set": _l("Breakdown dimensions of an indicator chosen"),
    "category_value.saved": _l("Category value saved"),
    "category_value.removed": _l("Category value removed"),
}
