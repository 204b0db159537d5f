"""Did the catalogue change between two editions? Read from their frozen snapshots.

Each edition is published on the version in force for its period; when two editions are
on different versions (a new version of the same policy, or a new policy), readers are
told how many indicators were added and dropped. Indicators that keep their code are
compared as usual: their series continue across versions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from barometer.editions.snapshot import indicators_of


@dataclass(frozen=True)
class CatalogueChange:
    old_number: int
    new_number: int
    old_policy: str
    new_policy: str
    added: tuple[str, ...]
    dropped: tuple[str, ...]

    @property
    def policy_changed(self) -> bool:
        return self.old_policy != self.new_policy


def _policy(snapshot: Mapping[str, Any]) -> str:
    policy = snapshot["catalogue"].get("policy") or {}
    return str(policy.get("name", ""))


def catalogue_change(first: Mapping[str, Any], second: Mapping[str, Any]) -> CatalogueChange | None:
    """How the catalogue of ``second`` differs from that of ``first`` (None: same version)."""
    old, new = first["catalogue"]["number"], second["catalogue"]["number"]
    if old == new:
        return None
    old_codes = [i["code"] for i in indicators_of(first)]
    new_codes = [i["code"] for i in indicators_of(second)]
    return CatalogueChange(
        old,
        new,
        _policy(first),
        _policy(second),
        tuple(c for c in new_codes if c not in set(old_codes)),
        tuple(c for c in old_codes if c not in set(new_codes)),
    )
