"""Single sign-on: signing a person in from the provider's identity, the group table, and
the password log-in when single sign-on is required."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from core import audit
from core.errors import N_, AlreadyExists, NotFound, ValidationFailed
from core.extensions import db
from core.models import BODY_ROLES, Body, Membership, Role, SsoGroupMapping, User
from core.services.accounts import authenticate, find_user_by_email
from core.sso import SsoIdentity, SsoRefused

# Never a valid Argon2 hash: an account made by single sign-on has no password.
NO_PASSWORD = "!sso"  # noqa: S105
MAX_GROUP_NAME = 255


@dataclass(frozen=True)
class GroupMappingData:
    group_name: str
    role: Role
    body_id: int | None = None


def find_user_by_subject(issuer: str, subject: str) -> User | None:
    return db.session.scalar(
        select(User).where(User.sso_issuer == issuer, User.sso_subject == subject)
    )


def sign_in(
    identity: SsoIdentity, *, now: datetime, create_users: bool, link_by_email: bool
) -> User:
    """The user the provider vouched for: found by issuer and subject, else linked by e-mail
    address or created where allowed; the group table's roles applied again."""
    user = find_user_by_subject(identity.issuer, identity.subject)
    if user is None:
        user = _link_or_create(identity, now=now, create_users=create_users, link=link_by_email)
    if not user.active:
        raise SsoRefused(N_("Your account is deactivated. Ask an administrator."))
    changes = _follow_provider(user, identity)
    roles = _apply_groups(user, identity.groups, now=now)
    user.last_login_at = now
    db.session.flush()
    if roles["old"] != roles["new"]:
        changes["roles"] = roles
    audit.record(user, "user.logged_in_sso", user, now=now, summary=user.email, changes=changes)
    return user


def _follow_provider(user: User, identity: SsoIdentity) -> dict[str, Any]:
    """Take a new name or e-mail address from the provider (an address another account
    has is left alone)."""
    before = audit.snapshot(user, ("name", "email"))
    user.name = identity.name
    if identity.email != user.email and find_user_by_email(identity.email) is None:
        user.email = identity.email
    return audit.diff_fields(before, audit.snapshot(user, ("name", "email")))


def _link_or_create(
    identity: SsoIdentity, *, now: datetime, create_users: bool, link: bool
) -> User:
    existing = find_user_by_email(identity.email)
    if existing is not None:
        # An administrator's local account is never taken over through the provider, nor
        # any account through an address the provider has not verified.
        refused = existing.sso_subject is not None or existing.is_admin
        if not link or refused or not identity.email_verified:
            raise SsoRefused(
                N_("An account with your e-mail address exists already. Ask an administrator.")
            )
        existing.sso_issuer, existing.sso_subject = identity.issuer, identity.subject
        db.session.flush()
        audit.record(None, "user.sso_linked", existing, now=now, summary=existing.email)
        return existing
    if not create_users:
        raise SsoRefused(N_("You have no account here yet. Ask an administrator for one."))
    user = User(
        email=identity.email,
        name=identity.name,
        password_hash=NO_PASSWORD,
        sso_issuer=identity.issuer,
        sso_subject=identity.subject,
        created_at=now,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        None,
        "user.created",
        user,
        now=now,
        summary=user.email,
        changes=audit.diff_fields({}, {"email": user.email, "name": user.name}),
    )
    return user


def _key(role: object, body_id: int | None) -> tuple[str, int | None]:
    return (str(role), body_id)


def _apply_groups(user: User, groups: Iterable[str], *, now: datetime) -> dict[str, list[str]]:
    """Give the roles the user's groups give; take away those a group gave and none gives
    now. Roles given by hand stay."""
    names = {g.strip().lower() for g in groups if g.strip()}
    mappings = db.session.scalars(
        select(SsoGroupMapping).where(func.lower(SsoGroupMapping.group_name).in_(names))
    ).all()
    wanted = {_key(m.role, m.body_id) for m in mappings}
    before = {_key(m.role, m.body_id) for m in user.memberships}
    for m in list(user.memberships):
        if m.granted_by_sso and _key(m.role, m.body_id) not in wanted:
            user.memberships.remove(m)
    for role, body_id in sorted(wanted - before, key=str):
        user.memberships.append(
            Membership(role=role, body_id=body_id, granted_by_sso=True, created_at=now)
        )
    after = {_key(m.role, m.body_id) for m in user.memberships}
    return {"old": sorted(map(str, before)), "new": sorted(map(str, after))}


def authenticate_password(
    email: str, password: str, *, now: datetime, sso_required: bool
) -> User | None:
    """The password log-in; where single sign-on is required, for administrators only."""
    user = authenticate(email, password, now=now)
    if user is not None and sso_required and not user.is_admin:
        refused = SsoRefused(N_("Log in with the municipality's account."))
        refused.field = "password"  # type: ignore[attr-defined]
        raise refused
    return user


def add_group_mapping(data: GroupMappingData, *, actor: User, now: datetime) -> SsoGroupMapping:
    name = data.group_name.strip()
    if not name or len(name) > MAX_GROUP_NAME:
        refused = ValidationFailed(
            N_("Give the group's name as the identity provider sends it (at most %(n)s "
               "characters)."),
            n=MAX_GROUP_NAME,
        )  # fmt: skip
        refused.field = "group_name"  # type: ignore[attr-defined]
        raise refused
    if (data.role in BODY_ROLES) != (data.body_id is not None):
        raise ValidationFailed(N_("The role %(role)s needs a body."), role=data.role)
    if data.body_id is not None and db.session.get(Body, data.body_id) is None:
        raise NotFound(N_("Unknown body."))
    duplicate = db.session.scalar(
        select(SsoGroupMapping).where(
            func.lower(SsoGroupMapping.group_name) == name.lower(),
            SsoGroupMapping.role == data.role,
            SsoGroupMapping.body_id.is_(None)
            if data.body_id is None
            else SsoGroupMapping.body_id == data.body_id,
        )
    )
    if duplicate is not None:
        raise AlreadyExists(N_("The group %(group)s gives this role already."), group=name)
    mapping = SsoGroupMapping(group_name=name, role=data.role, body_id=data.body_id, created_at=now)
    db.session.add(mapping)
    db.session.flush()
    audit.record(
        actor,
        "sso_group.added",
        mapping,
        now=now,
        summary=name,
        changes={"roles": {"old": [], "new": [str(_key(data.role, data.body_id))]}},
    )
    return mapping


def remove_group_mapping(mapping: SsoGroupMapping, *, actor: User, now: datetime) -> None:
    """Remove a row of the table; roles it gave go at each person's next log-in."""
    audit.record(
        actor,
        "sso_group.removed",
        mapping,
        now=now,
        summary=mapping.group_name,
        changes={"roles": {"old": [str(_key(mapping.role, mapping.body_id))], "new": []}},
    )
    db.session.delete(mapping)
    db.session.flush()
