"""The read side of the catalogue: a whole version in a constant number of queries.

``load_version_tree`` loads a version with every focus area, goal, indicator, owner and
success criterion through ``selectinload`` (one query per level, whatever the size), and
``version_snapshot`` turns it into plain dicts. The snapshot is what the diff, the
overview table (page, PDF, XLSX, JSON) and the API read; nothing downstream touches ORM
objects, so no template can trigger a lazy load.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from barometer.bilingual import pick
from barometer.breakdown_queries import snapshot_breakdowns
from barometer.models import (
    CatalogueChangeRecord,
    CatalogueVersion,
    Edition,
    FocusArea,
    Goal,
    Indicator,
    MeasurementPeriod,
    Policy,
    SuccessCriterion,
    VersionStatus,
    shown_status,
)
from core.extensions import db

PUBLIC_STATUSES = (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)
T = TypeVar("T")


def by_id(model: type[T], object_id: int) -> T | None:
    """One row by its primary key (None: there is none)."""
    return db.session.get(model, object_id)


def _tree_options() -> Any:
    criteria = selectinload(Goal.success_criteria)
    indicators = selectinload(Goal.indicators).options(
        selectinload(Indicator.success_criteria), selectinload(Indicator.owner)
    )
    return (
        joinedload(CatalogueVersion.lock),
        selectinload(CatalogueVersion.policy),
        selectinload(CatalogueVersion.based_on),
        selectinload(CatalogueVersion.change_records),
        selectinload(CatalogueVersion.focus_areas)
        .selectinload(FocusArea.goals)
        .options(criteria, indicators),
    )


def load_version_tree(version_id: int) -> CatalogueVersion | None:
    return db.session.scalar(
        select(CatalogueVersion)
        .where(CatalogueVersion.id == version_id)
        .options(*_tree_options())
        .execution_options(populate_existing=True)
    )


def version_by_number(number: int, *, tree: bool = False) -> CatalogueVersion | None:
    query = select(CatalogueVersion).where(CatalogueVersion.number == number)
    if tree:
        query = query.options(*_tree_options()).execution_options(populate_existing=True)
    return db.session.scalar(query)


def policies_with_versions() -> list[Policy]:
    return list(
        db.session.scalars(
            select(Policy)
            .options(selectinload(Policy.versions))
            .order_by(Policy.adopted_on.desc(), Policy.id.desc())
        )
    )


def public_versions() -> list[CatalogueVersion]:
    return list(
        db.session.scalars(
            select(CatalogueVersion)
            .where(CatalogueVersion.status.in_(PUBLIC_STATUSES))
            .options(selectinload(CatalogueVersion.policy))
            .order_by(CatalogueVersion.number)
        )
    )


def version_numbers(locale: str = "da") -> list[tuple[int, str, str]]:
    """(number, label in ``locale`` where there is one, shown status) of every version, for
    the diff's choices."""
    v = CatalogueVersion
    columns = (v.number, v.label, v.label_en, v.status, v.approved_at.is_not(None))
    rows = db.session.execute(select(*columns).order_by(v.number))
    return [
        (n, str(pick(label, label_en, locale)), shown_status(status, approved=approved))
        for n, label, label_en, status, approved in rows
    ]


def versions_based_on(version: CatalogueVersion) -> list[CatalogueVersion]:
    """The versions made from this one (for a replaced draft: the draft that replaced it)."""
    return list(
        db.session.scalars(
            select(CatalogueVersion)
            .where(CatalogueVersion.based_on_id == version.id)
            .order_by(CatalogueVersion.number)
        )
    )


def measurement_periods() -> list[MeasurementPeriod]:
    """Every measurement period, the newest first."""
    return list(
        db.session.scalars(select(MeasurementPeriod).order_by(MeasurementPeriod.code.desc()))
    )


def period_codes() -> list[str]:
    """The code of every measurement period, the oldest first."""
    return list(db.session.scalars(select(MeasurementPeriod.code).order_by(MeasurementPeriod.code)))


def editions_newest_first() -> list[Edition]:
    return list(db.session.scalars(select(Edition).order_by(Edition.id.desc())))


def version_numbers_by_id() -> dict[int, int]:
    """The number of every catalogue version, by its id."""
    rows = db.session.execute(select(CatalogueVersion.id, CatalogueVersion.number))
    return {version_id: number for version_id, number in rows.all()}  # noqa: C416 - typed rows


# -- plain snapshots ----------------------------------------------------------------


def _num(value: Decimal | None) -> str | None:
    """A Decimal as a JSON-safe string without trailing zeros beyond its scale."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def criterion_dict(c: SuccessCriterion) -> dict[str, Any]:
    return {
        "code": c.code,
        "text": c.text,
        "text_en": c.text_en,
        "target_value": _num(c.target_value),
        "target_period": c.target_period,
        "decision_reference": c.decision_reference,
        "decision_date": c.decision_date.isoformat() if c.decision_date else None,
        "illustrative": c.illustrative,
    }


def indicator_dict(ind: Indicator) -> dict[str, Any]:
    return {
        "code": ind.code,
        "name_da": ind.name_da,
        "name_en": ind.name_en,
        "definition": ind.definition,
        "definition_en": ind.definition_en,
        "kind": str(ind.kind),
        "unit": str(ind.unit),
        "decimals": ind.decimals,
        "direction": ind.direction,
        "min_change": _num(ind.min_change),
        "data_source": ind.data_source,
        "data_source_en": ind.data_source_en,
        "owner": ind.owner.code,
        "owner_name_da": ind.owner.name_da,
        "owner_name_en": ind.owner.name_en,
        "baseline_value": _num(ind.baseline_value),
        "baseline_period": ind.baseline_period,
        "notes": ind.notes,
        "notes_en": ind.notes_en,
        "illustrative": ind.illustrative,
        "frequency": ind.frequency,
        "measured_half": ind.measured_half,
        "data_breaks": ind.data_breaks,  # one "2008-H2: what changed" per line
        "data_breaks_en": ind.data_breaks_en,
        "limitations": ind.limitations,
        "limitations_en": ind.limitations_en,
        "contact": ind.contact,
        "last_updated": ind.last_updated.isoformat() if ind.last_updated else None,
        "success_criteria": [criterion_dict(c) for c in ind.success_criteria],
    }


def goal_dict(goal: Goal) -> dict[str, Any]:
    return {
        "code": goal.code,
        "text_da": goal.text_da,
        "text_en": goal.text_en,
        "illustrative": goal.illustrative,
        "success_criteria": [criterion_dict(c) for c in goal.success_criteria],
        "indicators": [indicator_dict(i) for i in goal.indicators],
    }


def version_summary(version: CatalogueVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "label": version.label,
        "label_en": version.label_en,
        "status": str(version.status),
        "policy": {
            "name": version.policy.name,
            "name_en": version.policy.name_en,
            "case_reference": version.policy.case_reference,
            "adopted_on": version.policy.adopted_on.isoformat(),
            "period": version.policy.period,
        },
        "based_on": version.based_on.number if version.based_on else None,
        "decision_text": version.decision_text,
        "decision_date": version.decision_date.isoformat() if version.decision_date else None,
        "approved_at": version.approved_at.isoformat() if version.approved_at else None,
        "superseded_at": version.superseded_at.isoformat() if version.superseded_at else None,
    }


def version_snapshot(version: CatalogueVersion) -> dict[str, Any]:
    """The whole version as plain, JSON-able values (Decimals as strings), with its
    breakdown dimensions and, per indicator, the codes of the dimensions chosen for it."""
    dimensions, chosen = snapshot_breakdowns(version.id)
    snapshot = {
        **version_summary(version),
        "focus_areas": [
            {
                "code": area.code,
                "number": area.number,
                "name_da": area.name_da,
                "name_en": area.name_en,
                "description": area.description,
                "description_en": area.description_en,
                "illustrative": area.illustrative,
                "goals": [goal_dict(g) for g in area.goals],
            }
            for area in version.focus_areas
        ],
        "changes": [
            {
                "kind": r.kind,
                "target_code": r.target_code,
                "fields": r.fields,
                "provenance": r.provenance,
                "created_at": r.created_at.isoformat(),
            }
            for r in version.change_records
        ],
        "breakdown_dimensions": dimensions,
    }
    for area in snapshot["focus_areas"]:
        for goal in area["goals"]:
            for ind in goal["indicators"]:
                ind["breakdowns"] = chosen.get(ind["code"], "")
    return snapshot


def is_illustrative(snapshot: dict[str, Any]) -> bool:
    """Whether any record of the version is invented demo data."""
    for area in snapshot["focus_areas"]:
        if area["illustrative"]:
            return True
        for goal in area["goals"]:
            if goal["illustrative"] or any(c["illustrative"] for c in goal["success_criteria"]):
                return True
            for ind in goal["indicators"]:
                if ind["illustrative"] or any(c["illustrative"] for c in ind["success_criteria"]):
                    return True
    return False


def decision_of_changes(version: CatalogueVersion) -> tuple[str, date] | None:
    """The decision that made a draft's changes, as its change records' provenance names it
    (case reference and date), to fill in the approval; None when no decision did."""
    records = db.session.scalars(
        select(CatalogueChangeRecord)
        .where(CatalogueChangeRecord.version_id == version.id)
        .order_by(CatalogueChangeRecord.id)
    )
    for record in records:
        provenance = record.provenance or {}
        reference, day = provenance.get("decision_reference"), provenance.get("decision_date")
        if reference and day:
            try:
                return str(reference), date.fromisoformat(str(day)[:10])
            except ValueError:
                continue
    return None


def area_of_anchor(version_id: int, anchor: str, limit: int) -> str | None:
    """The focus area of the node an anchor names (``area-CODE``, ``goal-CODE``,
    ``indicator-CODE``) when the version has more than ``limit`` indicators, so is shown
    one focus area at a time; else None (the page shows every area)."""
    count = db.session.scalar(
        select(func.count(Indicator.id)).where(Indicator.version_id == version_id)
    )
    if (count or 0) <= limit:
        return None
    kind, _sep, code = anchor.partition("-")
    query = select(FocusArea.code).where(FocusArea.version_id == version_id)
    if kind == "area":
        return code
    if kind == "goal":
        return db.session.scalar(query.join(Goal).where(Goal.code == code))
    if kind == "indicator":
        return db.session.scalar(query.join(Goal).join(Indicator).where(Indicator.code == code))
    return None
