"""Open data of an edition: CSV, JSON and a Frictionless data package, from the snapshot.

The CSV has one row per indicator and period (every period up to the edition's), with
codes, names, unit, value, the value's note and source (each also in English), colour,
progress class and the explanation in both languages. It is written for spreadsheet
users in Denmark: UTF-8 with a byte-order mark (so Excel reads æøå), ``;`` between fields
(Danish Excel's list separator), every text field quoted (a text a spreadsheet would run
as a formula with a leading apostrophe), numbers with a ``.`` decimal point as the data
package declares. The JSON file is the edition's canonical JSON itself. The tidy table
``indicator-data.csv`` holds the same values in the long form of the per-indicator open
data (:mod:`barometer.editions.indicator_data`). All are
made from the frozen snapshot alone: the publication's job (``edition.open_data``) stores
them, and until it has, a request makes the same bytes from the same snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from barometer.editions import indicator_data as tidy
from barometer.editions.snapshot import canonical_json, indicators_of, sha256_hex
from barometer.units import Unit
from core.spreadsheets import neutralise

CSV_NAME = "data.csv"
TIDY_CSV_NAME = "indicator-data.csv"
JSON_NAME = "data.json"
PACKAGE_NAME = "datapackage.json"
BOM = "\ufeff"

COLUMNS = (
    ("edition_id", "integer", "The edition's number"),
    ("edition_period", "string", "The period the edition reports on, e.g. 2009-H2"),
    ("focus_area_code", "string", "Code of the focus area"),
    ("focus_area_name_da", "string", "Name of the focus area in Danish"),
    ("goal_code", "string", "Code of the goal"),
    ("indicator_code", "string", "Code of the indicator, stable across catalogue versions"),
    ("indicator_name_da", "string", "Name of the indicator in Danish"),
    ("indicator_name_en", "string", "Name of the indicator in English"),
    ("kind", "string", "effect, activity or benchmark"),
    ("unit", "string", ", ".join(Unit)),
    ("direction", "integer", "1: higher is better; -1: lower is better"),
    ("period", "string", "The half-year of the value, e.g. 2008-H1"),
    ("value", "number", "The measured value; empty when none was reported"),
    ("note", "string", "Why a value is missing, or a remark on it"),
    ("note_en", "string", "The note in English, if one was written"),
    ("source", "string", "Where the value comes from, if given"),
    ("source_en", "string", "The source in English, if one was written"),
    (
        "colour",
        "string",
        "Movement against the previous value: green, yellow, red, grey, first, off_cycle, "
        "not_comparable; benchmark for a benchmark (never coloured)",
    ),
    ("progress", "string", "Progress towards the success criterion (edition period only)"),
    ("explanation_da", "string", "The status explained in Danish (edition period only)"),
    ("explanation_en", "string", "The status explained in English (edition period only)"),
)


def csv_rows(snapshot: Mapping[str, Any]) -> Iterator[list[Any]]:
    edition_id, period = snapshot["edition"]["id"], snapshot["period"]
    areas = {a["code"]: a for a in snapshot["catalogue"]["focus_areas"]}
    statuses = snapshot["reading"]["indicators"]
    for ind in indicators_of(snapshot):
        status = statuses[ind["code"]]
        for row in snapshot["values"][ind["code"]]:
            current = row["period"] == period
            yield [
                edition_id,
                period,
                ind["focus_area"],
                areas[ind["focus_area"]]["name_da"],
                ind["goal"],
                ind["code"],
                ind["name_da"],
                ind["name_en"] or "",
                ind["kind"],
                ind["unit"],
                ind["direction"],
                row["period"],
                row["value"] if row["value"] is not None else "",
                row["note"],
                # Editions frozen before these fields existed lack them.
                row.get("note_en") or "",
                row.get("source") or "",
                row.get("source_en") or "",
                row["movement"],
                status["progress"] if current else "",
                _explanation(status, "da") if current else "",
                _explanation(status, "en") if current else "",
            ]


def _explanation(status: Mapping[str, Any], lang: str) -> str:
    keys = ("movement_text", "since_baseline_text", "progress_text")
    return " ".join(status[k][lang] for k in keys)


def _cell(kind: str, value: Any) -> str:
    """Numbers bare (exactly as stored), everything else quoted with doubled quotes and
    neutralised, so no spreadsheet runs a text as a formula."""
    if kind in ("number", "integer") and value != "":
        return str(value)
    text = neutralise(str(value))
    return '"' + text.replace('"', '""') + '"'


def edition_csv(snapshot: Mapping[str, Any]) -> bytes:
    lines = [";".join(_cell("string", name) for name, _, _ in COLUMNS)]
    for row in csv_rows(snapshot):
        lines.append(";".join(_cell(COLUMNS[i][1], v) for i, v in enumerate(row)))
    return (BOM + "\r\n".join(lines) + "\r\n").encode("utf-8")


def tidy_csv(rows: Iterable[tidy.Row]) -> bytes:
    """Tidy rows (:mod:`barometer.editions.indicator_data`) in the dialect of the CSV above."""
    lines = [";".join(_cell("string", name) for name in tidy.NAMES)]
    for row in rows:
        value = (row[name] if row[name] is not None else "" for name in tidy.NAMES)
        lines.append(";".join(_cell(c[1], v) for c, v in zip(tidy.COLUMNS, value, strict=True)))
    return (BOM + "\r\n".join(lines) + "\r\n").encode("utf-8")


def edition_json(snapshot: Mapping[str, Any]) -> bytes:
    return canonical_json(snapshot).encode("utf-8")


DIALECT = {
    "delimiter": ";",
    "quoteChar": '"',
    "doubleQuote": True,
    "lineTerminator": "\r\n",
    "header": True,
}


def _schema(columns: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    return {
        "fields": [{"name": n, "type": t, "description": d} for n, t, d in columns],
        "missingValues": [""],
    }


def _tidy_resource(data: bytes) -> dict[str, Any]:
    return {
        "name": "indicator_data",
        "path": TIDY_CSV_NAME,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "bytes": len(data),
        "hash": "sha256:" + sha256_hex(data),
        "description": "Open data per indicator in tidy form: one row per indicator, period, "
        "dimension and category (the total has an empty dimension and category).",
        "dialect": DIALECT,
        "schema": _schema(tidy.COLUMNS),
    }


def datapackage(snapshot: Mapping[str, Any], files: Mapping[str, bytes]) -> bytes:
    """A Frictionless data package (v1) describing the CSV and JSON files."""
    edition = snapshot["edition"]
    published = (edition.get("published") or {}).get("at")
    package = {
        "profile": "data-package",
        "name": f"integrationsbarometer-udgave-{edition['id']}",
        "title": edition["title"]["da"],
        "description": f"{edition['title']['en']}. {snapshot['method']['caveat']['en']}",
        "version": str(edition["id"]),
        "created": published,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "contributors": [{"title": snapshot["municipality"], "role": "publisher"}],
        "keywords": ["integration", "barometer", snapshot["period"]],
        "resources": [
            {
                "name": "values",
                "path": CSV_NAME,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "bytes": len(files[CSV_NAME]),
                "hash": "sha256:" + sha256_hex(files[CSV_NAME]),
                "dialect": DIALECT,
                "schema": _schema(COLUMNS),
            },
            {
                "name": "edition",
                "path": JSON_NAME,
                "profile": "data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "bytes": len(files[JSON_NAME]),
                "hash": "sha256:" + sha256_hex(files[JSON_NAME]),
                "description": "The whole frozen edition as canonical JSON; its SHA-256 is "
                "the hash shown on the edition's page.",
            },
            *([_tidy_resource(files[TIDY_CSV_NAME])] if TIDY_CSV_NAME in files else []),
        ],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"
# Each file's content type, in the order the files are made (the data package last: it
# describes the others).
CONTENT_TYPES = {CSV_NAME: CSV_TYPE, JSON_NAME: JSON_TYPE, TIDY_CSV_NAME: CSV_TYPE,
                 PACKAGE_NAME: JSON_TYPE}  # fmt: skip
NAMES = tuple(CONTENT_TYPES)


def each_document(snapshot: Mapping[str, Any]) -> Iterator[tuple[str, str, bytes]]:
    """(name, content type, bytes) of each open-data file in the order of :data:`NAMES`,
    made from the snapshot one at a time."""
    files: dict[str, bytes] = {}
    for name, make in (
        (CSV_NAME, lambda: edition_csv(snapshot)),
        (JSON_NAME, lambda: edition_json(snapshot)),
        (TIDY_CSV_NAME, lambda: tidy_csv(tidy.edition_rows(snapshot))),
        (PACKAGE_NAME, lambda: datapackage(snapshot, files)),
    ):
        files[name] = make()
        yield name, CONTENT_TYPES[name], files[name]


def documents(snapshot: Mapping[str, Any], edition_id: int) -> list[tuple[str, str, bytes]]:
    """(name, content type, bytes) of the open-data files, made from the snapshot."""
    return list(each_document(snapshot))


def document(snapshot: Mapping[str, Any], name: str) -> bytes:
    """One open-data file made from the snapshot, making no more than it needs (the data
    package needs the others)."""
    for made, _, data in each_document(snapshot):
        if made == name:
            return data
    raise KeyError(name)
