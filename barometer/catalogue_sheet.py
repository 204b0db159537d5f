"""The catalogue as a spreadsheet: the columns of the overview table and writing a version.

The layout follows the overview table's columns (focus area, goal, success criterion,
indicator, data source, owning administration, baseline) with the details a version
needs beside each (codes, units, targets, decisions), so an exported file imported again
(:mod:`barometer.services.catalogue_import`) gives an identical version. One row per
indicator and success criterion: an indicator with two criteria takes two rows that
repeat the indicator; a criterion without an indicator belongs to the goal; a goal
without either takes a row of its own. Focus areas are referred to by code or name.

The breakdown dimensions take a second sheet, *Opdelinger* (*Breakdowns*): one row per
dimension and category, in their order; the column *Opdelinger* of the first sheet lists
the codes of the dimensions chosen for the row's indicator ("herkomst; koen").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from barometer.bilingual import language
from core.spreadsheets import Sheet, write_workbook

# (key, Danish header, English header, width). The first seven are the overview's order.
COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("focus_area", "Indsatsområde", "Focus area", 18),
    ("goal_code", "Målkode", "Goal code", 10),
    ("goal", "Mål", "Goal", 40),
    ("goal_en", "Mål (engelsk)", "Goal (English)", 30),
    ("criterion_code", "Succeskriteriekode", "Success criterion code", 14),
    ("success_criterion", "Succeskriterium", "Success criterion", 40),
    ("success_criterion_en", "Succeskriterium (engelsk)", "Success criterion (English)", 30),
    ("target_value", "Målværdi", "Target value", 10),
    ("target_period", "Målperiode", "Target period", 10),
    ("decision_reference", "Beslutning", "Decision", 16),
    ("decision_date", "Beslutningsdato", "Decision date", 12),
    ("indicator_code", "Indikatorkode", "Indicator code", 12),
    ("indicator", "Indikator", "Indicator", 45),
    ("indicator_en", "Indikator (engelsk)", "Indicator (English)", 30),
    ("kind", "Type", "Kind", 12),
    ("definition", "Definition", "Definition", 30),
    ("definition_en", "Definition (engelsk)", "Definition (English)", 30),
    ("unit", "Enhed", "Unit", 14),
    ("decimals", "Decimaler", "Decimals", 8),
    ("direction", "Ønsket retning", "Desired direction", 10),
    ("min_change", "Mindste betydende ændring", "Minimum meaningful change", 10),
    ("data_source", "Datakilde", "Data source", 30),
    ("data_source_en", "Datakilde (engelsk)", "Data source (English)", 20),
    ("owner", "Ansvarlig forvaltning", "Owning administration", 12),
    ("baseline_value", "Udgangspunkt", "Baseline", 10),
    ("baseline_period", "Udgangspunktets periode", "Baseline period", 10),
    ("notes", "Bemærkninger", "Notes", 30),
    ("notes_en", "Bemærkninger (engelsk)", "Notes (English)", 20),
    ("frequency", "Hyppighed", "Frequency", 12),
    ("measured_half", "Måles i halvår", "Measured in half-year", 8),
    ("data_breaks", "Databrud", "Data breaks", 30),
    ("data_breaks_en", "Databrud (engelsk)", "Data breaks (English)", 20),
    ("limitations", "Begrænsninger", "Limitations", 30),
    ("limitations_en", "Begrænsninger (engelsk)", "Limitations (English)", 20),
    ("contact", "Kontakt", "Contact", 20),
    ("last_updated", "Senest opdateret", "Last updated", 12),
    ("goal_illustrative", "Illustrativt mål", "Illustrative goal", 8),
    ("illustrative", "Illustrativ indikator", "Illustrative indicator", 8),
    ("criterion_illustrative", "Illustrativt succeskriterium", "Illustrative criterion", 8),
    ("breakdowns", "Opdelinger", "Breakdowns", 20),
)
KEYS = tuple(c[0] for c in COLUMNS)
REQUIRED_COLUMNS = ("focus_area", "goal_code", "goal", "indicator_code", "indicator")

# The second sheet: its names (Danish, English) and columns, as COLUMNS.
BREAKDOWN_SHEET = ("Opdelinger", "Breakdowns")
BREAKDOWN_COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("dimension_code", "Opdelingskode", "Dimension code", 14),
    ("dimension", "Opdeling", "Dimension", 30),
    ("dimension_en", "Opdeling (engelsk)", "Dimension (English)", 30),
    ("category_code", "Kategorikode", "Category code", 14),
    ("category", "Kategori", "Category", 30),
    ("category_en", "Kategori (engelsk)", "Category (English)", 30),
    ("dimension_illustrative", "Illustrativ opdeling", "Illustrative dimension", 8),
)
BREAKDOWN_KEYS = tuple(c[0] for c in BREAKDOWN_COLUMNS)
BREAKDOWN_REQUIRED = ("dimension_code", "dimension", "category_code", "category")

KIND_WORDS = {
    "effect": "effect", "effekt": "effect", "effektindikator": "effect",
    "activity": "activity", "aktivitet": "activity", "aktivitetsindikator": "activity",
    "benchmark": "benchmark", "sammenligningstal": "benchmark",
}  # fmt: skip
FREQUENCY_WORDS = {
    "": "half_yearly", "half_yearly": "half_yearly", "half-yearly": "half_yearly",
    "halvårlig": "half_yearly", "annual": "annual", "årlig": "annual",
    "irregular": "irregular", "uregelmæssig": "irregular",
}  # fmt: skip
DIRECTION_WORDS = {
    "up": 1, "op": 1, "+1": 1, "1": 1, "higher": 1, "højere": 1, "højere er bedre": 1,
    "down": -1, "ned": -1, "-1": -1, "lower": -1, "lavere": -1, "lavere er bedre": -1,
}  # fmt: skip


def header(key: str, locale: str) -> str:
    for k, da, en, _ in COLUMNS + BREAKDOWN_COLUMNS:
        if k == key:
            return da if language(locale) == "da" else en
    return key


# -- export ------------------------------------------------------------------------------


def _bool(value: bool, locale: str) -> str:
    if language(locale) == "da":
        return "ja" if value else "nej"
    return "yes" if value else "no"


def _dec(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _date_value(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def export_rows(snapshot: Mapping[str, Any], locale: str) -> list[dict[str, Any]]:
    """The version as rows of plain values keyed by column."""
    rows: list[dict[str, Any]] = []
    for area in snapshot["focus_areas"]:
        for goal in area["goals"]:
            base = {
                "focus_area": area["code"],
                "goal_code": goal["code"],
                "goal": goal["text_da"],
                "goal_en": goal["text_en"] or "",
                "goal_illustrative": _bool(goal["illustrative"], locale),
            }
            for c in goal["success_criteria"]:
                rows.append(base | _criterion_cells(c, locale))
            for ind in goal["indicators"]:
                cells = base | _indicator_cells(ind, locale)
                for c in ind["success_criteria"] or [None]:
                    rows.append(cells | (_criterion_cells(c, locale) if c else {}))
            if not goal["success_criteria"] and not goal["indicators"]:
                rows.append(base)
    return [{key: row.get(key, "") for key in KEYS} for row in rows]


def _criterion_cells(c: Mapping[str, Any], locale: str) -> dict[str, Any]:
    return {
        "criterion_code": c["code"],
        "success_criterion": c["text"],
        "success_criterion_en": c.get("text_en") or "",
        "target_value": _dec(c["target_value"]),
        "target_period": c["target_period"] or "",
        "decision_reference": c["decision_reference"] or "",
        "decision_date": _date_value(c["decision_date"]),
        "criterion_illustrative": _bool(c["illustrative"], locale),
    }


def _indicator_cells(ind: Mapping[str, Any], locale: str) -> dict[str, Any]:
    return {
        "indicator_code": ind["code"],
        "indicator": ind["name_da"],
        "indicator_en": ind["name_en"] or "",
        "kind": ind["kind"],
        "definition": ind["definition"],
        "definition_en": ind.get("definition_en") or "",
        "unit": ind["unit"],
        "decimals": ind["decimals"],
        "direction": "up" if ind["direction"] == 1 else "down",
        "min_change": _dec(ind["min_change"]),
        "data_source": ind["data_source"],
        "data_source_en": ind.get("data_source_en") or "",
        "owner": ind["owner"],
        "baseline_value": _dec(ind["baseline_value"]),
        "baseline_period": ind["baseline_period"] or "",
        "notes": ind["notes"],
        "notes_en": ind.get("notes_en") or "",
        "illustrative": _bool(ind["illustrative"], locale),
        "breakdowns": "; ".join(c.strip() for c in (ind.get("breakdowns") or "").split(",")),
        # Snapshots frozen before the metadata existed lack these keys.
        "frequency": ind.get("frequency") or "half_yearly",
        "measured_half": ind.get("measured_half"),
        "data_breaks": ind.get("data_breaks") or "",
        "data_breaks_en": ind.get("data_breaks_en") or "",
        "limitations": ind.get("limitations") or "",
        "limitations_en": ind.get("limitations_en") or "",
        "contact": ind.get("contact") or "",
        "last_updated": _date_value(ind.get("last_updated")),
    }


def breakdown_rows(snapshot: Mapping[str, Any], locale: str) -> list[list[Any]]:
    """The second sheet's rows: one per dimension and category, in their order."""
    return [
        [d["code"], d["name_da"], d["name_en"] or "", c["code"], c["name_da"], c["name_en"] or "",
         _bool(d["illustrative"], locale)]
        for d in snapshot.get("breakdown_dimensions", [])
        for c in d.get("category_list", [])
    ]  # fmt: skip


def export_xlsx(snapshot: Mapping[str, Any], locale: str, title: str) -> bytes:
    """Two sheets (the catalogue, its breakdown dimensions), each with its header frozen,
    sensible column widths, dates as dates."""
    rows = [[row[key] for key in KEYS] for row in export_rows(snapshot, locale)]
    danish = language(locale) == "da"
    return write_workbook(
        [
            Sheet(title, [header(k, locale) for k in KEYS], rows, [c[3] for c in COLUMNS], True),
            Sheet(
                BREAKDOWN_SHEET[0 if danish else 1],
                [header(k, locale) for k in BREAKDOWN_KEYS],
                breakdown_rows(snapshot, locale),
                [c[3] for c in BREAKDOWN_COLUMNS],
                True,
            ),
        ]
    )
