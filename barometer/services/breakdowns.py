"""Breakdown dimensions in the catalogue, and the public read side of breakdowns.

Writes (every one calls :func:`~barometer.services.catalogue_versions.ensure_editable`
first, so an approved or hearing-locked version's dimensions never change; each flushes,
writes the audit log and never commits):

- :func:`add_dimension`, :func:`update_dimension`, :func:`delete_dimension`: a named
  dimension of a draft with its ordered categories in Danish and English;
- :func:`set_indicator_dimensions`: the dimensions chosen for one indicator;
- :func:`replace_dimensions`: a draft's dimensions made those given, in their order (the
  catalogue import), each through the three functions above;

Reads (plain values, a constant number of queries whatever the number of categories;
implemented in :mod:`barometer.breakdown_queries` and available here):

- :func:`version_breakdowns`: per indicator code, its dimensions with their categories;
- :func:`snapshot_breakdowns`: the dimensions of a version for the snapshot and the diff;
- :func:`indicator_breakdown_series` (the public accessor other code may call):
  ``indicator_breakdown_series(indicator_id) -> list[SeriesPoint]`` gives, for the
  indicator row ``indicator_id`` (of any version), every registered category value of its
  code in that version's dimensions, ordered by period, then the dimension's and the
  category's order. Each :class:`SeriesPoint` holds ``period`` ("2008-H2"),
  ``dimension`` and ``category`` (codes, with Danish and English names), ``value``
  (a Decimal, or None), ``suppressed`` (True when a discretion rule hides the number)
  and ``reason`` (why there is no value, e.g. "færre end 5"). A suppressed or missing
  value has ``value`` None: it is never zero. The total itself is the indicator's
  measurement, not part of this series.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from barometer import validation
from barometer.breakdown_queries import (
    CategoryInfo,
    DimensionInfo,
    SeriesPoint,
    category_values,
    dimension_fields,
    snapshot_breakdowns,
    version_breakdowns,
    version_dimensions,
)
from barometer.models import (
    BreakdownCategory,
    BreakdownDimension,
    CatalogueVersion,
    Indicator,
    IndicatorBreakdown,
)
from barometer.services.catalogue_checks import check_stale, raise_invalid
from barometer.validation import Problem
from core import audit
from core.errors import N_, StaleEdit, ValidationFailed
from core.extensions import db
from core.models import User

__all__ = [
    "CategoryData",
    "CategoryInfo",
    "DimensionData",
    "DimensionInfo",
    "SeriesPoint",
    "add_dimension",
    "category_values",
    "chosen_codes",
    "delete_dimension",
    "indicator_breakdown_series",
    "replace_dimensions",
    "set_indicator_dimensions",
    "snapshot_breakdowns",
    "update_dimension",
    "version_breakdowns",
    "version_dimensions",
]

MAX_CATEGORIES = 30


@dataclass(frozen=True)
class CategoryData:
    code: str
    name_da: str
    name_en: str | None = None


@dataclass(frozen=True)
class DimensionData:
    code: str
    name_da: str
    name_en: str | None
    categories: tuple[CategoryData, ...]
    illustrative: bool = False


# -- checks --------------------------------------------------------------------------------


def _check(data: DimensionData, taken: set[str]) -> list[Problem]:
    problems = validation.check_code(data.code.strip(), taken)
    problems += validation.check_required(data.name_da, "name_da", 200)
    problems += validation.check_optional(data.name_en, "name_en", 200)
    if not data.categories:
        problems.append(Problem("categories", N_("Give at least one category.")))
    if len(data.categories) > MAX_CATEGORIES:
        problems.append(
            Problem("categories", N_("At most %(max)s categories."), {"max": MAX_CATEGORIES})
        )
    seen: set[str] = set()
    for c in data.categories:
        for p in (
            validation.check_code(c.code.strip(), seen)
            + validation.check_required(c.name_da, "name_da", 200)
            + validation.check_optional(c.name_en, "name_en", 200)
        ):
            problems.append(Problem("categories", p.message, p.params))
        seen.add(c.code.strip())
    return problems


def _taken(version: CatalogueVersion, exclude: BreakdownDimension | None = None) -> set[str]:
    query = select(BreakdownDimension.code).where(BreakdownDimension.version_id == version.id)
    if exclude is not None:
        query = query.where(BreakdownDimension.id != exclude.id)
    return set(db.session.scalars(query))


# -- writes --------------------------------------------------------------------------------


def _ensure_editable(version: CatalogueVersion) -> None:
    from barometer.services.catalogue_versions import ensure_editable  # imports this module

    ensure_editable(version)


def _apply(dimension: BreakdownDimension, data: DimensionData) -> None:
    dimension.code = data.code.strip()
    dimension.name_da = data.name_da.strip()
    dimension.name_en = (data.name_en or "").strip() or None
    dimension.illustrative = data.illustrative
    old = {c.code: c for c in dimension.categories}
    keep = []
    for position, c in enumerate(data.categories):
        row = old.pop(c.code.strip(), None) or BreakdownCategory(
            version_id=dimension.version_id, code=c.code.strip()
        )
        row.name_da, row.name_en = c.name_da.strip(), (c.name_en or "").strip() or None
        row.position = position
        keep.append(row)
    dimension.categories = keep


def add_dimension(
    version: CatalogueVersion, data: DimensionData, *, actor: User | None, now: datetime
) -> BreakdownDimension:
    _ensure_editable(version)
    raise_invalid(_check(data, _taken(version)))
    position = len(_taken(version))
    dimension = BreakdownDimension(version_id=version.id, position=position, categories=[])
    _apply(dimension, data)
    db.session.add(dimension)
    db.session.flush()
    audit.record(
        actor,
        "catalogue.dimension_created",
        dimension,
        now=now,
        summary=dimension.code,
        changes=audit.diff_fields({}, dimension_fields(dimension)),
    )
    return dimension


def update_dimension(
    dimension: BreakdownDimension,
    data: DimensionData,
    *,
    actor: User | None,
    now: datetime,
    expected_version: int | None,
) -> BreakdownDimension:
    version = db.session.get(CatalogueVersion, dimension.version_id)
    assert version is not None  # noqa: S101 - a foreign key
    _ensure_editable(version)
    check_stale(dimension, expected_version)
    raise_invalid(_check(data, _taken(version, dimension)))
    if data.code.strip() != dimension.code and _is_chosen(dimension):
        raise ValidationFailed(
            N_("Indicators use the dimension %(code)s: its code cannot change."),
            code=dimension.code,
        )
    before = dimension_fields(dimension)
    _apply(dimension, data)
    db.session.flush()
    audit.record(
        actor,
        "catalogue.dimension_updated",
        dimension,
        now=now,
        summary=dimension.code,
        changes=audit.diff_fields(before, dimension_fields(dimension)),
    )
    return dimension


def _is_chosen(dimension: BreakdownDimension) -> bool:
    query = select(IndicatorBreakdown.id).where(IndicatorBreakdown.dimension_id == dimension.id)
    return db.session.scalar(query.limit(1)) is not None


def delete_dimension(dimension: BreakdownDimension, *, actor: User | None, now: datetime) -> None:
    version = db.session.get(CatalogueVersion, dimension.version_id)
    assert version is not None  # noqa: S101 - a foreign key
    _ensure_editable(version)
    if _is_chosen(dimension):
        raise ValidationFailed(
            N_("Indicators use the dimension %(code)s: remove it from them first."),
            code=dimension.code,
        )
    audit.record(
        actor,
        "catalogue.dimension_deleted",
        dimension,
        now=now,
        summary=dimension.code,
        changes=audit.diff_fields(dimension_fields(dimension), {}),
    )
    db.session.delete(dimension)
    db.session.flush()


def _data(dimension: BreakdownDimension) -> DimensionData:
    categories = (CategoryData(c.code, c.name_da, c.name_en) for c in dimension.categories)
    return DimensionData(
        dimension.code, dimension.name_da, dimension.name_en, tuple(categories),
        dimension.illustrative,
    )  # fmt: skip


def replace_dimensions(
    version: CatalogueVersion, given: Sequence[DimensionData], *, actor: User | None, now: datetime
) -> list[BreakdownDimension]:
    """Make the draft's dimensions ``given``, in that order: a dimension of the same code
    (in any case) is updated if it differs, one not given deleted (no indicator may choose
    it), a new one added. Each step is checked and audited as when done by hand."""
    existing = {d.code.casefold(): d for d in version_dimensions(version.id)}
    wanted = {data.code.strip().casefold() for data in given}
    for key, gone in list(existing.items()):
        if key not in wanted:
            delete_dimension(gone, actor=actor, now=now)
    result = []
    for position, data in enumerate(given):
        found = existing.get(data.code.strip().casefold())
        if found is None:
            dimension = add_dimension(version, data, actor=actor, now=now)
        elif _data(found) == data:
            dimension = found  # unchanged: no audit entry
        else:
            dimension = update_dimension(found, data, actor=actor, now=now, expected_version=None)
        dimension.position = position
        result.append(dimension)
    db.session.flush()
    return result


def chosen_codes(indicator: Indicator) -> list[str]:
    """The codes of the dimensions chosen for an indicator, in the dimensions' order."""
    return list(
        db.session.scalars(
            select(BreakdownDimension.code)
            .join(IndicatorBreakdown, IndicatorBreakdown.dimension_id == BreakdownDimension.id)
            .where(IndicatorBreakdown.indicator_id == indicator.id)
            .order_by(BreakdownDimension.position, BreakdownDimension.code)
        )
    )


def set_indicator_dimensions(
    indicator: Indicator,
    codes: Iterable[str],
    *,
    actor: User | None,
    now: datetime,
    expected: Sequence[str] | None = None,
) -> list[str]:
    """Choose the dimensions of an indicator. ``expected``: the codes chosen when the form
    was opened, so a choice saved meanwhile by someone else is not overwritten."""
    version = db.session.get(CatalogueVersion, indicator.version_id)
    assert version is not None  # noqa: S101 - a foreign key
    _ensure_editable(version)
    before = chosen_codes(indicator)
    if expected is not None and list(expected) != before:
        raise StaleEdit(
            N_("Someone else saved this record after you opened it. Reload and try again.")
        )
    wanted = list(dict.fromkeys(codes))
    dimensions = {
        d.code: d
        for d in db.session.scalars(
            select(BreakdownDimension).where(BreakdownDimension.version_id == version.id)
        )
    }
    unknown = [c for c in wanted if c not in dimensions]
    if unknown:
        raise ValidationFailed(N_("Unknown dimension %(code)s."), code=unknown[0])
    db.session.execute(
        delete(IndicatorBreakdown).where(IndicatorBreakdown.indicator_id == indicator.id)
    )
    for code in wanted:
        db.session.add(
            IndicatorBreakdown(
                version_id=version.id, indicator_id=indicator.id, dimension_id=dimensions[code].id
            )
        )
    db.session.flush()
    after = chosen_codes(indicator)
    audit.record(
        actor,
        "catalogue.indicator_dimensions_set",
        indicator,
        now=now,
        summary=indicator.code,
        changes={"breakdowns": {"old": ", ".join(before), "new": ", ".join(after)}},
    )
    return after


def indicator_breakdown_series(indicator_id: int) -> list[SeriesPoint]:
    """Every registered category value of the indicator (see the module's docstring)."""
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None:
        return []
    dimensions = version_breakdowns(indicator.version_id, [indicator.code]).get(indicator.code, [])
    order = {
        (d.code, c.code): (i, j)
        for i, d in enumerate(dimensions)
        for j, c in enumerate(d.categories)
    }
    by_code = {d.code: d for d in dimensions}
    points = []
    for row, period in category_values([indicator.code]):
        key = (row.dimension_code, row.category_code)
        if key not in order:
            continue  # a category this version does not have
        d = by_code[row.dimension_code]
        c = d.category(row.category_code)
        assert c is not None  # noqa: S101 - in ``order``
        points.append(
            (
                (period, order[key]),
                SeriesPoint(
                    period,
                    d.code,
                    d.name_da,
                    d.name_en,
                    c.code,
                    c.name_da,
                    c.name_en,
                    row.value,
                    row.suppressed,
                    row.reason,
                ),
            )
        )
    return [p for _, p in sorted(points, key=lambda item: item[0])]
