"""The named scales of the synthetic data (``flask --app app bench seed --scale NAME``).

Each scale is plain data: what :mod:`bench.seed` builds and what the tests check it built.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """How much synthetic data one seed builds.

    ``bodies`` committees are consulted on one hearing and each registers a full response:
    an assessment of every goal and ``proposals`` proposals. ``periods`` half-years from
    2007-H1 get a value for every indicator; the first ``min(editions, periods)`` editions
    are published in period order and the rest are corrections of them, in turn.
    """

    name: str
    areas: int
    goals: int
    indicators: int
    periods: int
    bodies: int
    proposals: int
    editions: int

    @property
    def originals(self) -> int:
        """Editions published once per period."""
        return min(self.editions, self.periods)

    @property
    def corrections(self) -> int:
        return self.editions - self.originals


SCALES: dict[str, Scale] = {
    scale.name: scale
    for scale in (
        Scale("small", areas=2, goals=6, indicators=20, periods=4, bodies=10, proposals=2,
              editions=3),
        Scale("large", areas=6, goals=60, indicators=300, periods=20, bodies=100, proposals=10,
              editions=50),
        Scale("huge", areas=6, goals=60, indicators=1000, periods=4, bodies=1000, proposals=10,
              editions=4),
    )
}  # fmt: skip
