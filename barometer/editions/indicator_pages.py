"""Open data per indicator, the reporting status and the DCAT-AP metadata: what they answer.

Like :mod:`barometer.editions.public_responses`, each function returns a store key and
how to make the response, for :func:`public_cache.lookup`. Everything is made from the
published editions' snapshots, read with one statement whatever their number; drafts are
never read. Links in JSON and JSON-LD bodies are absolute (``PUBLIC_BASE_URL``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from flask import current_app, url_for
from sqlalchemy import select

from barometer.editions import indicator_data as tidy
from barometer.editions import public_cache
from barometer.editions import public_site as site
from barometer.editions.open_data import tidy_csv
from barometer.editions.public_responses import HTML, JSON, Response
from barometer.editions.reporting_status import reporting_status
from barometer.editions.workbook import XLSX_TYPE
from barometer.models import Edition, EditionState
from barometer.period import Period
from barometer.status_text import Style
from core.extensions import db
from core.spreadsheets import write_xlsx

CSV = "text/csv; charset=utf-8"
JSONLD = "application/ld+json"
Snapshots = Sequence[Mapping[str, Any]]


def published_snapshots() -> list[dict[str, Any]]:
    """Every published edition's content, newest first (a correction before what it
    corrects): one statement."""
    texts = db.session.scalars(
        select(Edition.canonical_json)
        .where(Edition.state == EditionState.PUBLISHED)
        .order_by(Edition.period_code.desc(), Edition.id.desc())
    )
    return [json.loads(t) for t in texts if t]


def absolute(endpoint: str, **values: Any) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def _newest_with(snapshots: Snapshots, code: str) -> tuple[Mapping[str, Any], dict[str, Any]]:
    for snapshot in snapshots:
        found = tidy.find_indicator(snapshot, code)
        if found is not None:
            return snapshot, found
    raise LookupError(code)


def links(code: str) -> dict[str, str]:
    return {
        "page": absolute("barometer.public_indicator_data", code=code),
        "csv": absolute("barometer.public_indicator_file", code=code, name="data.csv"),
        "json": absolute("barometer.public_indicator_file", code=code, name="data.json"),
        "xlsx": absolute("barometer.public_indicator_file", code=code, name="data.xlsx"),
        "dcat": absolute("barometer.public_indicator_file", code=code, name="dcat.jsonld"),
        "api": absolute("api.indicator_data", code=code),
    }


def document(snapshots: Snapshots, code: str) -> dict[str, Any] | None:
    """The indicator as most recently published, with every published row (None: no
    published edition has it)."""
    try:
        snapshot, ind = _newest_with(snapshots, code)
    except LookupError:
        return None
    area = next(a for a in snapshot["catalogue"]["focus_areas"] if a["code"] == ind["focus_area"])
    goal = next(g for g in area["goals"] if g["code"] == ind["goal"])
    return {
        "indicator": {
            "code": code,
            "name": {"da": ind["name_da"], "en": ind["name_en"] or ""},
            "kind": ind["kind"],
            "unit": ind["unit"],
            "decimals": ind["decimals"],
            "direction": ind["direction"],
            "frequency": ind.get("frequency") or "half_yearly",
            "measured_half": ind.get("measured_half"),
            "illustrative": bool(ind.get("illustrative")),
            "focus_area": {
                "code": area["code"],
                "name": {"da": area["name_da"], "en": area["name_en"] or ""},
            },
            "goal": {
                "code": goal["code"],
                "text": {"da": goal["text_da"], "en": goal["text_en"] or ""},
            },
        },
        "edition": {"id": snapshot["edition"]["id"], "period": snapshot["period"]},
        "columns": list(tidy.NAMES),
        "rows": tidy.latest_rows(snapshots, code),
        "links": links(code),
    }


def _made(code: str, build: Any, content_type: str) -> public_cache.Made:
    data = document(published_snapshots(), code)
    return None if data is None else (build(data), content_type)


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def indicator_json(code: str) -> Response:
    return f"indicator:{code}:json", lambda: _made(code, _json, JSON)


def indicator_csv(code: str) -> Response:
    return f"indicator:{code}:csv", lambda: _made(code, lambda d: tidy_csv(d["rows"]), CSV)


def _xlsx(data: Mapping[str, Any]) -> bytes:
    """The rows as one sheet: the values as numbers (exactly as published), texts as text."""
    rows = [[_number(r[n]) if n == "value" else r[n] for n in tidy.NAMES] for r in data["rows"]]
    return write_xlsx(data["indicator"]["code"], tidy.NAMES, rows, XLSX_WIDTHS)


XLSX_WIDTHS = (12, 10, 16, 20, 12, 10, 14, 40, 8)


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def indicator_xlsx(code: str) -> Response:
    return f"indicator:{code}:xlsx", lambda: _made(code, _xlsx, XLSX_TYPE)


# -- pages ----------------------------------------------------------------------------------


def _row_view(row: Mapping[str, Any], style: Style, lang: str) -> dict[str, Any]:
    value = row["value"]
    return {
        **row,
        "period_label": Period.parse(row["period"]).label(lang),
        "value_text": style.value(Decimal(value), lang) if value is not None else "–",
    }


def indicator_page(code: str, lang: str) -> Response:
    def make() -> public_cache.Made:
        data = document(published_snapshots(), code)
        if data is None:
            return None
        ind = data["indicator"]
        style = Style(ind["unit"], int(ind["decimals"]), int(ind["direction"]))
        rows = [_row_view(r, style, lang) for r in data["rows"]]
        html = site.render_page(
            "barometer/public/indicator_data.html",
            site.Links(lang),
            data=data,
            rows=rows,
            latest=tidy.latest_total(rows),
            dimensions=tidy.dimensions(rows),
        )
        return html.encode("utf-8"), HTML

    return f"page:indicator-data:{code}:{lang}", make


def reporting_page(lang: str) -> Response:
    def make() -> public_cache.Made:
        snapshots = published_snapshots()
        latest = snapshots[0] if snapshots else None
        html = site.render_page(
            "barometer/public/reporting_status.html",
            site.Links(lang),
            snapshot=latest,
            areas=reporting_status(latest) if latest else [],
            period_label=Period.parse(latest["period"]).label(lang) if latest else "",
        )
        return html.encode("utf-8"), HTML

    return f"page:reporting-status:{lang}", make
