"""The overview table (oversigtsskema): the catalogue printed as one table.

One row per indicator, grouped by focus area and goal, with the columns in the order the
hearing letter refers to: focus area, goal, success criteria (column 2), indicator
(name, kind), data source, owning administration, baseline. Built from a version
snapshot (plain dicts) into plain dataclasses that the page, the PDF, the spreadsheet
and the JSON all render, so they cannot disagree. The labels here are pairs of Danish
and English, like :mod:`barometer.status_text`, so the builder needs no request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date

from barometer.bilingual import language
from barometer.period import Period
from barometer.status_text import Style

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("focus_area", "Indsatsområde", "Focus area"),
    ("goal", "Mål", "Goal"),
    ("success_criteria", "Succeskriterier", "Success criteria"),
    ("indicator", "Indikator", "Indicator"),
    ("data_source", "Datakilde", "Data source"),
    ("owner", "Ansvarlig forvaltning", "Owning administration"),
    ("baseline", "Udgangspunkt", "Baseline"),
)

KIND_LABELS = {
    "effect": ("Effektindikator", "Effect indicator"),
    "activity": ("Aktivitetsindikator", "Activity indicator"),
    "benchmark": ("Sammenligningstal", "Benchmark"),
}

STATUS_LABELS = {
    "draft": ("Kladde", "Draft"),
    "approved": ("Godkendt", "Approved"),
    "superseded": ("Erstattet", "Superseded"),
    "replaced": ("Erstattet uden godkendelse", "Replaced without approval"),
}

GOAL_CRITERION_PREFIX = ("Mål", "Goal")


def pick(pair: tuple[str, str], locale: str) -> str:
    return pair[0] if language(locale) == "da" else pair[1]


def column_labels(locale: str) -> list[str]:
    return [pick((da, en), locale) for _, da, en in COLUMNS]


@dataclass(frozen=True)
class OverviewRow:
    focus_area_code: str
    focus_area: str
    goal_code: str
    goal: str
    success_criteria: tuple[str, ...]
    indicator_code: str
    indicator: str
    kind: str
    kind_label: str
    data_source: str
    owner_code: str
    owner: str
    baseline: str
    illustrative: bool
    # Grouping for the page and the PDF: a cell spans the rows of its group.
    area_rows: int = 0  # > 0 on the first row of a focus area
    goal_rows: int = 0  # > 0 on the first row of a goal

    def cells(self) -> list[str]:
        """The seven columns as text, in order (the spreadsheet's values)."""
        indicator = f"{self.indicator} ({self.kind_label})" if self.indicator else ""
        return [
            self.focus_area,
            self.goal,
            "\n".join(self.success_criteria),
            indicator,
            self.data_source,
            self.owner,
            self.baseline,
        ]


@dataclass(frozen=True)
class OverviewTable:
    policy: str
    policy_reference: str
    number: int
    label: str
    status: str
    status_label: str
    decision: str
    locale: str
    illustrative: bool
    headers: tuple[str, ...]
    rows: tuple[OverviewRow, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        word = pick(("Oversigtsskema", "Overview table"), self.locale)
        version = pick(("version", "version"), self.locale)
        return f"{word} – {version} {self.number}: {self.label}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["columns"] = [key for key, _, _ in COLUMNS]
        return data


def _name(row: Mapping[str, Any], key: str, locale: str) -> str:
    en = row.get(f"{key}_en")
    return str(en) if language(locale) == "en" and en else str(row[f"{key}_da"])


def criterion_line(c: Mapping[str, Any], locale: str) -> str:
    """A success criterion as one line: its text and the decision it comes from."""
    decision = ", ".join(
        part
        for part in (
            c.get("decision_reference") or "",
            _date(c.get("decision_date"), locale),
        )
        if part
    )
    return f"{c['text']} ({decision})" if decision else str(c["text"])


def _date(iso: str | None, locale: str) -> str:
    if not iso:
        return ""
    year, month, day = iso.split("-")
    if language(locale) == "da":
        return f"{day}.{month}.{year}"
    return format_date(date(int(year), int(month), int(day)), "d MMM y", locale="en")


def baseline_text(ind: Mapping[str, Any], locale: str) -> str:
    if ind.get("baseline_value") is None:
        return ""
    style = Style(ind["unit"], int(ind["decimals"]), int(ind["direction"]))
    value = style.value(Decimal(ind["baseline_value"]), language(locale))
    period = ind.get("baseline_period")
    label = Period.parse(period).label(language(locale)) if period else ""
    return f"{value} ({label})" if label else value


def _goal_rows(area: Mapping[str, Any], goal: Mapping[str, Any], locale: str) -> list[OverviewRow]:
    prefix = pick(GOAL_CRITERION_PREFIX, locale)
    goal_criteria = [f"{prefix}: {criterion_line(c, locale)}" for c in goal["success_criteria"]]
    common = {
        "focus_area_code": area["code"],
        "focus_area": f"{area['number']}. {_name(area, 'name', locale)}",
        "goal_code": goal["code"],
        "goal": _name(goal, "text", locale),
    }
    rows = []
    for index, ind in enumerate(goal["indicators"] or [None]):
        criteria = list(goal_criteria) if index == 0 else []
        if ind is None:
            rows.append(
                OverviewRow(
                    **common,
                    success_criteria=tuple(criteria),
                    indicator_code="",
                    indicator="",
                    kind="",
                    kind_label="",
                    data_source="",
                    owner_code="",
                    owner="",
                    baseline="",
                    illustrative=bool(goal["illustrative"]),
                )
            )
            continue
        criteria += [criterion_line(c, locale) for c in ind["success_criteria"]]
        owner = ind.get("owner_name_en") if language(locale) == "en" else None
        rows.append(
            OverviewRow(
                **common,
                success_criteria=tuple(criteria),
                indicator_code=ind["code"],
                indicator=_name(ind, "name", locale),
                kind=ind["kind"],
                kind_label=pick(KIND_LABELS[ind["kind"]], locale),
                data_source=ind["data_source"],
                owner_code=ind["owner"],
                owner=str(owner or ind["owner_name_da"]),
                baseline=baseline_text(ind, locale),
                illustrative=bool(ind["illustrative"] or goal["illustrative"]),
            )
        )
    return rows


def build_overview(snapshot: Mapping[str, Any], locale: str) -> OverviewTable:
    rows: list[OverviewRow] = []
    for area in snapshot["focus_areas"]:
        area_rows: list[OverviewRow] = []
        for goal in area["goals"]:
            goal_rows = _goal_rows(area, goal, locale)
            goal_rows[0] = replace(goal_rows[0], goal_rows=len(goal_rows))
            area_rows += goal_rows
        if area_rows:
            area_rows[0] = replace(area_rows[0], area_rows=len(area_rows))
        rows += area_rows
    # A consulted draft replaced without approval names the decision that replaced it, which
    # did not approve it: the table shows no "approved by" for it.
    approved = bool(snapshot.get("approved_at"))
    shown = (
        "replaced" if snapshot["status"] == "superseded" and not approved else snapshot["status"]
    )
    decision = ", ".join(
        p
        for p in (snapshot.get("decision_text"), _date(snapshot.get("decision_date"), locale))
        if p and approved
    )
    policy = snapshot["policy"]
    return OverviewTable(
        policy=policy["name"],
        policy_reference=policy["case_reference"],
        number=snapshot["number"],
        label=snapshot["label"],
        status=snapshot["status"],
        status_label=pick(STATUS_LABELS[shown], locale),
        decision=decision,
        locale=language(locale),
        illustrative=any(r.illustrative for r in rows),
        headers=tuple(column_labels(locale)),
        rows=tuple(rows),
    )
