"""What the public pages and the report show, made from an edition's snapshot alone.

Plain values for one language: names picked, numbers formatted with the indicator's unit
and decimals, explanations in that language, charts as SVG (the same functions for the page
and the PDF). Nothing here touches the database: a published edition always renders alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from barometer import charts, units
from barometer.bilingual import pick
from barometer.editions.comparison_views import ComparisonView, comparison_views
from barometer.editions.criteria import Criterion, criteria, measured_target
from barometer.frequency import Metadata
from barometer.period import Period
from barometer.plain_summary import summarise_snapshot
from barometer.reading_charts import chart_id, path_periods
from barometer.status_text import Style


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _pick(obj: Mapping[str, Any], name: str, lang: str) -> str:
    """``name_da``/``name_en`` (or ``name`` with an optional ``name_en``), see bilingual.pick."""
    return pick(str(obj.get(f"{name}_da", obj.get(name)) or ""), obj.get(f"{name}_en"), lang)


@dataclass(frozen=True)
class Group:
    """A roll-up (goal, focus area, whole barometer) in one language."""

    key: str
    label: str
    lang: str
    colour: str
    score: Decimal | None
    coverage: str
    explanation: str
    counts: dict[str, int]

    @classmethod
    def of(cls, data: Mapping[str, Any], key: str, label: str, lang: str) -> Group:
        counts = {c: int(data[c]) for c in ("green", "yellow", "red", "grey", "first", "total")}
        return cls(
            key,
            label,
            lang,
            str(data["colour"]),
            _dec(data["score"]),
            data["coverage_text"][lang],
            data["score_text"][lang],
            counts,
        )

    def gauge(self, place: str = "") -> Markup:
        """The gauge; ``place`` tells a second drawing of it apart (its ids)."""
        return charts.gauge(
            self.score,
            self.colour,
            id_prefix=chart_id("gauge", self.key, place) if place else chart_id("gauge", self.key),
            locale=self.lang,
            label=self.label,
            caption=self.coverage,
        )


@dataclass(frozen=True)
class Point:
    period: str
    label: str
    value: Decimal | None
    value_text: str
    change_text: str
    movement: str
    note: str
    provisional: bool


@dataclass(frozen=True)
class IndicatorView:
    code: str
    name: str
    lang: str
    kind: str
    unit: str
    decimals: int
    direction: int
    definition: str
    data_source: str
    owner: str
    baseline_text: str | None
    baseline_period: str | None
    baseline_value: Decimal | None
    illustrative: bool
    criteria: tuple[Criterion, ...]
    value_text: str
    change_text: str
    movement: str
    since_baseline: str
    progress: str
    progress_ratio: Decimal | None
    explanations: tuple[str, str, str]
    history: tuple[Point, ...]
    target: Decimal | None = None
    focus_area: str = ""
    goal: str = ""
    target_text: str | None = None  # at or after the target date: met or missed, in words
    target_period: str | None = None
    metadata: Metadata | None = None
    comparisons: tuple[ComparisonView, ...] = ()
    min_change: Decimal | None = None  # a smaller change of a category is "unchanged"

    def sparkline(self) -> Markup:
        return charts.sparkline(
            [p.value for p in self.history],
            id_prefix=chart_id("spark", self.code),
            locale=self.lang,
            label=self.name,
            colour=None if self.kind == "benchmark" else self.movement,  # never a colour
            decimals=self.decimals,
            unit_suffix=units.suffix(self.unit, self.lang),
            joined=self.joined,
        )

    @property
    def joined(self) -> bool:  # an annual series has no gaps in its off-cycle half-years
        return self.metadata is not None and self.metadata.frequency != "half_yearly"

    def trend(self, height: int = 180) -> Markup:
        """The trend chart; ``height`` is the plot's (the report draws a lower one)."""
        points = [charts.SeriesPoint(p.period, p.value, p.label) for p in self.history]
        return charts.trend_chart(
            points,
            id_prefix=chart_id("trend", self.code),
            locale=self.lang,
            title=self.name,
            unit_suffix=units.suffix(self.unit, self.lang),
            decimals=self.decimals,
            target=self.target,
            baseline=self.baseline_value,
            direction=self.direction,
            path=path_periods(self.baseline_period, self.target_period),
            joined=self.joined,
            comparisons=[c.line() for c in self.comparisons],
            height=height,
        )


@dataclass(frozen=True)
class GoalView:
    code: str
    text: str
    group: Group
    indicators: tuple[IndicatorView, ...]


@dataclass(frozen=True)
class AreaView:
    code: str
    number: int
    name: str
    group: Group
    effect: Group
    activity: Group
    goals: tuple[GoalView, ...]
    assessment: Markup | None
    assessment_final: bool
    assessment_lang: str = ""  # "da": shown on an English page without an English version
    description: str = ""


@dataclass(frozen=True)
class EditionView:
    id: int
    lang: str
    title: str
    period: str
    period_label: str
    municipality: str
    policy: str
    policy_reference: str
    version_number: int
    version_label: str
    published_at: datetime | None
    published_by: str
    sha256: str | None
    corrects: dict[str, Any] | None
    overall: Group
    overall_effect: Group
    overall_activity: Group
    areas: tuple[AreaView, ...]
    caveat: str
    parameters: dict[str, str]
    illustrative: bool
    corrected_by: tuple[dict[str, Any], ...] = field(default=())
    summary: str = ""  # three or four plain sentences (barometer.plain_summary)

    def indicators(self) -> list[IndicatorView]:
        return [i for a in self.areas for g in a.goals for i in g.indicators]

    def indicator(self, code: str) -> IndicatorView | None:
        return next((i for i in self.indicators() if i.code == code), None)


def _point(row: Mapping[str, Any], style: Style, labels: Mapping[str, Any], lang: str) -> Point:
    value, change = _dec(row["value"]), _dec(row["change"])
    return Point(
        row["period"],
        labels[row["period"]][lang],
        value,
        style.value(value, lang) if value is not None else "–",
        style.change(change, lang) if change is not None else "–",
        row["movement"],
        _pick(row, "note", lang),
        bool(row["provisional"]),
    )


def indicator_view(
    snapshot: Mapping[str, Any], ind: Mapping[str, Any], lang: str, area: str = "", goal: str = ""
) -> IndicatorView:
    status = snapshot["reading"]["indicators"][ind["code"]]
    style = Style(ind["unit"], int(ind["decimals"]), int(ind["direction"]))
    labels = {p["code"]: p["label"] for p in snapshot["periods"]}
    value, change = _dec(status["value"]), _dec(status["change"])
    baseline, (target, target_period) = _dec(ind["baseline_value"]), measured_target(ind)
    return IndicatorView(
        code=ind["code"],
        name=_pick(ind, "name", lang),
        lang=lang,
        kind=ind["kind"],
        unit=ind["unit"],
        decimals=int(ind["decimals"]),
        direction=int(ind["direction"]),
        min_change=Decimal(ind["min_change"]) if ind.get("min_change") else None,
        definition=_pick(ind, "definition", lang),
        data_source=_pick(ind, "data_source", lang),
        owner=_pick(ind, "owner_name", lang),
        baseline_text=style.value(baseline, lang) if baseline is not None else None,
        baseline_period=ind["baseline_period"],
        baseline_value=baseline,
        illustrative=bool(ind.get("illustrative")),
        criteria=criteria(ind, style, lang),
        value_text=style.value(value, lang) if value is not None else "–",
        change_text=style.change(change, lang) if change is not None else "–",
        movement=status["movement"],
        since_baseline=status["since_baseline"],
        progress=status["progress"],
        progress_ratio=_dec(status["progress_ratio"]),
        explanations=tuple(  # type: ignore[arg-type]
            status[k][lang] for k in ("movement_text", "since_baseline_text", "progress_text")
        ),
        history=tuple(_point(r, style, labels, lang) for r in snapshot["values"][ind["code"]]),
        target=target,
        target_period=target_period,
        focus_area=area,
        goal=goal,
        target_text=status["target_text"][lang] if status.get("target_text") else None,
        metadata=Metadata.of(ind, Period.parse(snapshot["period"]), lang),
        comparisons=comparison_views(
            snapshot.get("comparisons", {}).get(ind["code"], []), style, lang
        ),
    )


def _illustrative(catalogue: Mapping[str, Any]) -> bool:
    from barometer.queries import is_illustrative

    return is_illustrative(catalogue)  # type: ignore[arg-type]


def edition_view(
    snapshot: Mapping[str, Any],
    lang: str,
    *,
    sha256: str | None = None,
    corrected_by: Sequence[Mapping[str, Any]] = (),
) -> EditionView:
    reading, catalogue = snapshot["reading"], snapshot["catalogue"]
    words = {"da": "Hele barometeret", "en": "The whole barometer"}
    effect = {"da": "Effektindikatorer", "en": "Effect indicators"}
    activity = {"da": "Aktivitetsindikatorer", "en": "Activity indicators"}
    areas = []
    for area in catalogue["focus_areas"]:
        name = _pick(area, "name", lang)
        roll = reading["focus_areas"][area["code"]]
        goals = tuple(
            GoalView(
                g["code"],
                _pick(g, "text", lang),
                Group.of(reading["goals"][g["code"]]["all"], f"goal-{g['code']}", g["code"], lang),
                tuple(
                    indicator_view(snapshot, i, lang, area["code"], g["code"])
                    for i in g["indicators"]
                ),
            )
            for g in area["goals"]
        )
        text = snapshot["assessments"].get(area["code"])
        english = bool(text and lang == "en" and text.get("html_en"))
        areas.append(
            AreaView(
                area["code"],
                int(area["number"]),
                name,
                Group.of(roll["all"], area["code"], name, lang),
                Group.of(roll["effect"], f"{area['code']}-effect", name, lang),
                Group.of(roll["activity"], f"{area['code']}-activity", name, lang),
                goals,
                Markup(text["html_en" if english else "html"]) if text else None,  # noqa: S704
                bool(text and text["final"]),
                "da" if text and lang == "en" and not english else "",
                _pick(area, "description", lang),
            )
        )
    edition = snapshot["edition"]
    published = edition.get("published") or {}
    at = published.get("at")
    return EditionView(
        id=int(edition["id"]),
        lang=lang,
        title=edition["title"][lang],
        period=snapshot["period"],
        period_label=snapshot["period_label"][lang],
        municipality=snapshot["municipality"],
        policy=_pick(catalogue["policy"], "name", lang),
        policy_reference=catalogue["policy"]["case_reference"],
        version_number=int(catalogue["number"]),
        version_label=_pick(catalogue, "label", lang),
        published_at=datetime.fromisoformat(at) if at else None,
        published_by=published.get("by", ""),
        sha256=sha256,
        corrects=edition.get("corrects"),
        overall=Group.of(reading["overall"]["all"], "overall", words[lang], lang),
        overall_effect=Group.of(reading["overall"]["effect"], "overall-effect", effect[lang], lang),
        overall_activity=Group.of(
            reading["overall"]["activity"], "overall-activity", activity[lang], lang
        ),
        areas=tuple(areas),
        caveat=snapshot["method"]["caveat"][lang],
        parameters=dict(snapshot["method"]["parameters"]),
        illustrative=_illustrative(catalogue),
        corrected_by=tuple(dict(c) for c in corrected_by),
        summary=summarise_snapshot(snapshot).get(lang),
    )


# -- comparison ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparedIndicator:
    code: str
    name: str
    a: IndicatorView | None
    b: IndicatorView | None
    colour_changed: bool
    value_changed: bool
    revised: tuple[tuple[str, str, str], ...]  # (period label, value in a, value in b)


def compare(
    first: Mapping[str, Any], second: Mapping[str, Any], lang: str
) -> list[ComparedIndicator]:
    """Indicator by indicator: the two editions' values and colours, and revised values."""
    a_view, b_view = edition_view(first, lang), edition_view(second, lang)
    a_map = {i.code: i for i in a_view.indicators()}
    b_map = {i.code: i for i in b_view.indicators()}
    result = []
    for code in dict.fromkeys([*a_map, *b_map]):
        a, b = a_map.get(code), b_map.get(code)
        revised: list[tuple[str, str, str]] = []
        if a and b:
            b_points = {p.period: p for p in b.history}
            for p in a.history:
                q = b_points.get(p.period)
                if q is not None and q.value != p.value:
                    revised.append((p.label, p.value_text, q.value_text))
        result.append(
            ComparedIndicator(
                code,
                (b or a).name,  # type: ignore[union-attr]
                a,
                b,
                bool(a and b and a.kind != "benchmark" and a.movement != b.movement),
                bool(a and b and a.value_text != b.value_text),
                tuple(revised),
            )
        )
    return result
