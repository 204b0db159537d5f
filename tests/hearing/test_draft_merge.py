"""Two members of a body edit the same draft at once: edits to different goals and different
fields merge (with the Save button and in the background), the same field edited by both
is a conflict shown beside the form."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.extensions import db as _db
from hearing.services import response_drafts as drafts_svc
from tests.factories import commit
from tests.hearing.factories import FUTURE
from tests.hearing.response_factories import (
    consultee,
    open_hearing,
    response,
    second_member,
)
from tests.web import login, post, text_of

_HIDDEN = re.compile(r'<input[^>]*name="(edit_version|base)"[^>]*value="([^"]*)"')
_AUTOSAVE = {"X-Autosave": "1", "Accept": "application/json"}


def _hidden(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _HIDDEN.findall(page)}


def _url(hearing: Any) -> str:
    return f"/hearings/{hearing.id}/bodies/{consultee(hearing, 'BUU').body_id}/response"


@pytest.fixture
def hearing(db: Any) -> Any:
    found = open_hearing(deadline=FUTURE)
    second_member(found, "BUU")
    commit()
    return found


@pytest.fixture
def two(app: Flask, hearing: Any) -> tuple[FlaskClient, FlaskClient]:
    first, second = app.test_client(), app.test_client()
    login(first, "buu@example.dk")
    login(second, "buu2@example.dk")
    return first, second


def _fields() -> dict[str, str]:
    _db.session.expire_all()
    return drafts_svc.draft_fields(response(hearing=_hearing_of(), code="BUU"))


def _hearing_of() -> Any:
    from sqlalchemy import select

    from hearing.models import Hearing

    return _db.session.scalars(select(Hearing)).one()


def _typed(text: str) -> str:
    """Text as a browser sends a textarea: CR LF between lines."""
    return text.replace("\n", "\r\n")


def _saved_by_first(first: FlaskClient, hearing: Any) -> None:
    """The first member saves a multi-line comment, so the pages load it with CR LF."""
    hidden = _hidden(text_of(first.get(_url(hearing))))
    answer = post(
        first,
        _url(hearing),
        {**hidden, "g3_comment": _typed("Linje et\nLinje to"), "action": "save"},
    )
    assert answer.status_code == 302


def test_two_members_saving_different_goals_both_keep_their_text(
    two: tuple[FlaskClient, FlaskClient], hearing: Any
) -> None:
    first, second = two
    _saved_by_first(first, hearing)
    page_one = text_of(first.get(_url(hearing)))
    page_two = text_of(second.get(_url(hearing)))
    one = post(
        first,
        _url(hearing),
        {
            **_hidden(page_one),
            "g0_assessment": "covers",
            "g0_comment": _typed("Første medlem\nto linjer"),
            "g3_comment": _typed("Linje et\nLinje to"),
            "action": "save",
        },
    )
    assert one.status_code == 302
    two_answer = post(
        second,
        _url(hearing),
        {
            **_hidden(page_two),
            "g2_assessment": "partly",
            "g2_comment": "Andet medlem",
            "general_remarks": _typed("Bemærkning\nfra andet medlem"),
            "g3_comment": _typed("Linje et\nLinje to"),
            "action": "save",
        },
    )
    assert two_answer.status_code == 302, text_of(two_answer)[:2000]
    fields = _fields()
    assert fields["coverage.A1-M1.assessment"] == "covers"
    assert fields["coverage.A1-M1.comment"] == "Første medlem\nto linjer"
    assert fields["coverage.A2-M1.assessment"] == "partly"
    assert fields["coverage.A2-M1.comment"] == "Andet medlem"
    assert fields["general_remarks"] == "Bemærkning\nfra andet medlem"
    assert fields["coverage.A2-M2.comment"] == "Linje et\nLinje to"


def test_two_members_autosaving_different_goals_merge_and_the_page_gets_the_others_text(
    two: tuple[FlaskClient, FlaskClient], hearing: Any
) -> None:
    first, second = two
    _saved_by_first(first, hearing)
    hidden_one = _hidden(text_of(first.get(_url(hearing))))
    hidden_two = _hidden(text_of(second.get(_url(hearing))))
    keep = {"g3_comment": _typed("Linje et\nLinje to")}
    one = post(
        first,
        _url(hearing),
        {**hidden_one, **keep, "g0_assessment": "covers", "g0_comment": "Første"},
        headers=_AUTOSAVE,
    )
    assert one.status_code == 200 and one.json["ok"] is True
    two_answer = post(
        second,
        _url(hearing),
        {**hidden_two, **keep, "g1_assessment": "not_covered", "g1_comment": "Andet"},
        headers=_AUTOSAVE,
    )
    assert two_answer.status_code == 200, two_answer.json
    body = two_answer.json
    assert body["ok"] is True and body["merged"]
    # The page of the second member is told the first member's fields by form name.
    assert body["fields"]["g0_assessment"] == {
        "key": "coverage.A1-M1.assessment",
        "value": "covers",
    }
    assert body["fields"]["g0_comment"]["value"] == "Første"
    assert "g1_comment" not in body["fields"]
    assert json.loads(body["base"])  # the digests of the merged draft, for the next save
    fields = _fields()
    assert fields["coverage.A1-M1.comment"] == "Første"
    assert fields["coverage.A1-M2.comment"] == "Andet"
    assert fields["coverage.A1-M2.assessment"] == "not_covered"


def test_the_same_field_changed_by_both_is_still_a_conflict(
    two: tuple[FlaskClient, FlaskClient], hearing: Any
) -> None:
    first, second = two
    hidden_one = _hidden(text_of(first.get(_url(hearing))))
    hidden_two = _hidden(text_of(second.get(_url(hearing))))
    assert post(first, _url(hearing), {**hidden_one, "g0_comment": "Min"}).status_code == 302
    stale = post(second, _url(hearing), {**hidden_two, "g0_comment": "Din", "action": "save"})
    assert stale.status_code == 409
    assert "Din" in text_of(stale) and "Min" in text_of(stale)
    background = post(second, _url(hearing), {**hidden_two, "g0_comment": "Din"}, headers=_AUTOSAVE)
    assert background.status_code == 409 and background.json["stale"] is True
    assert _fields()["coverage.A1-M1.comment"] == "Min"
