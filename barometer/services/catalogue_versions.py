"""Catalogue versions: a policy, its one draft, approving, discarding and replacing drafts.

Rules (docs/barometer-catalogue.md): an approved version is frozen and every function
that edits a catalogue calls :func:`ensure_editable` first; edits happen in the one draft
a policy may have, made as a deep copy of the latest approved version (its breakdown
dimensions too); approving a draft supersedes the previous approved version. A draft
consulted in a hearing is not edited after the hearing: it is closed unchanged and
replaced by a copy (``replace_consulted_draft``). Functions take ``actor`` and ``now``,
flush, write the audit log and never commit. Editing the nodes inside a draft is
:mod:`barometer.services.catalogue_nodes`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from barometer import validation
from barometer.catalogue_data import (
    CRITERION_FIELDS,
    FOCUS_AREA_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    PolicyData,
)
from barometer.errors import VersionFrozen
from barometer.models import (
    BreakdownCategory,
    BreakdownDimension,
    CatalogueChangeRecord,
    CatalogueVersion,
    FocusArea,
    Goal,
    Indicator,
    IndicatorBreakdown,
    Policy,
    SuccessCriterion,
    VersionStatus,
)
from barometer.queries import load_version_tree
from barometer.services import version_lock
from barometer.services.catalogue_checks import raise_invalid
from barometer.validation import Problem
from core import audit
from core.errors import N_, AlreadyExists, ValidationFailed
from core.extensions import db
from core.models import User


def ensure_editable(version: CatalogueVersion) -> None:
    """The one check every write makes: only a draft that no hearing is consulting on."""
    if version.status != VersionStatus.DRAFT:
        raise VersionFrozen(version.number, str(version.status))
    version_lock.ensure_unlocked(version)


def create_policy(data: PolicyData, *, actor: User | None, now: datetime) -> Policy:
    problems = validation.check_required(data.name, "name", 200)
    problems += validation.check_optional(data.name_en, "name_en", 200)
    problems += validation.check_required(data.case_reference, "case_reference", 100)
    problems += validation.check_required(data.period, "period", 20)
    raise_invalid(problems)
    if db.session.scalar(select(Policy.id).where(Policy.name == data.name.strip())):
        raise AlreadyExists(N_("A policy with this name already exists."))
    policy = Policy(
        name=data.name.strip(),
        name_en=(data.name_en or "").strip() or None,
        case_reference=data.case_reference.strip(),
        adopted_on=data.adopted_on,
        period=data.period.strip(),
        created_at=now,
    )
    db.session.add(policy)
    db.session.flush()
    audit.record(actor, "catalogue.policy_created", policy, now=now, summary=policy.name)
    return policy


def draft_of(policy: Policy) -> CatalogueVersion | None:
    return db.session.scalar(
        select(CatalogueVersion).where(CatalogueVersion.draft_policy_id == policy.id)
    )


def latest_approved(policy: Policy) -> CatalogueVersion | None:
    return db.session.scalar(
        select(CatalogueVersion).where(
            CatalogueVersion.policy_id == policy.id,
            CatalogueVersion.status == VersionStatus.APPROVED,
        )
    )


def create_draft(
    policy: Policy,
    *,
    label: str,
    actor: User | None,
    now: datetime,
    based_on: CatalogueVersion | None = None,
    label_en: str | None = None,
) -> CatalogueVersion:
    """A new draft: a deep copy of the policy's latest approved version (or empty), codes
    kept. A new policy's first draft may start from another policy's approved version
    (``based_on``): indicators that keep their code continue their series."""
    raise_invalid(
        validation.check_required(label, "label", 200)
        + validation.check_optional(label_en, "label_en", 200)
    )
    if draft_of(policy) is not None:
        raise ValidationFailed(
            N_("The policy already has a draft. Finish or discard it before making another.")
        )
    if based_on is not None and not based_on.was_approved:
        raise ValidationFailed(
            N_("Version %(number)s was never approved: a draft cannot start from it."),
            number=based_on.number,
        )
    draft = _new_draft(policy, based_on or latest_approved(policy), label, actor, now)
    draft.label_en = (label_en or "").strip() or None
    return draft


def _new_draft(
    policy: Policy,
    source: CatalogueVersion | None,
    label: str,
    actor: User | None,
    now: datetime,
) -> CatalogueVersion:
    number = (db.session.scalar(select(func.max(CatalogueVersion.number))) or 0) + 1
    draft = CatalogueVersion(
        policy=policy,
        number=number,
        label=label.strip(),
        status=VersionStatus.DRAFT,
        draft_policy_id=policy.id,
        based_on=source,
        created_at=now,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(draft)
    db.session.flush()
    if source is not None:
        _copy_tree(source, draft)
    audit.record(
        actor,
        "catalogue.draft_created",
        draft,
        now=now,
        summary=f"{draft.number}: {draft.label}",
        changes={"based_on": {"old": None, "new": source.number if source else None}},
    )
    return draft


def replace_consulted_draft(
    version: CatalogueVersion,
    *,
    label: str,
    decision_text: str,
    decision_date: date | None,
    actor: User | None,
    now: datetime,
) -> CatalogueVersion:
    """Close a draft that was consulted on, unchanged, and make a new draft copied from it.

    The consulted draft (locked while consulted) leaves the policy's draft slot as
    ``superseded`` without ever having been approved: ``approved_at`` stays empty, and
    ``decision_text``/``decision_date`` name the decision that replaced it. The new draft
    is the next number, a deep copy of it (codes kept) based on it, so its diff against the
    consulted text shows exactly what is changed in it afterwards.
    """
    if version.status != VersionStatus.DRAFT:
        raise ValidationFailed(
            N_("Version %(number)s is not a draft: only a consulted draft can be replaced."),
            number=version.number,
        )
    if not version_lock.is_locked(version):
        raise ValidationFailed(
            N_(
                "Version %(number)s is not locked by a hearing: change the draft itself "
                "instead of replacing it."
            ),
            number=version.number,
        )
    problems = validation.check_required(label, "label", 200)
    problems += validation.check_required(decision_text, "decision_text", 200)
    if decision_date is None:
        problems.append(Problem("decision_date", N_("Give the date of the decision.")))
    raise_invalid(problems)
    version_lock.unlock_version(version, actor=actor, now=now)
    version.status = VersionStatus.SUPERSEDED
    version.draft_policy_id = None
    version.decision_text = decision_text.strip()
    version.decision_date = decision_date
    version.superseded_at = now
    db.session.flush()
    audit.record(
        actor,
        "catalogue.version_replaced",
        version,
        now=now,
        summary=f"{version.number}: {version.label} ({version.decision_text})",
        changes={
            "status": {"old": "draft", "new": "superseded"},
            "decision_text": {"old": None, "new": version.decision_text},
            "decision_date": {"old": None, "new": str(version.decision_date)},
        },
    )
    return _new_draft(version.policy, version, label, actor, now)


def _copy_tree(source: CatalogueVersion, draft: CatalogueVersion) -> None:
    tree = load_version_tree(source.id)
    if tree is None:
        return
    copies: list[object] = []

    def copy_criteria(criteria: list[SuccessCriterion], **target: Any) -> None:
        for c in criteria:
            copies.append(
                SuccessCriterion(
                    version_id=draft.id,
                    position=c.position,
                    **target,
                    **{f: getattr(c, f) for f in CRITERION_FIELDS},
                )
            )

    for area in tree.focus_areas:
        new_area = FocusArea(
            version_id=draft.id, **{f: getattr(area, f) for f in FOCUS_AREA_FIELDS}
        )
        copies.append(new_area)
        for goal in area.goals:
            new_goal = Goal(
                version_id=draft.id,
                focus_area=new_area,
                position=goal.position,
                **{f: getattr(goal, f) for f in GOAL_FIELDS},
            )
            copies.append(new_goal)
            copy_criteria(goal.success_criteria, goal=new_goal)
            for ind in goal.indicators:
                new_ind = Indicator(
                    version_id=draft.id,
                    goal=new_goal,
                    position=ind.position,
                    **{f: getattr(ind, f) for f in INDICATOR_FIELDS},
                )
                copies.append(new_ind)
                copy_criteria(ind.success_criteria, indicator=new_ind)
    db.session.add_all(copies)
    db.session.flush()
    _copy_breakdowns(source.id, draft.id)


def _copy_breakdowns(source_id: int, draft_id: int) -> None:
    """Copy the breakdown dimensions, their categories and the indicators' choices."""
    dimensions = db.session.scalars(
        select(BreakdownDimension)
        .where(BreakdownDimension.version_id == source_id)
        .options(selectinload(BreakdownDimension.categories))
    ).all()
    fields = ("code", "name_da", "name_en", "position")
    copies = {
        d.id: BreakdownDimension(
            version_id=draft_id, illustrative=d.illustrative,
            **{f: getattr(d, f) for f in fields},
            categories=[BreakdownCategory(version_id=draft_id, **{f: getattr(c, f) for f in fields})
                        for c in d.categories],
        )
        for d in dimensions
    }  # fmt: skip
    db.session.add_all(copies.values())
    db.session.flush()
    new_ids = dict(
        db.session.execute(
            select(Indicator.code, Indicator.id).where(Indicator.version_id == draft_id)
        ).all()
    )
    links = db.session.execute(
        select(Indicator.code, IndicatorBreakdown.dimension_id)
        .join(Indicator, Indicator.id == IndicatorBreakdown.indicator_id)
        .where(IndicatorBreakdown.version_id == source_id)
    )
    db.session.add_all(
        IndicatorBreakdown(version_id=draft_id, indicator_id=new_ids[code],
                           dimension_id=copies[dimension_id].id)
        for code, dimension_id in links if code in new_ids
    )  # fmt: skip
    db.session.flush()


def approve_version(
    version: CatalogueVersion,
    *,
    decision_text: str,
    decision_date: date | None,
    actor: User | None,
    now: datetime,
) -> CatalogueVersion:
    """Freeze a draft with its decision; the policy's previous approved version is superseded."""
    ensure_editable(version)
    problems = validation.check_required(decision_text, "decision_text", 200)
    if decision_date is None:
        problems.append(Problem("decision_date", N_("Give the date of the decision.")))
    raise_invalid(problems)
    previous = latest_approved(version.policy)
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.superseded_at = now
        db.session.flush()
        audit.record(
            actor,
            "catalogue.version_superseded",
            previous,
            now=now,
            summary=f"{previous.number}: {previous.label}",
            changes={"status": {"old": "approved", "new": "superseded"}},
        )
    version.status = VersionStatus.APPROVED
    version.draft_policy_id = None
    version.decision_text = decision_text.strip()
    version.decision_date = decision_date
    version.approved_at = now
    version.approved_by_id = actor.id if actor else None
    db.session.flush()
    audit.record(
        actor,
        "catalogue.version_approved",
        version,
        now=now,
        summary=f"{version.number}: {version.label} ({version.decision_text})",
        changes={
            "status": {"old": "draft", "new": "approved"},
            "decision_text": {"old": None, "new": version.decision_text},
            "decision_date": {
                "old": None,
                "new": decision_date.isoformat() if decision_date else None,
            },
        },
    )
    return version


def discard_draft(version: CatalogueVersion, *, actor: User | None, now: datetime) -> None:
    """Delete a draft and everything in it (the audit log keeps that it existed)."""
    ensure_editable(version)
    audit.record(
        actor,
        "catalogue.draft_discarded",
        version,
        now=now,
        summary=f"{version.number}: {version.label}",
    )
    version_id = version.id
    for model in (
        IndicatorBreakdown, BreakdownCategory, BreakdownDimension,
        SuccessCriterion, Indicator, Goal, FocusArea, CatalogueChangeRecord,
    ):  # fmt: skip
        db.session.execute(delete(model).where(model.version_id == version_id))
    db.session.execute(delete(CatalogueVersion).where(CatalogueVersion.id == version_id))
    db.session.expunge(version)
    db.session.flush()
