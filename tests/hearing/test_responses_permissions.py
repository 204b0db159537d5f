"""The permission predicates of responses as a matrix: who may do what, when."""

from __future__ import annotations

from typing import Any

import pytest
from flask_login import AnonymousUserMixin

from hearing import permissions as perms
from hearing.services.transitions import close_if_expired
from tests.factories import make_admin, make_member
from tests.hearing.factories import NOW, body, secretariat
from tests.hearing.response_factories import AFTER, member, open_hearing, response, submitted


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    hearing = open_hearing()
    version = submitted(hearing, "BUU")
    return {
        "hearing": hearing,
        "response": version.response,
        "version": version,
        "other_draft": response(hearing, "IR"),
        "users": {
            "buu": member("BUU"),
            "ir": member("IR"),
            "outsider": make_member(body("SOU"), email="sou@example.dk"),
            "secretariat": secretariat(),
            "admin": make_admin(),
            "anonymous": AnonymousUserMixin(),
        },
    }


@pytest.mark.parametrize(
    ("who", "view", "amend", "withdraw", "version", "register", "all_versions"),
    [
        ("buu", True, True, True, True, False, False),
        ("ir", False, False, False, False, False, False),
        ("outsider", False, False, False, False, False, False),
        ("secretariat", False, False, False, True, True, True),
        ("admin", False, False, False, False, False, False),
        ("anonymous", False, False, False, False, False, False),
    ],
)
def test_who_may_do_what_with_a_submitted_response_before_the_deadline(
    world: dict[str, Any],
    who: str,
    view: bool,
    amend: bool,
    withdraw: bool,
    version: bool,
    register: bool,
    all_versions: bool,
) -> None:
    user = world["users"][who]
    r, hearing = world["response"], world["hearing"]
    assert perms.can_view_response(user, r) is view
    assert perms.can_edit_response(user, r, NOW) is False  # submitted: amend first
    assert perms.can_amend_response(user, r, NOW) is amend
    assert perms.can_withdraw_response(user, r, NOW) is withdraw
    assert perms.can_view_response_version(user, world["version"]) is version
    assert perms.can_register_response(user, hearing) is register
    assert perms.can_view_all_versions(user, hearing) is all_versions


def test_only_the_body_edits_its_draft_and_only_before_the_deadline(world: dict[str, Any]) -> None:
    draft = world["other_draft"]
    users = world["users"]
    assert perms.can_edit_response(users["ir"], draft, NOW)
    assert not perms.can_edit_response(users["ir"], draft, AFTER)
    for who in ("buu", "outsider", "secretariat", "admin", "anonymous"):
        assert not perms.can_edit_response(users[who], draft, NOW), who
        assert not perms.can_view_response(users[who], draft), who


def test_after_the_deadline_nothing_but_reading_and_registering(world: dict[str, Any]) -> None:
    r, users, hearing = world["response"], world["users"], world["hearing"]
    close_if_expired(hearing, now=AFTER)
    assert perms.can_view_response(users["buu"], r)
    assert not perms.can_amend_response(users["buu"], r, AFTER)
    assert not perms.can_withdraw_response(users["buu"], r, AFTER)
    assert perms.can_register_response(users["secretariat"], hearing)
    assert perms.responses_are_public(hearing) and perms.is_public_version(world["version"])


def test_public_responses_need_a_public_closed_hearing_and_a_current_version(
    world: dict[str, Any],
) -> None:
    hearing, version = world["hearing"], world["version"]
    assert not perms.responses_are_public(hearing)  # still open
    close_if_expired(hearing, now=AFTER)
    assert perms.is_public_version(version)
    hearing.is_public = False
    assert not perms.is_public_version(version)
    hearing.is_public = True
    version.withdrawn_at = NOW  # in memory only: a withdrawn version is never public
    assert not perms.is_public_version(version)
