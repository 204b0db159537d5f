"""What the catalogue rules refuse in a node's data, checked against the version it goes in.

The rules themselves are pure (:mod:`barometer.validation`); these functions add what only
the database knows (the codes already taken, the administrations that may own an
indicator) and change nothing, so the forms, the import and the change contract can ask
before anything is written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from barometer import validation
from barometer.catalogue_data import CriterionData, FocusAreaData, GoalData, IndicatorData
from barometer.errors import CatalogueInvalid
from barometer.models import CatalogueVersion, FocusArea, Goal, Indicator, SuccessCriterion
from barometer.validation import Problem
from core.errors import N_, StaleEdit
from core.extensions import db
from core.models import Body, BodyKind


def raise_invalid(problems: list[Problem]) -> None:
    if problems:
        raise CatalogueInvalid(problems)


def check_stale(obj: Any, expected_version: int | None) -> None:
    if expected_version is not None and obj.lock_version != expected_version:
        raise StaleEdit(
            N_("Someone else saved this record after you opened it. Reload and try again.")
        )


def taken_codes(model: Any, version: CatalogueVersion, exclude: Any = None) -> set[str]:
    query = select(model.code).where(model.version_id == version.id)
    if exclude is not None and exclude.id is not None:
        query = query.where(model.id != exclude.id)
    return set(db.session.scalars(query))


def administrations() -> dict[str, Body]:
    """The active administrations by code: the bodies that may own an indicator."""
    bodies = db.session.scalars(
        select(Body).where(Body.kind == BodyKind.ADMINISTRATION, Body.active.is_(True))
    )
    return {b.code: b for b in bodies}


def focus_area_data_problems(
    version: CatalogueVersion, data: FocusAreaData, area: FocusArea | None = None
) -> list[Problem]:
    """What the rules refuse in ``data`` for a new focus area of ``version`` (or for ``area``)."""
    with db.session.no_autoflush:
        return validation.focus_area_problems(
            code=data.code,
            taken_codes=taken_codes(FocusArea, version, area),
            number=data.number,
            name_da=data.name_da,
            name_en=data.name_en,
        )


def goal_data_problems(
    version: CatalogueVersion, data: GoalData, goal: Goal | None = None
) -> list[Problem]:
    """What the rules refuse in ``data`` for a new goal of ``version`` (or for ``goal``)."""
    with db.session.no_autoflush:
        return validation.goal_problems(
            code=data.code,
            taken_codes=taken_codes(Goal, version, goal),
            text_da=data.text_da,
            text_en=data.text_en,
        )


def indicator_data_problems(
    version: CatalogueVersion,
    data: IndicatorData,
    indicator: Indicator | None = None,
    *,
    owners: dict[str, Body] | None = None,
) -> list[Problem]:
    """What the rules refuse in ``data`` for a new indicator of ``version`` (or for
    ``indicator``), without changing anything."""
    with db.session.no_autoflush:
        owners = administrations() if owners is None else owners
        periods = (
            [c.target_period for c in indicator.success_criteria if c.target_period]
            if indicator is not None
            else []
        )
        metadata = validation.metadata_problems(
            frequency=str(data.frequency),
            measured_half=data.measured_half,
            data_breaks=data.data_breaks,
            contact=data.contact,
            data_breaks_en=data.data_breaks_en,
        )
        return metadata + validation.indicator_problems(
            code=data.code,
            taken_codes=taken_codes(Indicator, version, indicator),
            name_da=data.name_da,
            name_en=data.name_en,
            kind=str(data.kind),
            unit=str(data.unit),
            decimals=data.decimals,
            direction=data.direction,
            owner_code=data.owner_code,
            administrations=owners,
            data_source=data.data_source,
            min_change=data.min_change,
            baseline_value=data.baseline_value,
            baseline_period=data.baseline_period,
            criteria_periods=periods,
        )


def criterion_version(target: Goal | Indicator) -> CatalogueVersion:
    """The version of a success criterion's goal or indicator."""
    goal = target if isinstance(target, Goal) else target.goal
    return goal.focus_area.version


def _next_criterion_code(target: Goal | Indicator, taken: set[str]) -> str:
    n = 1
    while f"{target.code}-S{n}" in taken:
        n += 1
    return f"{target.code}-S{n}"


def criterion_code_and_problems(
    target: Goal | Indicator,
    version: CatalogueVersion,
    data: CriterionData,
    criterion: SuccessCriterion | None,
) -> tuple[str, list[Problem]]:
    """The code the criterion gets (the next free ``<target>-S<n>`` when none is given) and
    what the rules refuse in ``data``."""
    with db.session.no_autoflush:
        taken = taken_codes(SuccessCriterion, version, criterion)
        code = data.code.strip() or (criterion.code if criterion is not None else "")
        code = code or _next_criterion_code(target, taken)
        baseline = target.baseline_period if isinstance(target, Indicator) else None
        return code, validation.criterion_problems(
            code=code,
            taken_codes=taken,
            text=data.text,
            target_value=data.target_value,
            target_period=data.target_period,
            decision_reference=data.decision_reference,
            baseline_period=baseline,
        )


def criterion_data_problems(
    target: Goal | Indicator, data: CriterionData, criterion: SuccessCriterion | None = None
) -> list[Problem]:
    """What the rules refuse in ``data`` for a new success criterion of ``target`` (or for
    ``criterion``), without changing anything."""
    return criterion_code_and_problems(target, criterion_version(target), data, criterion)[1]
