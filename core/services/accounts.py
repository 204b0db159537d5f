"""Users, bodies and roles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from core import audit
from core.errors import N_, AlreadyExists, NotFound, StaleEdit, ValidationFailed
from core.extensions import db
from core.models import BODY_ROLES, Body, BodyKind, Membership, Role, User
from core.passwords import burn_time, hash_password, needs_rehash, verify_password
from core.services.sessions import end_all_sessions

MIN_PASSWORD_LENGTH = 10
USER_FIELDS = ("email", "name", "locale", "active")
BODY_FIELDS = ("code", "kind", "name_da", "name_en", "email", "committee_id", "active")


@dataclass(frozen=True)
class RoleData:
    role: Role
    body_id: int | None = None


@dataclass(frozen=True)
class UserData:
    email: str
    name: str
    locale: str = "da"
    active: bool = True
    roles: Sequence[RoleData] = field(default_factory=tuple)


@dataclass(frozen=True)
class BodyData:
    code: str
    kind: BodyKind
    name_da: str
    name_en: str
    email: str | None = None
    committee_id: int | None = None
    active: bool = True


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            N_("The password must be at least %(length)s characters long."),
            length=MIN_PASSWORD_LENGTH,
        )


def _check_version(obj: User | Body, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise StaleEdit(
            N_("Someone else saved this record after you opened it. Reload and try again.")
        )


def _role_key(m: Membership | RoleData) -> tuple[str, int | None]:
    return (str(m.role), m.body_id)


def _apply_roles(user: User, roles: Sequence[RoleData]) -> dict[str, list[str]]:
    for r in roles:
        if (r.role in BODY_ROLES) != (r.body_id is not None):
            raise ValidationFailed(N_("The role %(role)s needs a body."), role=r.role)
        if r.body_id is not None and db.session.get(Body, r.body_id) is None:
            raise NotFound(N_("Unknown body."))
    wanted = {_role_key(r) for r in roles}
    current = {_role_key(m) for m in user.memberships}
    for m in list(user.memberships):
        if _role_key(m) not in wanted:
            user.memberships.remove(m)
    for role, body_id in sorted(wanted - current, key=str):
        user.memberships.append(Membership(role=role, body_id=body_id))
    return {"old": sorted(map(str, current)), "new": sorted(map(str, wanted))}


def create_user(data: UserData, password: str, *, actor: User | None, now: datetime) -> User:
    email = normalise_email(data.email)
    if find_user_by_email(email) is not None:
        raise AlreadyExists(N_("A user with this e-mail address already exists."))
    _check_password(password)
    user = User(
        email=email,
        name=data.name.strip(),
        locale=data.locale,
        active=data.active,
        password_hash=hash_password(password),
        created_at=now,
    )
    db.session.add(user)
    _apply_roles(user, data.roles)
    db.session.flush()
    audit.record(
        actor,
        "user.created",
        user,
        now=now,
        summary=email,
        changes=audit.diff_fields({}, audit.snapshot(user, USER_FIELDS))
        | {"roles": {"old": [], "new": sorted(map(str, {_role_key(r) for r in data.roles}))}},
    )
    return user


def update_user(
    user: User,
    data: UserData,
    *,
    actor: User,
    now: datetime,
    expected_version: int | None = None,
    password: str | None = None,
) -> User:
    """Save ``data``; with a ``password``, also set it (two audit entries, one transaction)."""
    _check_version(user, expected_version)
    email = normalise_email(data.email)
    other = find_user_by_email(email)
    if other is not None and other.id != user.id:
        raise AlreadyExists(N_("A user with this e-mail address already exists."))
    before = audit.snapshot(user, USER_FIELDS)
    user.email, user.name, user.locale = email, data.name.strip(), data.locale
    user.active = data.active
    roles = _apply_roles(user, data.roles)
    db.session.flush()
    changes = audit.diff_fields(before, audit.snapshot(user, USER_FIELDS))
    if roles["old"] != roles["new"]:
        changes["roles"] = roles
    action = "user.deactivated" if before["active"] and not user.active else "user.updated"
    audit.record(actor, action, user, now=now, summary=user.email, changes=changes)
    if action == "user.deactivated":
        end_all_sessions(user, actor=actor, now=now, reason="deactivated")
    if password:
        set_password(user, password, actor=actor, now=now)
    return user


def deactivate_user(user: User, *, actor: User, now: datetime) -> User:
    if not user.active:
        return user
    if actor.id == user.id:
        raise ValidationFailed(N_("You cannot deactivate your own account."))
    user.active = False
    db.session.flush()
    audit.record(
        actor,
        "user.deactivated",
        user,
        now=now,
        summary=user.email,
        changes={"active": {"old": True, "new": False}},
    )
    end_all_sessions(user, actor=actor, now=now, reason="deactivated")
    return user


def change_password(user: User, current_password: str, new_password: str, *, now: datetime) -> User:
    if not verify_password(user.password_hash, current_password):
        raise ValidationFailed(N_("The current password is not correct."))
    _check_password(new_password)
    set_password(user, new_password, actor=user, now=now)
    return user


def set_password(user: User, password: str, *, actor: User | None, now: datetime) -> User:
    _check_password(password)
    user.password_hash = hash_password(password)
    db.session.flush()
    audit.record(actor, "user.password_changed", user, now=now, summary=user.email)
    end_all_sessions(user, actor=actor, now=now, reason="password_changed")
    return user


def authenticate(email: str, password: str, *, now: datetime) -> User | None:
    """The active user with these credentials, or None - without saying which part was wrong."""
    user = find_user_by_email(email)
    if user is None:
        burn_time(password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    db.session.flush()
    audit.record(user, "user.logged_in", user, now=now, summary=user.email)
    return user


def create_body(data: BodyData, *, actor: User | None, now: datetime) -> Body:
    code = data.code.strip()
    if db.session.scalar(select(Body).where(func.lower(Body.code) == code.lower())):
        raise AlreadyExists(N_("A body with the code %(code)s already exists."), code=code)
    body = Body(**_body_values(data), created_at=now)
    db.session.add(body)
    db.session.flush()
    audit.record(
        actor,
        "body.created",
        body,
        now=now,
        summary=body.code,
        changes=audit.diff_fields({}, audit.snapshot(body, BODY_FIELDS)),
    )
    return body


def update_body(
    body: Body, data: BodyData, *, actor: User, now: datetime, expected_version: int | None = None
) -> Body:
    _check_version(body, expected_version)
    code = data.code.strip()
    other = db.session.scalar(select(Body).where(func.lower(Body.code) == code.lower()))
    if other is not None and other.id != body.id:
        raise AlreadyExists(N_("A body with the code %(code)s already exists."), code=code)
    if data.committee_id is not None and data.committee_id == body.id:
        raise ValidationFailed(N_("A body cannot report to itself."))
    before = audit.snapshot(body, BODY_FIELDS)
    for name, value in _body_values(data).items():
        setattr(body, name, value)
    db.session.flush()
    changes = audit.diff_fields(before, audit.snapshot(body, BODY_FIELDS))
    action = "body.deactivated" if before["active"] and not body.active else "body.updated"
    audit.record(actor, action, body, now=now, summary=body.code, changes=changes)
    return body


def _body_values(data: BodyData) -> dict[str, object]:
    return {
        "code": data.code.strip(),
        "kind": BodyKind(data.kind),
        "name_da": data.name_da.strip(),
        "name_en": data.name_en.strip(),
        "email": (data.email or "").strip().lower() or None,
        "committee_id": data.committee_id,
        "active": data.active,
    }
