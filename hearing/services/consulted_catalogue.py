"""The catalogue version a hearing consults, as the codes a response may name."""

from __future__ import annotations

from sqlalchemy import select

from barometer.models import FocusArea, Goal, Indicator, Unit
from core.extensions import db
from hearing.models import Hearing
from hearing.proposals import ConsultedCodes


def goal_codes(hearing: Hearing) -> list[str]:
    """The goals of the consulted version in catalogue order (focus area, then position)."""
    return list(
        db.session.scalars(
            select(Goal.code)
            .join(FocusArea, Goal.focus_area_id == FocusArea.id)
            .where(Goal.version_id == hearing.version_id)
            .order_by(FocusArea.number, Goal.position, Goal.id)
        )
    )


def indicator_codes(hearing: Hearing) -> set[str]:
    return set(
        db.session.scalars(select(Indicator.code).where(Indicator.version_id == hearing.version_id))
    )


def consulted_codes(hearing: Hearing) -> ConsultedCodes:
    """What a proposal to this hearing may name."""
    return ConsultedCodes(
        goals=set(goal_codes(hearing)),
        indicators=indicator_codes(hearing),
        units={u.value for u in Unit},
    )
