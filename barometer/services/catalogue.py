"""Catalogue versions and the edits inside a draft.

Rules (docs/barometer-catalogue.md): an approved version is frozen and every function
here refuses to change it; edits happen in the one draft a policy may have, made as a
deep copy of the latest approved version; approving a draft supersedes the previous
approved version. A draft consulted in a hearing is not edited after the hearing: it is
closed unchanged and replaced by a copy (``replace_consulted_draft``). Functions take
``actor`` and ``now``, flush, write the audit log and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select

from barometer import validation
from barometer.errors import CatalogueInvalid, VersionFrozen
from barometer.models import (
    CatalogueChangeRecord,
    CatalogueVersion,
    FocusArea,
    Goal,
    Indicator,
    IndicatorKind,
    Policy,
    SuccessCriterion,
    Unit,
    VersionStatus,
)
from barometer.validation import Problem
from core import audit
from core.errors import N_, AlreadyExists, StaleEdit, ValidationFailed
from core.extensions import db
from core.models import Body, BodyKind, User

FOCUS_AREA_FIELDS = ("code", "number", "name_da", "name_en", "description", "illustrative")
GOAL_FIELDS = ("code", "text_da", "text_en", "illustrative")
INDICATOR_FIELDS = (
    "code",
    "name_da",
    "name_en",
    "definition",
    "kind",
    "unit",
    "decimals",
    "direction",
    "min_change",
    "data_source",
    "owner_id",
    "baseline_value",
    "baseline_period",
    "notes",
    "illustrative",
)
CRITERION_FIELDS = (
    "code",
    "text",
    "target_value",
    "target_period",
    "decision_reference",
    "decision_date",
    "illustrative",
)


@dataclass(frozen=True)
class PolicyData:
    name: str
    case_reference: str
    adopted_on: date
    period: str


@dataclass(frozen=True)
class FocusAreaData:
    code: str
    number: int
    name_da: str
    name_en: str | None = None
    description: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class GoalData:
    code: str
    text_da: str
    text_en: str | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class IndicatorData:
    code: str
    name_da: str
    kind: str
    unit: str
    decimals: int
    direction: int
    owner_code: str
    name_en: str | None = None
    definition: str = ""
    data_source: str = ""
    min_change: Decimal | None = None
    baseline_value: Decimal | None = None
    baseline_period: str | None = None
    notes: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class CriterionData:
    text: str
    target_value: Decimal | None = None
    target_period: str | None = None
    decision_reference: str | None = None
    decision_date: date | None = None
    code: str = ""  # given by the service when empty
    illustrative: bool = False


# -- the version rules --------------------------------------------------------------


def ensure_editable(version: CatalogueVersion) -> None:
    """The one check every write makes: only a draft that no hearing is consulting on."""
    from barometer.services.version_lock import ensure_unlocked

    if version.status != VersionStatus.DRAFT:
        raise VersionFrozen(version.number, str(version.status))
    ensure_unlocked(version)


def _check_stale(obj: Any, expected_version: int | None) -> None:
    if expected_version is not None and obj.lock_version != expected_version:
        raise StaleEdit(
            N_("Someone else saved this record after you opened it. Reload and try again.")
        )


def _invalid(problems: list[Problem]) -> None:
    if problems:
        raise CatalogueInvalid(problems)


def create_policy(data: PolicyData, *, actor: User | None, now: datetime) -> Policy:
    problems = validation.check_required(data.name, "name", 200)
    problems += validation.check_required(data.case_reference, "case_reference", 100)
    problems += validation.check_required(data.period, "period", 20)
    _invalid(problems)
    if db.session.scalar(select(Policy.id).where(Policy.name == data.name.strip())):
        raise AlreadyExists(N_("A policy with this name already exists."))
    policy = Policy(
        name=data.name.strip(),
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
    policy: Policy, *, label: str, actor: User | None, now: datetime
) -> CatalogueVersion:
    """A new draft: a deep copy of the latest approved version (or empty), codes kept."""
    _invalid(validation.check_required(label, "label", 200))
    if draft_of(policy) is not None:
        raise ValidationFailed(
            N_("The policy already has a draft. Finish or discard it before making another.")
        )
    return _new_draft(policy, latest_approved(policy), label, actor, now)


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
    from barometer.services import version_lock as hearing_lock

    if version.status != VersionStatus.DRAFT:
        raise ValidationFailed(
            N_("Version %(number)s is not a draft: only a consulted draft can be replaced."),
            number=version.number,
        )
    if not hearing_lock.is_locked(version):
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
    _invalid(problems)
    hearing_lock.unlock_version(version, actor=actor, now=now)
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
    from barometer.queries import load_version_tree

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
    _invalid(problems)
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
    for model in (SuccessCriterion, Indicator, Goal, FocusArea, CatalogueChangeRecord):
        db.session.execute(delete(model).where(model.version_id == version_id))
    db.session.execute(delete(CatalogueVersion).where(CatalogueVersion.id == version_id))
    db.session.expunge(version)
    db.session.flush()


# -- lookups used by validation -------------------------------------------------------


def _codes(model: Any, version: CatalogueVersion, exclude: Any = None) -> set[str]:
    query = select(model.code).where(model.version_id == version.id)
    if exclude is not None and exclude.id is not None:
        query = query.where(model.id != exclude.id)
    return set(db.session.scalars(query))


def administrations() -> dict[str, Body]:
    """The active administrations by code: the bodies that may own an indicator."""
    bodies = db.session.scalars(
        select(Body).where(Body.kind == BodyKind.ADMINISTRATION, Body.active.is_(True))
    )
    return {b.code: b for b in bodies}


def _changes(before: dict[str, Any], obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return audit.diff_fields(before, audit.snapshot(obj, fields))


# -- focus areas ----------------------------------------------------------------------


def add_focus_area(
    version: CatalogueVersion, data: FocusAreaData, *, actor: User | None, now: datetime
) -> FocusArea:
    ensure_editable(version)
    return _save_focus_area(FocusArea(version_id=version.id), version, data, actor, now)


def update_focus_area(
    area: FocusArea,
    data: FocusAreaData,
    *,
    actor: User | None,
    now: datetime,
    expected_version: int | None = None,
) -> FocusArea:
    ensure_editable(area.version)
    _check_stale(area, expected_version)
    return _save_focus_area(area, area.version, data, actor, now)


def _save_focus_area(
    area: FocusArea,
    version: CatalogueVersion,
    data: FocusAreaData,
    actor: User | None,
    now: datetime,
) -> FocusArea:
    with db.session.no_autoflush:
        problems = validation.focus_area_problems(
            code=data.code,
            taken_codes=_codes(FocusArea, version, area),
            number=data.number,
            name_da=data.name_da,
            name_en=data.name_en,
        )
    _invalid(problems)
    is_new = area.id is None
    before = {} if is_new else audit.snapshot(area, FOCUS_AREA_FIELDS)
    area.code, area.number = data.code.strip(), data.number
    area.name_da, area.name_en = data.name_da.strip(), (data.name_en or "").strip() or None
    area.description, area.illustrative = (data.description or "").strip(), data.illustrative
    db.session.add(area)
    db.session.flush()
    action = "catalogue.focus_area_created" if is_new else "catalogue.focus_area_updated"
    audit.record(
        actor,
        action,
        area,
        now=now,
        summary=area.code,
        changes=_changes(before, area, FOCUS_AREA_FIELDS),
    )
    return area


def delete_focus_area(area: FocusArea, *, actor: User | None, now: datetime) -> None:
    ensure_editable(area.version)
    if area.goals:
        raise ValidationFailed(N_("Delete or move the goals of the focus area first."))
    audit.record(
        actor,
        "catalogue.focus_area_deleted",
        area,
        now=now,
        summary=area.code,
        changes=_changes(audit.snapshot(area, FOCUS_AREA_FIELDS), _Empty(), FOCUS_AREA_FIELDS),
    )
    db.session.delete(area)
    db.session.flush()


class _Empty:
    """Stands in for a deleted object: every field reads as None in the audit diff."""

    def __getattr__(self, name: str) -> None:
        return None


# -- goals ------------------------------------------------------------------------------


def _next_position(items: list[Any]) -> int:
    return max((i.position for i in items), default=-1) + 1


def add_goal(area: FocusArea, data: GoalData, *, actor: User | None, now: datetime) -> Goal:
    ensure_editable(area.version)
    goal = Goal(version_id=area.version_id, position=_next_position(area.goals))
    return _save_goal(goal, area.version, data, actor, now, is_new=True, parent=area)


def update_goal(
    goal: Goal,
    data: GoalData,
    *,
    actor: User | None,
    now: datetime,
    focus_area: FocusArea | None = None,
    expected_version: int | None = None,
) -> Goal:
    version = goal.focus_area.version
    ensure_editable(version)
    _check_stale(goal, expected_version)
    if focus_area is not None and focus_area.id != goal.focus_area_id:
        if focus_area.version_id != version.id:
            raise ValidationFailed(N_("The focus area belongs to another version."))
        goal.position = _next_position(focus_area.goals)
        goal.focus_area = focus_area
    return _save_goal(goal, version, data, actor, now, is_new=False)


def goal_data_problems(
    version: CatalogueVersion, data: GoalData, goal: Goal | None = None
) -> list[Problem]:
    """What the rules refuse in ``data`` for a new goal of ``version`` (or for ``goal``)."""
    with db.session.no_autoflush:
        return validation.goal_problems(
            code=data.code,
            taken_codes=_codes(Goal, version, goal),
            text_da=data.text_da,
            text_en=data.text_en,
        )


def _save_goal(
    goal: Goal,
    version: CatalogueVersion,
    data: GoalData,
    actor: User | None,
    now: datetime,
    *,
    is_new: bool,
    parent: FocusArea | None = None,
) -> Goal:
    _invalid(goal_data_problems(version, data, goal if not is_new else None))
    before = {} if is_new else audit.snapshot(goal, GOAL_FIELDS)
    if parent is not None:  # attached only once valid: a refused goal leaves no trace
        goal.focus_area = parent
    goal.code, goal.text_da = data.code.strip(), data.text_da.strip()
    goal.text_en = (data.text_en or "").strip() or None
    goal.illustrative = data.illustrative
    db.session.add(goal)
    db.session.flush()
    action = "catalogue.goal_created" if is_new else "catalogue.goal_updated"
    audit.record(
        actor, action, goal, now=now, summary=goal.code, changes=_changes(before, goal, GOAL_FIELDS)
    )
    return goal


def delete_goal(goal: Goal, *, actor: User | None, now: datetime) -> None:
    ensure_editable(goal.focus_area.version)
    if goal.indicators:
        raise ValidationFailed(N_("Delete or move the indicators of the goal first."))
    audit.record(
        actor,
        "catalogue.goal_deleted",
        goal,
        now=now,
        summary=goal.code,
        changes=_changes(audit.snapshot(goal, GOAL_FIELDS), _Empty(), GOAL_FIELDS),
    )
    db.session.delete(goal)
    db.session.flush()


# -- indicators ---------------------------------------------------------------------------


def add_indicator(
    goal: Goal, data: IndicatorData, *, actor: User | None, now: datetime
) -> Indicator:
    ensure_editable(goal.focus_area.version)
    indicator = Indicator(version_id=goal.version_id, position=_next_position(goal.indicators))
    return _save_indicator(
        indicator, goal.focus_area.version, data, actor, now, is_new=True, parent=goal
    )


def update_indicator(
    indicator: Indicator,
    data: IndicatorData,
    *,
    actor: User | None,
    now: datetime,
    goal: Goal | None = None,
    expected_version: int | None = None,
) -> Indicator:
    version = indicator.goal.focus_area.version
    ensure_editable(version)
    _check_stale(indicator, expected_version)
    if goal is not None and goal.id != indicator.goal_id:
        if goal.version_id != version.id:
            raise ValidationFailed(N_("The goal belongs to another version."))
        indicator.position = _next_position(goal.indicators)
        indicator.goal = goal
    return _save_indicator(indicator, version, data, actor, now, is_new=False)


def indicator_data_problems(
    version: CatalogueVersion,
    data: IndicatorData,
    indicator: Indicator | None = None,
    *,
    owners: dict[str, Body] | None = None,
) -> list[Problem]:
    """What the rules refuse in ``data`` for a new indicator of ``version`` (or for
    ``indicator``), without changing anything."""
    with db.session.no_autoflush:
        owners = administrations() if owners is None else owners
        periods = (
            [c.target_period for c in indicator.success_criteria if c.target_period]
            if indicator is not None
            else []
        )
        return validation.indicator_problems(
            code=data.code,
            taken_codes=_codes(Indicator, version, indicator),
            name_da=data.name_da,
            name_en=data.name_en,
            kind=str(data.kind),
            unit=str(data.unit),
            decimals=data.decimals,
            direction=data.direction,
            owner_code=data.owner_code,
            administrations=owners,
            data_source=data.data_source,
            min_change=data.min_change,
            baseline_value=data.baseline_value,
            baseline_period=data.baseline_period,
            criteria_periods=periods,
        )


def _save_indicator(
    ind: Indicator,
    version: CatalogueVersion,
    data: IndicatorData,
    actor: User | None,
    now: datetime,
    *,
    is_new: bool,
    parent: Goal | None = None,
) -> Indicator:
    with db.session.no_autoflush:
        owners = administrations()
    _invalid(indicator_data_problems(version, data, None if is_new else ind, owners=owners))
    before = {} if is_new else audit.snapshot(ind, INDICATOR_FIELDS)
    if parent is not None:
        ind.goal = parent
    ind.code, ind.name_da = data.code.strip(), data.name_da.strip()
    ind.name_en = (data.name_en or "").strip() or None
    ind.definition, ind.notes = (data.definition or "").strip(), (data.notes or "").strip()
    ind.kind, ind.unit = IndicatorKind(data.kind), Unit(data.unit)
    ind.decimals, ind.direction = data.decimals, data.direction
    ind.min_change, ind.data_source = data.min_change, (data.data_source or "").strip()
    ind.owner = owners[data.owner_code]
    ind.baseline_value = data.baseline_value
    ind.baseline_period = data.baseline_period or None
    ind.illustrative = data.illustrative
    db.session.add(ind)
    db.session.flush()
    action = "catalogue.indicator_created" if is_new else "catalogue.indicator_updated"
    audit.record(
        actor,
        action,
        ind,
        now=now,
        summary=ind.code,
        changes=_changes(before, ind, INDICATOR_FIELDS),
    )
    return ind


def delete_indicator(indicator: Indicator, *, actor: User | None, now: datetime) -> None:
    ensure_editable(indicator.goal.focus_area.version)
    audit.record(
        actor,
        "catalogue.indicator_deleted",
        indicator,
        now=now,
        summary=indicator.code,
        changes=_changes(audit.snapshot(indicator, INDICATOR_FIELDS), _Empty(), INDICATOR_FIELDS),
    )
    db.session.delete(indicator)
    db.session.flush()


# -- success criteria ---------------------------------------------------------------------


def _criterion_version(target: Goal | Indicator) -> CatalogueVersion:
    goal = target if isinstance(target, Goal) else target.goal
    return goal.focus_area.version


def _next_criterion_code(target: Goal | Indicator, taken: set[str]) -> str:
    n = 1
    while f"{target.code}-S{n}" in taken:
        n += 1
    return f"{target.code}-S{n}"


def add_criterion(
    target: Goal | Indicator, data: CriterionData, *, actor: User | None, now: datetime
) -> SuccessCriterion:
    version = _criterion_version(target)
    ensure_editable(version)
    criterion = SuccessCriterion(
        version_id=version.id, position=_next_position(target.success_criteria)
    )
    return _save_criterion(criterion, target, version, data, actor, now, is_new=True)


def update_criterion(
    criterion: SuccessCriterion,
    data: CriterionData,
    *,
    actor: User | None,
    now: datetime,
    expected_version: int | None = None,
) -> SuccessCriterion:
    target: Goal | Indicator = criterion.indicator or criterion.goal  # type: ignore[assignment]
    version = _criterion_version(target)
    ensure_editable(version)
    _check_stale(criterion, expected_version)
    return _save_criterion(criterion, target, version, data, actor, now, is_new=False)


def _criterion_code_and_problems(
    target: Goal | Indicator,
    version: CatalogueVersion,
    data: CriterionData,
    criterion: SuccessCriterion | None,
) -> tuple[str, list[Problem]]:
    with db.session.no_autoflush:
        taken = _codes(SuccessCriterion, version, criterion)
        code = data.code.strip() or (criterion.code if criterion is not None else "")
        code = code or _next_criterion_code(target, taken)
        baseline = target.baseline_period if isinstance(target, Indicator) else None
        return code, validation.criterion_problems(
            code=code,
            taken_codes=taken,
            text=data.text,
            target_value=data.target_value,
            target_period=data.target_period,
            decision_reference=data.decision_reference,
            baseline_period=baseline,
        )


def criterion_data_problems(
    target: Goal | Indicator, data: CriterionData, criterion: SuccessCriterion | None = None
) -> list[Problem]:
    """What the rules refuse in ``data`` for a new success criterion of ``target`` (or for
    ``criterion``), without changing anything."""
    return _criterion_code_and_problems(target, _criterion_version(target), data, criterion)[1]


def _save_criterion(
    criterion: SuccessCriterion,
    target: Goal | Indicator,
    version: CatalogueVersion,
    data: CriterionData,
    actor: User | None,
    now: datetime,
    *,
    is_new: bool,
) -> SuccessCriterion:
    code, problems = _criterion_code_and_problems(
        target, version, data, None if is_new else criterion
    )
    _invalid(problems)
    before = {} if is_new else audit.snapshot(criterion, CRITERION_FIELDS)
    if is_new and isinstance(target, Goal):
        criterion.goal = target
    elif is_new:
        criterion.indicator = target
    criterion.code, criterion.text = code, data.text.strip()
    criterion.target_value, criterion.target_period = data.target_value, data.target_period or None
    criterion.decision_reference = (data.decision_reference or "").strip() or None
    criterion.decision_date = data.decision_date
    criterion.illustrative = data.illustrative
    db.session.add(criterion)
    db.session.flush()
    action = (
        "catalogue.success_criterion_created" if is_new else "catalogue.success_criterion_updated"
    )
    audit.record(
        actor,
        action,
        criterion,
        now=now,
        summary=f"{target.code}: {criterion.code}",
        changes=_changes(before, criterion, CRITERION_FIELDS),
    )
    return criterion


def delete_criterion(criterion: SuccessCriterion, *, actor: User | None, now: datetime) -> None:
    target: Goal | Indicator = criterion.indicator or criterion.goal  # type: ignore[assignment]
    ensure_editable(_criterion_version(target))
    audit.record(
        actor,
        "catalogue.success_criterion_deleted",
        criterion,
        now=now,
        summary=criterion.code,
        changes=_changes(audit.snapshot(criterion, CRITERION_FIELDS), _Empty(), CRITERION_FIELDS),
    )
    target.success_criteria.remove(criterion)
    db.session.flush()


# -- order ----------------------------------------------------------------------------------


def move(item: Goal | Indicator, offset: int, *, actor: User | None, now: datetime) -> None:
    """Move a goal within its focus area, or an indicator within its goal, up or down."""
    if isinstance(item, Goal):
        ensure_editable(item.focus_area.version)
        siblings = list(item.focus_area.goals)
    else:
        ensure_editable(item.goal.focus_area.version)
        siblings = list(item.goal.indicators)
    siblings.sort(key=lambda s: (s.position, s.id))
    index = siblings.index(item)
    new_index = index + offset
    if not 0 <= new_index < len(siblings) or offset == 0:
        return
    siblings.insert(new_index, siblings.pop(index))
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
    db.session.flush()
    kind = "goal" if isinstance(item, Goal) else "indicator"
    audit.record(
        actor,
        f"catalogue.{kind}_moved",
        item,
        now=now,
        summary=item.code,
        changes={"position": {"old": index, "new": new_index}},
    )
