"""Did the catalogue change between two editions? Read from their frozen snapshots.

Each edition is published on the version in force for its period; when two editions are
on different versions (a new version of the same policy, or a new policy), readers are
told how many indicators were added and dropped, and which (their names in both languages,
for a table). Indicators that keep their code are compared as usual: their series continue
across versions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from barometer.editions.snapshot import indicators_of


@dataclass(frozen=True)
class Listed:
    """An indicator added or dropped, as its edition's catalogue names it."""

    code: str
    name_da: str
    name_en: str | None
    goal: str


@dataclass(frozen=True)
class CatalogueChange:
    old_number: int
    new_number: int
    old_policy: str
    new_policy: str
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    added_indicators: tuple[Listed, ...] = ()
    dropped_indicators: tuple[Listed, ...] = ()
    old_policy_en: str | None = None
    new_policy_en: str | None = None

    @property
    def policy_changed(self) -> bool:
        return self.old_policy != self.new_policy


def _policy(snapshot: Mapping[str, Any], key: str = "name") -> str:
    policy = snapshot["catalogue"].get("policy") or {}
    return str(policy.get(key) or "")


def _listed(snapshot: Mapping[str, Any], codes: tuple[str, ...]) -> tuple[Listed, ...]:
    by_code = {i["code"]: i for i in indicators_of(snapshot)}
    return tuple(
        Listed(c, by_code[c]["name_da"], by_code[c].get("name_en"), by_code[c]["goal"])
        for c in codes
    )


def catalogue_change(first: Mapping[str, Any], second: Mapping[str, Any]) -> CatalogueChange | None:
    """How the catalogue of ``second`` differs from that of ``first`` (None: same version)."""
    old, new = first["catalogue"]["number"], second["catalogue"]["number"]
    if old == new:
        return None
    old_codes = [i["code"] for i in indicators_of(first)]
    new_codes = [i["code"] for i in indicators_of(second)]
    added = tuple(c for c in new_codes if c not in set(old_codes))
    dropped = tuple(c for c in old_codes if c not in set(new_codes))
    return CatalogueChange(
        old,
        new,
        _policy(first),
        _policy(second),
        added,
        dropped,
        _listed(second, added),
        _listed(first, dropped),
        _policy(first, "name_en") or None,
        _policy(second, "name_en") or None,
    )
