"""Demo steps of the barometer's later history: 2010-2011 measurements, the 2011-2014
policy with its own catalogue, and the one period read on another version.

The demo tells one story from 2007 to 2011: version 1 (the concept, BIU 227/2006) and
version 2 (after the hearing, BIU 118/2007 on 18.04.2007) belong to the 2007-2010 policy;
the 2011-2014 policy gets its first catalogue version in spring 2011, copied from version
2 with three indicators dropped (among them the national benchmark REF-01, whose figures
are BES-01's comparison series) and three added and its targets moved to 2014. Its number
comes after the draft the open hearing consults (version 3), so the hearing demo keeps its
numbers. Everything here is invented (marked illustrative), like the rest of the demo's
figures. Each step creates only what is missing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from barometer import catalogue_data
from barometer.demo.catalogue import POLICY, decision_instant
from barometer.demo.reading import _note
from barometer.models import (
    CatalogueVersion,
    Goal,
    Indicator,
    Measurement,
    MeasurementPeriod,
    Policy,
    SuccessCriterion,
)
from barometer.period import Period
from barometer.queries_in_force import override_of
from barometer.services import catalogue_nodes as nodes
from barometer.services import catalogue_versions, version_overrides
from core.extensions import db

SUCCESSOR = catalogue_data.PolicyData(
    "Integrationspolitik 2011-2014", "BR 640/10", date(2010, 11, 18), "2011-2014"
)
SUCCESSOR_LABEL = "Katalog for integrationspolitikken 2011-2014"
SUCCESSOR_DECISION = ("BIU 52/2011", date(2011, 3, 16))
TARGET_YEAR = 2014
# REF-01, the national benchmark, leaves the catalogue with the old policy: from 2011 its
# figures are what they are to BES-01, a comparison series (barometer/demo/comparisons.py).
DROPPED = ("BES-05", "UDD-02", "REF-01")
ADDED = (
    (
        "BES-M1",
        catalogue_data.IndicatorData(
            code="BES-06",
            name_da="Andel 16-64-årige med ikke-vestlig baggrund på offentlig forsørgelse",
            name_en="Share of non-Western 16-64-year-olds on public benefits",
            kind="effect",
            unit="percent",
            decimals=1,
            direction=-1,
            owner_code="BIF",
            data_source="Jobindsats.dk",
            baseline_value=Decimal("38.2"),
            baseline_period="2010-H2",
            illustrative=True,
        ),
    ),
    (
        "UDD-M3",
        catalogue_data.IndicatorData(
            code="UDD-06",
            name_da="Antal unge med ikke-vestlig baggrund i en lære- eller praktikplads",
            name_en="Young people of non-Western background in an apprenticeship",
            kind="activity",
            unit="count",
            decimals=0,
            direction=1,
            owner_code="BUF",
            data_source="Praktikpladsen.dk",
            baseline_value=Decimal(610),
            baseline_period="2010-H2",
            illustrative=True,
        ),
    ),
    (
        "KUL-M1",
        catalogue_data.IndicatorData(
            code="KUL-05",
            name_da="Andel 10-17-årige med ikke-vestlig baggrund, der går i klub",
            name_en="Share of non-Western 10-17-year-olds attending a youth club",
            kind="effect",
            unit="percent",
            decimals=1,
            direction=1,
            owner_code="BUF",
            data_source="Børne- og Ungdomsforvaltningens klubstatistik",
            baseline_value=Decimal("44.0"),
            baseline_period="2010-H2",
            illustrative=True,
        ),
    ),
)
# The new indicators' invented values in 2011 (the policy's first two half-years).
ADDED_VALUES = {
    "BES-06": {"2011-H1": "37.6", "2011-H2": "37.9"},
    "UDD-06": {"2011-H1": "645", "2011-H2": "702"},
    "KUL-05": {"2011-H1": "44.9", "2011-H2": "45.6"},
}
LATER = ("2010-H1", "2010-H2", "2011-H1", "2011-H2")
# How each later half-year moves against the last known trend: on, slower, back, on.
TREND = (Decimal("0.8"), Decimal("0.4"), Decimal("-0.6"), Decimal("0.7"))
OVERRIDE = (
    "2007-H1",
    1,
    "Indsamlingen for 1. halvår 2007 var i gang på konceptet (version 1), da version 2 blev "
    "besluttet den 18.04.2007; halvåret aflæses derfor på version 1.",
)


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def later_values(rows: list[dict[str, Any]], decimals: int) -> dict[str, Decimal | None]:
    """2010-H1..2011-H2 for one indicator, continuing its trend from 2009 (invented)."""
    by_period = {r["period"]: r.get("value") for r in rows}
    annual = by_period.get("2009-H1") is None and by_period.get("2009-H2") is not None
    result: dict[str, Decimal | None] = {}
    if annual:
        last, before = by_period.get("2009-H2"), by_period.get("2008-H2")
        if last is None or before is None:
            return result
        value, step = Decimal(str(last)), Decimal(str(last)) - Decimal(str(before))
        for n, code in enumerate(LATER):
            if code.endswith("H1"):
                result[code] = None
                continue
            value += step * TREND[n]
            result[code] = _round(value, decimals)
        return result
    last, before = by_period.get("2009-H2"), by_period.get("2009-H1")
    if last is None or before is None:
        return result
    value, step = Decimal(str(last)), Decimal(str(last)) - Decimal(str(before))
    for n, code in enumerate(LATER):
        value += step * TREND[n]
        result[code] = _round(max(value, Decimal(0)), decimals)
    return result


def load_later_measurements(data: dict[str, Any], now: datetime) -> None:
    """Invented values for 2010-H1..2011-H2 (none for the dropped indicators in 2011)."""
    periods = {p.code: p for p in db.session.scalars(select(MeasurementPeriod))}
    taken = set(
        db.session.execute(
            select(Measurement.indicator_code, MeasurementPeriod.code).join(
                MeasurementPeriod, Measurement.period_id == MeasurementPeriod.id
            )
        )
    )
    notes = {m["indicator"]: m.get("note") for m in data.get("measurements", []) if m.get("note")}
    planned: dict[tuple[str, str], tuple[Decimal | None, str]] = {}
    for ind in data.get("indicators", []):
        code = ind["code"]
        rows = [m for m in data.get("measurements", []) if m["indicator"] == code]
        for period, value in later_values(rows, int(ind["decimals"])).items():
            if code in DROPPED and period.startswith("2011"):
                continue
            note = _note({"note": notes.get(code)}) if value is None else ""
            planned[(code, period)] = (value, note)
    for code, values in ADDED_VALUES.items():
        for period, text in values.items():
            planned[(code, period)] = (Decimal(text), "")
    for (code, period_code), (value, note) in sorted(planned.items()):
        row = periods.get(period_code)
        if row is None or (code, period_code) in taken or (value is None and not note):
            continue
        db.session.add(
            Measurement(
                indicator_code=code,
                period_id=row.id,
                value=value,
                note=note,
                provisional=False,
                source="",
                entered_at=now,
            )
        )
    db.session.flush()


def _policy(name: str) -> Policy | None:
    return db.session.scalar(select(Policy).where(Policy.name == name))


def _latest_of(policy: Policy) -> CatalogueVersion | None:
    return db.session.scalar(
        select(CatalogueVersion)
        .where(CatalogueVersion.policy_id == policy.id, CatalogueVersion.approved_at.is_not(None))
        .order_by(CatalogueVersion.decision_date.desc(), CatalogueVersion.number.desc())
        .limit(1)
    )


def _retarget(draft: CatalogueVersion, now: datetime) -> None:
    """Targets "by 2009/2010" of the old policy become the new policy's "by 2014"."""
    reference, decided = SUCCESSOR_DECISION
    for criterion in db.session.scalars(
        select(SuccessCriterion).where(
            SuccessCriterion.version_id == draft.id,
            SuccessCriterion.target_period.in_(["2009-H2", "2010-H2"]),
        )
    ):
        nodes.update_criterion(
            criterion,
            catalogue_data.CriterionData(
                re.sub(r"\b20(09|10)\b", str(TARGET_YEAR), criterion.text),
                criterion.target_value,
                str(Period.target_year(TARGET_YEAR)),
                reference,
                decided,
                code=criterion.code,
                illustrative=True,
            ),
            actor=None,
            now=now,
        )


def load_successor_policy(data: dict[str, Any], now: datetime) -> None:
    """The 2011-2014 policy and its first catalogue version, approved in March 2011."""
    old = _policy(POLICY.name)
    if old is None or _policy(SUCCESSOR.name) is not None:
        return
    source = _latest_of(old)
    if source is None:
        return
    policy = catalogue_versions.create_policy(SUCCESSOR, actor=None, now=now)
    draft = catalogue_versions.create_draft(
        policy, label=SUCCESSOR_LABEL, actor=None, now=now, based_on=source
    )
    for code in DROPPED:
        indicator = db.session.scalar(
            select(Indicator).where(Indicator.version_id == draft.id, Indicator.code == code)
        )
        if indicator is not None:
            nodes.delete_indicator(indicator, actor=None, now=now)
    for goal_code, indicator in ADDED:
        goal = db.session.scalar(
            select(Goal).where(Goal.version_id == draft.id, Goal.code == goal_code)
        )
        if goal is not None:
            nodes.add_indicator(goal, indicator, actor=None, now=now)
    _retarget(draft, now)
    reference, decided = SUCCESSOR_DECISION
    catalogue_versions.approve_version(
        draft,
        decision_text=reference,
        decision_date=decided,
        actor=None,
        now=decision_instant(decided),
    )


def load_override(data: dict[str, Any], now: datetime) -> None:
    """2007-H1 is read on version 1: its collection had started before version 2."""
    code, number, reason = OVERRIDE
    period = db.session.scalar(select(MeasurementPeriod).where(MeasurementPeriod.code == code))
    version = db.session.scalar(select(CatalogueVersion).where(CatalogueVersion.number == number))
    if period is None or version is None or override_of(code) is not None:
        return
    version_overrides.set_override(code, number, reason, actor=None, now=now)
