"""Traceability, both ways.

Backwards, from a goal, indicator or success criterion of a catalogue version: the changes
that made it (in that version or the versions it was based on), and for each the decision,
recommendation, proposals, responses and bodies. Forwards, from a response version: what
became of each of its proposals (group, recommendation, decision outcome, change).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from barometer.models import CatalogueChangeRecord, CatalogueVersion
from core.extensions import db
from hearing.models import Consultee
from hearing.models.consolidation import (
    Decision,
    DecisionOutcome,
    ProposalGroup,
    ProposalGroupMember,
    Recommendation,
)
from hearing.models.responses import Proposal, Response, ResponseVersion


@dataclass(frozen=True)
class Origin:
    """One change to a catalogue row, and where it came from."""

    version_number: int
    change: CatalogueChangeRecord
    decision: Decision | None
    recommendation: Recommendation | None
    proposals: list[Proposal]

    @property
    def bodies(self) -> list[str]:
        return sorted({p.version.response.consultee.body.code for p in self.proposals if p.version})

    @property
    def receipts(self) -> list[str]:
        return sorted({p.version.receipt_number for p in self.proposals if p.version})


@dataclass(frozen=True)
class Fate:
    """What became of one proposal."""

    proposal: Proposal
    group: ProposalGroup | None
    recommendation: Recommendation | None
    outcome: DecisionOutcome | None

    @property
    def change(self) -> CatalogueChangeRecord | None:
        return self.outcome.change_record if self.outcome else None


def _chain(version: CatalogueVersion) -> list[CatalogueVersion]:
    chain, seen = [], set()
    current: CatalogueVersion | None = version
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = current.based_on
    return chain


def _proposals(ids: list[int]) -> list[Proposal]:
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.id.in_(ids))
            .options(
                selectinload(Proposal.version)
                .selectinload(ResponseVersion.response)
                .selectinload(Response.consultee)
                .selectinload(Consultee.body)
            )
            .order_by(Proposal.id)
        )
    )


def origins(
    version: CatalogueVersion,
    code: str,
    *,
    visible: Callable[[CatalogueVersion], bool] = lambda v: True,
) -> list[Origin]:
    """The changes that touched ``code`` (a goal's or indicator's code, or the parent code of
    an added success criterion), newest version first; only of the ``visible`` versions."""
    found = []
    for v in _chain(version):
        if not visible(v):
            continue
        for record in v.change_records:
            if code not in record.target_code.split(","):
                continue
            prov: dict[str, Any] = record.provenance or {}
            decision_id, rec_id = prov.get("decision_id"), prov.get("recommendation_id")
            found.append(
                Origin(
                    version_number=v.number,
                    change=record,
                    decision=db.session.get(Decision, decision_id) if decision_id else None,
                    recommendation=db.session.get(Recommendation, rec_id) if rec_id else None,
                    proposals=_proposals(list(prov.get("proposal_ids") or [])),
                )
            )
    return found


def fates(version: ResponseVersion) -> list[Fate]:
    """Each proposal of the response version with its group, recommendation and outcome."""
    ids = [p.id for p in version.proposals]
    groups = {
        m.proposal_id: m.group
        for m in db.session.scalars(
            select(ProposalGroupMember)
            .where(ProposalGroupMember.proposal_id.in_(ids))
            .options(
                selectinload(ProposalGroupMember.group).selectinload(ProposalGroup.recommendation)
            )
        )
    }
    rec_ids = [g.recommendation.id for g in groups.values() if g.recommendation]
    outcomes = (
        {
            o.recommendation_id: o
            for o in db.session.scalars(
                select(DecisionOutcome)
                .where(DecisionOutcome.recommendation_id.in_(rec_ids))
                .options(selectinload(DecisionOutcome.change_record))
            )
        }
        if rec_ids
        else {}
    )
    result = []
    for p in version.proposals:
        group = groups.get(p.id)
        rec = group.recommendation if group else None
        result.append(Fate(p, group, rec, outcomes.get(rec.id) if rec else None))
    return result
