"""Where a goal, indicator or success criterion of a version comes from, for its pages.

The catalogue knows which rows a hearing decision made or changed from its own change
records and their provenance (``barometer.services.changes``). It does not know the page
that tells the whole story (the decision, recommendation, proposals and bodies): that
page belongs to whoever sent the changes. Such a package registers a link function on the
app with :func:`register_origin_link`; ``barometer`` never imports it. Without one the
pages show the text without a link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask.sansio.app import App
from sqlalchemy import select

from barometer.models import CatalogueChangeRecord, CatalogueVersion, Goal, Indicator
from core.extensions import db

OriginLink = Callable[[int, str], str | None]
_KEY = "barometer.origin_link"

# The provenance keys a change record's line is made of (see docs/barometer-catalogue.md).
HEARING_KEY, DECISION_KEY = "hearing_reference", "decision_reference"


def register_origin_link(app: App, link: OriginLink) -> None:
    """``link(version_number, code)`` gives the URL of the origin page, or None when the
    current user may not see it."""
    app.extensions[_KEY] = link


def origin_url(version_number: int, code: str) -> str | None:
    link: OriginLink | None = current_app.extensions.get(_KEY)
    return link(version_number, code) if link is not None else None


@dataclass(frozen=True)
class ChangeSource:
    """One hearing decision that made or changed a row."""

    version_number: int  # the version shown: the origin page follows its ancestors
    target_code: str  # the code the change record names (what the origin page looks up)
    hearing: str
    decision: str

    @property
    def url(self) -> str | None:
        return origin_url(self.version_number, self.target_code)


Key = tuple[str, str]  # ("goal" | "indicator" | "criterion", code)


def _chain_records(version: CatalogueVersion) -> list[CatalogueChangeRecord]:
    """The change records of the version and every version it was based on, in one query."""
    chain = (
        select(CatalogueVersion.id, CatalogueVersion.based_on_id)
        .where(CatalogueVersion.id == version.id)
        .cte("chain", recursive=True)
    )
    chain = chain.union_all(
        select(CatalogueVersion.id, CatalogueVersion.based_on_id).join(
            chain, CatalogueVersion.id == chain.c.based_on_id
        )
    )
    return list(
        db.session.scalars(
            select(CatalogueChangeRecord)
            .where(CatalogueChangeRecord.version_id.in_(select(chain.c.id)))
            .order_by(CatalogueChangeRecord.id)
        )
    )


def _rows(version: CatalogueVersion) -> Iterator[Goal | Indicator]:
    for area in version.focus_areas:
        for goal in area.goals:
            yield goal
            yield from goal.indicators


def _key_of(
    record: CatalogueChangeRecord, parents: dict[str, Goal | Indicator], codes: set[Key]
) -> Key | None:
    """The row of the version that the record made or changed, if it is still there.

    An added success criterion is found by its text under its goal or indicator (the
    record names the parent; the criterion's code is given by the catalogue); if its text
    has been edited since, the line goes on the parent.
    """
    kind, code = record.kind, record.target_code.split(",")[0]
    fields: dict[str, Any] = record.fields or {}
    if kind == "add_success_criterion" and code in parents:
        parent = parents[code]
        criterion = next((c for c in parent.success_criteria if c.text == fields.get("text")), None)
        if criterion is not None:
            return ("criterion", criterion.code)
        return ("indicator" if isinstance(parent, Indicator) else "goal", code)
    candidates: dict[str, Key] = {
        "change_success_criterion": ("criterion", code),
        "change_indicator": ("indicator", code),
        "add_indicator": ("indicator", str(fields.get("code", ""))),
        "change_goal": ("goal", code),
        "add_goal": ("goal", str(fields.get("code", ""))),
    }
    key = candidates.get(kind)
    return key if key in codes else None


def change_sources(version: CatalogueVersion) -> dict[Key, list[ChangeSource]]:
    """For each goal, indicator and success criterion of a loaded version tree that a
    hearing decision made or changed (in it or a version it was based on), where that came
    from. One query, whatever the number of records or rows."""
    rows = list(_rows(version))
    parents = {row.code: row for row in rows}
    codes: set[Key] = {
        ("indicator" if isinstance(row, Indicator) else "goal", row.code) for row in rows
    } | {("criterion", c.code) for row in rows for c in row.success_criteria}
    found: dict[Key, list[ChangeSource]] = {}
    for record in _chain_records(version):
        prov: dict[str, Any] = record.provenance or {}
        key = _key_of(record, parents, codes)
        if key is None or not prov.get(HEARING_KEY):
            continue
        source = ChangeSource(
            version.number,
            record.target_code.split(",")[0],
            str(prov[HEARING_KEY]),
            str(prov.get(DECISION_KEY) or ""),
        )
        if source not in found.setdefault(key, []):
            found[key].append(source)
    return found
