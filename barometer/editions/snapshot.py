"""The content of an edition: built from the reading, frozen as canonical JSON.

:func:`build_snapshot` gathers everything the public pages, the report, the open data
and the API of an edition show - the catalogue subset, every value up to the period with
its status, the reading (``Reading.to_dict()``), the assessments as Markdown and as
sanitised HTML, the method parameters, labels in Danish and English - as plain JSON
values. Publishing stores :func:`canonical_json` of it and its :func:`sha256`; nothing
downstream reads the live catalogue or measurements again.

Canonical JSON: keys sorted, no insignificant whitespace (``,`` and ``:``), UTF-8 with
letters kept as they are (``ensure_ascii=False``), decimals as strings (``"46.4"``);
floats are refused, so a number never depends on binary rounding. docs/publishing.md
shows how to check a hash by hand.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from barometer.breakdown_queries import edition_part
from barometer.editions.benchmark import neutral_rows, neutral_status
from barometer.models import CatalogueVersion, MeasurementPeriod
from barometer.period import Period
from barometer.queries import load_version_tree, version_snapshot
from barometer.reading import load_catalogue, load_values
from barometer.reading_values import Catalogue, Value, compute, indicator_input
from barometer.services import assessments as assessment_svc
from barometer.services import comparisons as comparison_svc
from barometer.status import (
    DEFAULT_PARAMETERS,
    NOT_AN_EVALUATION,
    MethodParameters,
    indicator_status,
)
from core.extensions import db
from core.markdown import render_markdown

FORMAT = "integrationsbarometer-edition"
FORMAT_VERSION = 1


# -- canonical form ------------------------------------------------------------------------


def _plain(value: Any) -> Any:  # noqa: PLR0911 - one return per kind of value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        raise TypeError("Floats are not allowed in an edition: use Decimal or str.")
    if isinstance(value, Decimal):
        return _num(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Period):
        return str(value)
    return value


def canonical_json(content: Mapping[str, Any]) -> str:
    """The one text form of an edition's content that its hash is taken over."""
    return json.dumps(_plain(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def _num(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")


# -- building ------------------------------------------------------------------------------


def period_labels(code: str) -> dict[str, str]:
    period = Period.parse(code)
    return {"da": period.label("da"), "en": period.label("en")}


def default_titles(period_code: str) -> tuple[str, str]:
    labels = period_labels(period_code)
    return (f"Integrationsbarometer, {labels['da']}", f"Integration barometer, {labels['en']}")


def _value_rows(
    catalogue: Catalogue,
    values: Mapping[str, Mapping[Period, Value]],
    periods: list[Period],
    params: MethodParameters,
) -> dict[str, list[dict[str, Any]]]:
    """Per indicator: every period up to the edition's, its value and the status then."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for info in catalogue.indicators():
        own = values.get(info.code, {})
        data = indicator_input(info, own)
        rows[info.code] = []
        for p in periods:
            measured = own.get(p)
            status = indicator_status(data, p, params)
            rows[info.code].append(
                {
                    "period": str(p),
                    "value": _num(measured.value) if measured else None,
                    "note": measured.note if measured else "",
                    "note_en": measured.note_en if measured else "",
                    "provisional": bool(measured and measured.provisional),
                    "source": measured.source if measured else "",
                    "source_en": measured.source_en if measured else "",
                    "movement": str(status.movement),
                    "change": _num(status.change),
                }
            )
        rows[info.code] = neutral_rows(info.kind, rows[info.code])
    return rows


def _neutral_benchmarks(reading: dict[str, Any]) -> dict[str, Any]:
    statuses = reading["indicators"]
    return {**reading, "indicators": {c: neutral_status(s) for c, s in statuses.items()}}


def _assessments(period: MeasurementPeriod, area_codes: list[str]) -> dict[str, Any]:
    result = {}
    for code, row in assessment_svc.assessments_of(period).items():
        if code in area_codes and row.text.strip():
            result[code] = {
                "text": row.text,
                "html": str(render_markdown(row.text)),
                **(
                    {"text_en": row.text_en, "html_en": str(render_markdown(row.text_en))}
                    if row.text_en
                    else {}
                ),
                "final": row.is_final,
                "updated_at": row.updated_at,
            }
    return result


def build_snapshot(
    *,
    edition: Mapping[str, Any],
    period: MeasurementPeriod,
    version: CatalogueVersion,
    municipality: str,
    params: MethodParameters = DEFAULT_PARAMETERS,
) -> dict[str, Any]:
    """The whole public content of an edition, computed now from the live data.

    ``edition`` holds the edition's own facts (id, titles, publication, correction).
    """
    catalogue = load_catalogue(version)
    codes = [i.code for i in catalogue.indicators()]
    up_to = period.period
    values = load_values(codes, up_to=up_to)
    all_periods = db.session.scalars(
        db.select(MeasurementPeriod.code).order_by(MeasurementPeriod.code)
    )
    periods = [p for p in (Period.parse(c) for c in all_periods) if p <= up_to]
    page = compute(catalogue, values, up_to, periods, params)
    tree = load_version_tree(version.id)
    if tree is None:
        raise ValueError(f"No catalogue version {version.id}.")
    catalogue_dict = version_snapshot(tree)
    catalogue_dict.pop("changes", None)
    return _plain(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "edition": dict(edition),
            "municipality": municipality,
            "period": str(up_to),
            "period_label": period_labels(str(up_to)),
            "periods": [{"code": str(p), "label": period_labels(str(p))} for p in periods],
            "catalogue": catalogue_dict,
            "values": _value_rows(catalogue, values, periods, params),
            "reading": _neutral_benchmarks(page.reading.to_dict()),
            "assessments": _assessments(period, [a.code for a in catalogue.areas]),
            "comparisons": comparison_svc.snapshot_part(codes, up_to),
            "breakdowns": edition_part(version.id, codes, str(up_to)),
            "method": {
                "name": "default",
                "parameters": params.to_dict(),
                "caveat": NOT_AN_EVALUATION.to_dict(),
            },
        }
    )


# -- reading a snapshot --------------------------------------------------------------------


def indicators_of(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every indicator of the edition's catalogue, with its focus area and goal codes."""
    result = []
    for area in snapshot["catalogue"]["focus_areas"]:
        for goal in area["goals"]:
            for ind in goal["indicators"]:
                result.append({**ind, "focus_area": area["code"], "goal": goal["code"]})
    return result


def summary(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """What the publishing confirmation lists: coverage, missing values, draft texts."""
    reading = snapshot["reading"]
    period = snapshot["period"]
    missing = []
    for ind in indicators_of(snapshot):
        row = next((r for r in snapshot["values"][ind["code"]] if r["period"] == period), None)
        if row is None or row["value"] is None:
            missing.append(
                {
                    "code": ind["code"],
                    "name_da": ind["name_da"],
                    "name_en": ind["name_en"],
                    "note": row["note"] if row else "",
                }
            )
    areas = snapshot["catalogue"]["focus_areas"]
    assessments = snapshot["assessments"]
    return {
        "overall": reading["overall"]["all"],
        "missing": missing,
        "without_assessment": [a for a in areas if a["code"] not in assessments],
        "not_final": [
            a for a in areas if a["code"] in assessments and not assessments[a["code"]]["final"]
        ],
    }
