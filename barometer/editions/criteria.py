"""A success criterion as the public pages and the report show it, from a snapshot's
indicator: its text, its target in the indicator's unit, and the one that is measured."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from barometer.bilingual import pick
from barometer.status_text import Style


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class Criterion:
    text: str
    target_text: str | None
    target_period: str | None
    decision_reference: str | None


def criteria(ind: Mapping[str, Any], style: Style, lang: str) -> tuple[Criterion, ...]:
    result = []
    for c in ind["success_criteria"]:
        target = _dec(c["target_value"])
        shown = style.value(target, lang) if target is not None else None
        text = pick(str(c.get("text_da", c.get("text")) or ""), c.get("text_en"), lang)
        result.append(Criterion(text, shown, c["target_period"], c["decision_reference"]))
    return tuple(result)


def measured_target(ind: Mapping[str, Any]) -> tuple[Decimal | None, str | None]:
    """The target value and period of the first criterion that has both (the one measured)."""
    for c in ind["success_criteria"]:
        if c["target_value"] is not None and c["target_period"]:
            return _dec(c["target_value"]), str(c["target_period"])
    return None, None
