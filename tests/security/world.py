"""The world the security tests run against: the demo, plus the objects whose access
differs between two bodies, two administrations and the staff.

Built once per test module (the demo takes seconds), through the services, committed.
``World.ids`` names every object a route of the matrix can be pointed at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from barometer.models import (
    CatalogueVersion,
    Edition,
    FocusArea,
    Goal,
    Indicator,
    MeasurementPeriod,
    PeriodState,
    SuccessCriterion,
    VersionStatus,
)
from barometer.period import Period
from barometer.queries_in_force import version_in_force
from barometer.services import editions as edition_svc
from core.extensions import db, limiter
from core.models import Body, Role, Topic, User
from core.services import sso as sso_svc
from core.services import subscriptions
from hearing.demo.hearings import QUESTIONS
from hearing.models import Hearing
from hearing.models.consolidation import ProposalGroup
from hearing.models.responses import Response, ResponseVersion
from hearing.proposals import ProposalData
from hearing.services import annexes as annex_svc
from hearing.services import consolidation as consolidation_svc
from hearing.services import draft_attachments as attachment_svc
from hearing.services import draft_proposals as proposal_svc
from hearing.services import hearings as hearing_svc
from hearing.services import response_drafts as draft_svc
from hearing.services import response_versions as version_svc
from hearing.services import transitions
from hearing.services.response_drafts import AssessmentData, DraftData
from tests.barometer.factories import make_draft_with_content, make_policy
from tests.demo_cache import DEMO_NOW, load_demo_once
from tests.factories import PDF, make_user
from tests.web import csrf_token, login

# The seven roles of the matrix, in the order its rows give their outcomes.
ROLES = ("anonymous", "member_a", "member_b", "contact_x", "contact_y", "secretariat", "admin")
EMAILS = {
    "member_a": "buu@example.dk",  # Børne- og Ungdomsudvalget (body A)
    "member_b": "kfu@example.dk",  # Kultur- og Fritidsudvalget (body B)
    "contact_x": "bif.data@example.dk",  # data contact of BIF (administration X)
    "contact_y": "buf.data@example.dk",  # data contact of BUF (administration Y)
    "secretariat": "sekretariat@example.dk",
    "admin": "admin@example.dk",
}
OPEN_REFERENCE = "BIU 12/2026"
DECIDED_REFERENCE = "BIU 227/2006"
# Texts only body B and the secretariat may read: they must never reach anyone else.
SECRET_PROPOSAL = "Fortroligt forslag fra KFU om foreningsstøtte"
SECRET_ATTACHMENT = "kfu-fortroligt-bilag.pdf"
SECRET_REASON = "Forhandlinger med foreninger pågår"


@dataclass
class World:
    app: Flask
    ids: dict[str, Any] = field(default_factory=dict)
    clients: dict[str, FlaskClient] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, role: str) -> FlaskClient:
        return self.clients[role]

    def log_in_again(self) -> None:
        for role in ROLES:
            self.clients[role], self.tokens[role] = self.fresh_client(role)

    def fresh_client(self, role: str) -> tuple[FlaskClient, str]:
        """A client of its own, logged in as ``role``, and its CSRF token (for log-outs)."""
        client = self.app.test_client()
        if role != "anonymous":
            login(client, EMAILS[role], self.app.config["DEMO_PASSWORD"])
        return client, csrf_token(client)


def _one(model: Any, *where: Any) -> Any:
    found = db.session.scalar(select(model).where(*where))
    assert found is not None, (model, where)
    return found


def _body(code: str) -> Body:
    return _one(Body, Body.code == code)  # type: ignore[no-any-return]


def _build(app: Flask, now: datetime) -> dict[str, Any]:
    load_demo_once(now)
    password = app.config["DEMO_PASSWORD"]
    contact_y = make_user(
        EMAILS["contact_y"], role=Role.DATA_CONTACT, body=_body("BUF"), password=password
    )
    spare = make_user("spare@example.dk", role=Role.MEMBER, body=_body("SOU"), password=password)
    secretariat = _one(User, User.email == EMAILS["secretariat"])
    admin = _one(User, User.email == EMAILS["admin"])
    # Two rows of the single sign-on group table: one for the matrix to remove, one kept.
    sso_group = sso_svc.add_group_mapping(
        sso_svc.GroupMappingData("BUU-medlemmer", Role.MEMBER, _body("BUU").id),
        actor=admin,
        now=now,
    )
    sso_svc.add_group_mapping(sso_svc.GroupMappingData("Admins", Role.ADMIN), actor=admin, now=now)
    member_a = _one(User, User.email == EMAILS["member_a"])
    member_b = _one(User, User.email == EMAILS["member_b"])
    upload = Path(app.config["UPLOAD_FOLDER"])
    max_bytes = 10_000_000

    open_hearing: Hearing = _one(Hearing, Hearing.reference == OPEN_REFERENCE)
    decided: Hearing = _one(Hearing, Hearing.reference == DECIDED_REFERENCE)
    by_code = {c.body.code: c for c in open_hearing.consultees}

    # Body A (BUU): the demo's draft, with an attachment.
    draft_a = draft_svc.ensure_response(by_code["BUU"], now=now)
    attachment_a = attachment_svc.add_attachment(
        draft_a, PDF, "buu-bilag.pdf", folder=upload, max_bytes=max_bytes, actor=member_a, now=now
    )
    # Body B (KFU): a submitted response with a confidential proposal and attachment.
    draft_b = draft_svc.ensure_response(by_code["KFU"], now=now)
    draft_svc.save_draft(
        draft_b,
        DraftData(
            general_remarks="Udvalget har drøftet udkastet.",
            assessments=(AssessmentData("KUL-M1", "partly", "Se forslaget."),),
        ),
        actor=member_b,
        now=now,
        expected_version=draft_b.edit_version,
    )
    proposal_b = proposal_svc.add_proposal(
        draft_b,
        ProposalData(
            kind="other",
            target_goal_code="KUL-M1",
            text=SECRET_PROPOSAL,
            justification="Fortroligt indtil forhandlingerne er afsluttet.",
            confidential=True,
            confidential_reason=SECRET_REASON,
        ),
        actor=member_b,
        now=now,
    )
    attachment_b = attachment_svc.add_attachment(
        draft_b, PDF, SECRET_ATTACHMENT, confidential=True, confidential_reason=SECRET_REASON,
        folder=upload, max_bytes=max_bytes, actor=member_b, now=now,
    )  # fmt: skip
    version_b = version_svc.submit_response(
        draft_b, actor=member_b, now=now, expected_version=draft_b.edit_version
    )
    db.session.flush()

    # A small draft of a second policy, not locked by a hearing: the secretariat may edit it.
    version_draft = _one(CatalogueVersion, CatalogueVersion.status == VersionStatus.DRAFT)
    small_draft = make_draft_with_content(
        make_policy("Testpolitik"), areas=1, goals_per_area=1, indicators_per_goal=1
    )
    # A hearing still in draft on it, with an uploaded annex.
    data = hearing_svc.HearingData(
        reference="BIU 99/2026",
        title="Kladde til høring",
        issuing_body_id=_body("BIU").id,
        version_id=small_draft.id,
        reply_body_id=_body("LS").id,
        signatory_id=secretariat.id,
        signatory_title="Kontorchef",
        deadline=open_hearing.deadline,
        letter_text="Kladde.",
        contact_name=secretariat.name,
        contact_email=secretariat.email,
        is_public=True,
        questions=QUESTIONS,
    )
    draft_hearing = hearing_svc.create_hearing(data, actor=secretariat, now=now)
    hearing_svc.set_hearing_list(draft_hearing, [_body("BUU").id], actor=secretariat, now=now)
    annex = annex_svc.add_annex(
        draft_hearing, PDF, "bilag.pdf", "Bilag", folder=upload, max_bytes=max_bytes,
        actor=secretariat, now=now,
    )  # fmt: skip
    db.session.flush()

    # An edition in draft beside the demo's published ones.
    # The version in force for the open half-year (the demo has several approved versions).
    approved = version_in_force(Period.parse("2009-H2"))
    assert approved is not None
    consolidating = _consolidating(approved, secretariat, member_a, member_b, now, upload)
    groups = list(
        db.session.scalars(
            select(ProposalGroup.id)
            .where(ProposalGroup.hearing_id == consolidating.id)
            .order_by(ProposalGroup.id)
        )
    )
    edition_draft = edition_svc.create_draft(
        edition_svc.EditionData("2009-H2", approved.number), actor=secretariat, now=now
    )
    published = _one(Edition, Edition.published_at.is_not(None), Edition.period_code == "2009-H1")
    decided_version = db.session.scalar(
        select(ResponseVersion)
        .join(Response, ResponseVersion.response_id == Response.id)
        .where(Response.hearing_id == decided.id)
        .order_by(ResponseVersion.id)
        .limit(1)
    )
    assert decided_version is not None
    # The data contacts' own indicators in the half-year still open for values, on its
    # version in force.
    period_open = db.session.scalar(
        select(MeasurementPeriod.code).where(MeasurementPeriod.state == PeriodState.OPEN)
    )
    assert period_open is not None
    open_version = version_in_force(Period.parse(period_open))
    assert open_version is not None
    indicators = list(
        db.session.scalars(select(Indicator).where(Indicator.version_id == open_version.id))
    )
    own_x = next(i for i in indicators if i.owner_id == _body("BIF").id)
    own_y = next(i for i in indicators if i.owner_id == _body("BUF").id)
    nodes = {
        f"{status}_{name}": db.session.scalar(
            select(model.id).where(model.version_id == version.id).order_by(model.id).limit(1)
        )
        for status, version in (("draft", small_draft), ("approved", approved))
        for name, model in (
            ("area", FocusArea), ("goal", Goal), ("indicator", Indicator),
            ("criterion", SuccessCriterion),
        )
    }  # fmt: skip
    frozen = {
        f"c_{'b' if v.response.consultee.body_id == _body('KFU').id else 'a'}_{name}": value
        for v in db.session.scalars(
            select(ResponseVersion)
            .join(Response, ResponseVersion.response_id == Response.id)
            .where(Response.hearing_id == consolidating.id)
        )
        for name, value in (("version", v.id), ("attachment", v.attachments[0].id))
    }
    links = _subscription_links(now)
    db.session.commit()
    return {
        **frozen,
        **links,
        "open": open_hearing.id,
        "decided": decided.id,
        "draft_hearing": draft_hearing.id,
        "consolidating": consolidating.id,
        "group": groups[0],
        "group_last": groups[-1],
        "area_code": db.session.scalar(
            select(FocusArea.code)
            .where(FocusArea.version_id == approved.id)
            .order_by(FocusArea.id)
            .limit(1)
        ),
        "body_a": _body("BUU").id,
        "body_b": _body("KFU").id,
        "body_other": _body("SOU").id,
        "consultee_a": by_code["BUU"].id,
        "attachment_a": attachment_a.id,
        "attachment_b": attachment_b.id,
        "proposal_a": draft_a.proposals[0].id if draft_a.proposals else None,
        "proposal_b": proposal_b.id,
        "version_b": version_b.id,
        "version_b_number": version_b.number,
        "attachment_b_frozen": version_b.attachments[0].id,
        "decided_version": decided_version.id,
        "annex": annex.id,
        "catalogue_draft": version_draft.number,
        "small_draft": small_draft.number,
        "catalogue_approved": approved.number,
        "policy": approved.policy_id,
        "edition_draft": edition_draft.id,
        "edition": published.id,
        "period_open": period_open,
        "indicator_x": own_x.code,
        "indicator_y": own_y.code,
        "goal_code": own_x.goal.code,
        "spare_user": spare.id,
        "sso_group": sso_group.id,
        "contact_y": contact_y.id,
        **nodes,
    }


def _subscription_links(now: datetime) -> dict[str, str]:
    """A valid confirmation link and the unsubscribe link of a confirmed reader."""
    wanted = subscriptions.SubscriptionRequest(
        "laeser@example.dk", frozenset({Topic.HEARINGS}), "da"
    )
    confirm = subscriptions.confirm_token(wanted, now)
    subscriber = subscriptions.confirm(confirm, now=now)
    return {
        "confirm_link": confirm,
        "unsubscribe_link": subscriptions.unsubscribe_token(subscriber),
    }


def _consolidating(
    version: CatalogueVersion,
    secretariat: User,
    member_a: User,
    member_b: User,
    now: datetime,
    folder: Path,
) -> Hearing:
    """A hearing in consolidation: A and B proposed on one goal, B's proposal confidential."""
    issued, deadline = now - timedelta(days=40), now - timedelta(days=10)
    goal = db.session.scalar(
        select(Goal).where(Goal.version_id == version.id).order_by(Goal.id).limit(1)
    )
    assert goal is not None
    data = hearing_svc.HearingData(
        reference="BIU 98/2026", title="Høring under konsolidering",
        issuing_body_id=_body("BIU").id, version_id=version.id, reply_body_id=_body("LS").id,
        signatory_id=secretariat.id, signatory_title="Kontorchef", deadline=deadline,
        letter_text="Høringsbrev.", contact_name=secretariat.name,
        contact_email=secretariat.email, is_public=True, questions=QUESTIONS,
    )  # fmt: skip
    hearing = hearing_svc.create_hearing(data, actor=secretariat, now=issued)
    hearing_svc.set_hearing_list(
        hearing, [_body("BUU").id, _body("KFU").id], actor=secretariat, now=issued
    )
    transitions.issue_hearing(hearing, actor=secretariat, now=issued, notify=False)
    for consultee in hearing.consultees:
        member, secret = (
            (member_b, True) if consultee.body_id == _body("KFU").id else (member_a, False)
        )
        response = draft_svc.ensure_response(consultee, now=issued)
        proposal_svc.add_proposal(
            response,
            ProposalData(
                kind="other",
                target_goal_code=goal.code,
                text=SECRET_PROPOSAL if secret else "Et offentligt forslag fra BUU",
                justification="Begrundelse.",
                confidential=secret,
                confidential_reason=SECRET_REASON if secret else "",
            ),
            actor=member,
            now=issued,
        )
        attachment_svc.add_attachment(
            response, PDF, SECRET_ATTACHMENT if secret else "buu-offentligt-bilag.pdf",
            confidential=secret, confidential_reason=SECRET_REASON if secret else "",
            folder=folder, max_bytes=10_000_000, actor=member, now=issued,
        )  # fmt: skip
        version_svc.submit_response(
            response, actor=member, now=issued, expected_version=response.edit_version
        )
    transitions.close_if_expired(hearing, now=now)
    consolidation_svc.start_consolidation(hearing, actor=secretariat, now=now, render_note=False)
    db.session.flush()
    return hearing


def build_world(app: Flask) -> Iterator[World]:
    """The world inside an app context; every table is emptied afterwards."""
    from tests.conftest import _truncate_all

    saved = app.config.get("SECURITY_CONTACT", "")
    app.config["SECURITY_CONTACT"] = "sikkerhed@example.dk"
    with app.app_context():
        limiter.reset()
        world = World(app, _build(app, DEMO_NOW))
        world.log_in_again()
        try:
            yield world
        finally:
            db.session.rollback()
            _truncate_all()
            db.session.remove()
            app.config["SECURITY_CONTACT"] = saved
