"""The demo: the 2007 hearing consolidated and decided, version 2 approved from it, the open
hearing still open on a draft of version 3."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from barometer.models import CatalogueChangeRecord, CatalogueVersion
from core.clock import utcnow
from core.demo import load_demo
from core.mail import OutboundEmail
from hearing.demo.hearings import FIRST_REFERENCE, SECOND_REFERENCE
from hearing.models import Hearing
from hearing.models.consolidation import Decision, ProposalGroup
from hearing.queries.consolidation import decision_of, groups_of, latest_note


def _hearing(db: Any, reference: str) -> Hearing:
    return db.session.scalar(select(Hearing).where(Hearing.reference == reference))


def test_the_demo_decides_the_2007_hearing_and_approves_version_2(db: Any) -> None:
    now = utcnow()
    load_demo(now)
    db.session.commit()
    first = _hearing(db, FIRST_REFERENCE)
    assert first.state == "decided"
    note = latest_note(first)
    assert note is not None and note.finalised
    merged = [g for g in groups_of(first) if g.is_merged]
    assert len(merged) == 1 and merged[0].target_code == "UDD-M3"
    decision = decision_of(first)
    assert decision is not None and decision.deciding_body.code == "BIU"
    assert decision.meeting_date.isoformat() == "2007-04-18"
    versions = {v.number: v for v in db.session.scalars(select(CatalogueVersion))}
    assert versions[1].status == "superseded" and versions[2].status == "approved"
    records = versions[2].change_records
    assert {r.target_code for r in records} == {"UDD-M3", "TRY-M2", "SUN-01"}
    assert all(r.provenance["decision_reference"] == "BIU 118/2007" for r in records)
    second = _hearing(db, SECOND_REFERENCE)
    assert second.state == "open" and second.version.number == 3
    assert second.version.based_on_id == versions[2].id

    counts = tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Decision, ProposalGroup, CatalogueVersion, CatalogueChangeRecord)
    )
    load_demo(now)
    db.session.commit()
    assert counts == tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Decision, ProposalGroup, CatalogueVersion, CatalogueChangeRecord)
    )


def test_the_catalogue_api_gives_each_change_its_provenance(db: Any, client: Any) -> None:
    load_demo(utcnow())
    db.session.commit()
    first = _hearing(db, FIRST_REFERENCE)
    body = client.get("/api/v1/catalogue/versions/2").json
    assert {c["target_code"] for c in body["changes"]} == {"UDD-M3", "TRY-M2", "SUN-01"}
    merged = next(c for c in body["changes"] if c["target_code"] == "UDD-M3")
    prov = merged["provenance"]
    assert prov["hearing_id"] == first.id and prov["decision_reference"] == "BIU 118/2007"
    assert len(prov["proposal_ids"]) == 2 and len(prov["response_receipts"]) == 2


def test_the_demo_sends_no_mail(db: Any) -> None:
    """The demo's hearings are history (2007) or invented; ``make run`` has no mail server,
    and a worker must find nothing to send to the demo's people after ``demo load``."""
    load_demo(utcnow())
    db.session.commit()
    queued = [(m.to_address, m.subject) for m in db.session.scalars(select(OutboundEmail))]
    assert queued == []
