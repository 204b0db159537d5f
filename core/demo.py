"""The demo: bodies and users of ``../shared/data/demo_catalogue.json``.

``flask --app app demo load`` runs every registered step in order. Each step is
idempotent: it creates what is missing and leaves what exists alone, so running
the command twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select

import config
from core.extensions import db
from core.models import Body, BodyKind, Role, User
from core.services import accounts
from core.services.accounts import BodyData, RoleData, UserData

DEMO_DATA_PATH = config.BASE_DIR.parent / "shared" / "data" / "demo_catalogue.json"
BUNDLED_DATA_PATH = config.BASE_DIR / "core" / "demo_data" / "demo_catalogue.json"

DemoStep = Callable[[dict[str, Any], datetime], None]
_KEY = "core.demo_steps"


def register_step(app: Flask, order: int, name: str, step: DemoStep) -> None:
    """Add a step to ``app``'s ``demo load``; each package registers its own in ``init_app``."""
    steps: list[tuple[int, str, DemoStep]] = app.extensions.setdefault(_KEY, [])
    if all(existing != name for _, existing, _ in steps):
        steps.append((order, name, step))


def steps(app: Flask) -> list[tuple[int, str, DemoStep]]:
    """The steps registered on ``app``, in the order they run."""
    return sorted(app.extensions.get(_KEY, []), key=lambda s: s[0])


def demo_data() -> dict[str, Any]:
    path = DEMO_DATA_PATH if DEMO_DATA_PATH.exists() else BUNDLED_DATA_PATH
    return json.loads(Path(path).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def load_demo(now: datetime, *, until: int | None = None) -> list[str]:
    """Run every registered step (or those ordered up to ``until``); return their names.

    No commit.
    """
    data = demo_data()
    done = []
    for order, name, step in steps(current_app):
        if until is not None and order > until:
            break
        step(data, now)
        db.session.flush()
        done.append(name)
    return done


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role
    body_code: str | None = None


DEMO_USERS = (
    DemoUser("admin@example.dk", "Anne Admin", Role.ADMIN),
    DemoUser("sekretariat@example.dk", "Søren Sekretær", Role.SECRETARIAT),
    DemoUser("buu@example.dk", "Birgitte Børneudvalg", Role.MEMBER, "BUU"),
    DemoUser("kfu@example.dk", "Karsten Kulturudvalg", Role.MEMBER, "KFU"),
    DemoUser("ir@example.dk", "Iqbal Integrationsråd", Role.MEMBER, "IR"),
    DemoUser("bif.data@example.dk", "Bodil Datakontakt", Role.DATA_CONTACT, "BIF"),
)

OTHER_BODIES = (
    BodyData("IR", BodyKind.COUNCIL, "Integrationsrådet", "Integration Council"),
    BodyData(
        "LS",
        BodyKind.SECRETARIAT,
        "Ledelsessekretariatet",
        "Management Secretariat",
        email="ledelsessekretariatet@example.dk",
    ),
)


def _body(code: str) -> Body | None:
    return db.session.scalar(select(Body).where(Body.code == code))


def load_bodies(data: dict[str, Any], now: datetime) -> None:
    for c in data["committees"]:
        if _body(c["code"]) is None:
            accounts.create_body(
                BodyData(c["code"], BodyKind.COMMITTEE, c["name_da"], c["name_en"]),
                actor=None,
                now=now,
            )
    for a in data["administrations"]:
        if _body(a["code"]) is None:
            committee = _body(a["committee"])
            accounts.create_body(
                BodyData(
                    a["code"],
                    BodyKind.ADMINISTRATION,
                    a["name_da"],
                    a["name_en"],
                    committee_id=committee.id if committee else None,
                ),
                actor=None,
                now=now,
            )
    for body in OTHER_BODIES:
        if _body(body.code) is None:
            accounts.create_body(body, actor=None, now=now)


def load_users(data: dict[str, Any], now: datetime) -> None:
    password = current_app.config["DEMO_PASSWORD"]
    for demo in DEMO_USERS:
        if accounts.find_user_by_email(demo.email) is not None:
            continue
        body = _body(demo.body_code) if demo.body_code else None
        role = RoleData(demo.role, body.id if body is not None else None)
        accounts.create_user(
            UserData(demo.email, demo.name, roles=(role,)), password, actor=None, now=now
        )


def demo_logins() -> list[tuple[str, str]]:
    users = {u.email: u for u in db.session.scalars(select(User))}
    return [(d.email, str(d.role)) for d in DEMO_USERS if d.email in users]


def init_app(app: Flask) -> None:
    register_step(app, 10, "bodies", load_bodies)
    register_step(app, 20, "users", load_users)
