"""Where confidentiality comes from and what it reaches.

A proposal is a confidential source when it is marked confidential itself or its response
version is confidential as a whole. Every text derived from a group holding such a source
(the prefilled change, the recommendation's changed content, comment and reasoning) is
withheld from public output until the secretariat confirms a rewrite
(:attr:`hearing.models.consolidation.Recommendation.withheld`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def is_confidential_source(proposal: Any) -> bool:
    """The proposal, or the whole response version it belongs to, is confidential."""
    version = proposal.version
    return bool(proposal.confidential or (version is not None and version.confidential))


def holds_confidential(proposals: Iterable[Any]) -> bool:
    return any(is_confidential_source(p) for p in proposals)


def public_sources(proposals: Iterable[Any]) -> list[Any]:
    """The proposals whose text may be copied into a derived text."""
    return [p for p in proposals if not is_confidential_source(p)]


def group_is_derived(group: Any) -> bool:
    """Texts on this group derive from a confidential part (now or before a split)."""
    rec = group.recommendation
    return holds_confidential(group.proposals) or bool(rec and rec.derived_from_confidential)


def confidential_areas(catalogue: dict[str, Any], versions: Iterable[Any]) -> set[str]:
    """Codes of the focus areas (of the catalogue as ``catalogue_of`` gives it) that have
    confidential input: a confidential proposal or assessment on one of their goals or
    indicators, or anything from a response version confidential as a whole (its general
    remarks concern every area)."""
    area_of: dict[str, str] = {}
    for area in catalogue["focus_areas"]:
        for goal in area["goals"]:
            area_of[goal["code"]] = area["code"]
            for indicator in goal["indicators"]:
                area_of[indicator["code"]] = area["code"]
    found: set[str] = set()
    for version in versions:
        if version.confidential and version.general_remarks:
            return {area["code"] for area in catalogue["focus_areas"]}
        for a in version.assessments:
            if (version.confidential or a.confidential) and (a.comment or a.assessment):
                found.add(area_of.get(a.goal_code, ""))
        for p in version.proposals:
            if is_confidential_source(p):
                target = p.target_indicator_code or p.target_goal_code or ""
                if not target:  # a proposal on no goal may be summed up anywhere
                    return {area["code"] for area in catalogue["focus_areas"]}
                found.add(area_of.get(target, ""))
    return found - {""}
