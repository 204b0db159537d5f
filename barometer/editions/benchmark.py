"""A benchmark as the public content shows it: context beside a goal, never coloured.

The status method gives every indicator a movement, benchmarks too (pure arithmetic, see
:mod:`barometer.status_method`), and the roll-ups leave benchmarks out. What is published
and served - an edition's snapshot, the API's indicators - carries no colour for them:
the movement and the comparison since the baseline read ``benchmark``, with a neutral
explanation, and so does every value row's movement. Pure: plain dicts in, plain dicts out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from barometer.bilingual import Text

BENCHMARK = "benchmark"
NEUTRAL = Text(
    da="Sammenligningstal: vises som baggrund for målet og får hverken farve eller tælles med.",
    en="Benchmark: shown as context beside the goal, never coloured or counted.",
)


def neutral_status(status: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """An indicator's status with a benchmark's colours taken out (others unchanged)."""
    if status is None:
        return None
    if status.get("kind") != BENCHMARK:
        return dict(status)
    text = NEUTRAL.to_dict()
    return {
        **status,
        "movement": BENCHMARK,
        "since_baseline": BENCHMARK,
        "movement_text": text,
        "since_baseline_text": text,
    }


def neutral_rows(kind: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A benchmark's value rows without a movement colour (others unchanged)."""
    if kind != BENCHMARK:
        return rows
    return [{**row, "movement": BENCHMARK} for row in rows]
