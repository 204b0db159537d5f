"""Changing the confidentiality of a draft's attachment after upload: the rules of an upload
(a reason when confidential), an audit entry, the stale-edit check, other bodies' ids refused,
and nothing changes once the response is submitted."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from flask import current_app
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.errors import ValidationFailed
from core.extensions import db as _db
from core.models import AuditEvent
from hearing.errors import ResponseNotDraft, StaleDraft
from hearing.models.responses import ResponseAttachment
from hearing.services import draft_attachments as attachments_svc
from hearing.services import response_versions as versions
from tests.factories import PDF, commit
from tests.hearing.factories import FUTURE, NOW
from tests.hearing.response_factories import consultee, member, open_hearing, response
from tests.web import login, post, text_of

_STATE = re.compile(r'name="state"[^>]*value="([^"]*)"')


def _attach(hearing: Any, code: str, name: str) -> ResponseAttachment:
    return attachments_svc.add_attachment(
        response(hearing, code),
        PDF,
        name,
        folder=Path(current_app.config["UPLOAD_FOLDER"]),
        max_bytes=10**6,
        actor=member(code),
        now=NOW,
    )


@pytest.fixture
def hearing(db: Any) -> Any:
    found = open_hearing(deadline=FUTURE)
    commit()
    return found


@pytest.fixture
def attachments(hearing: Any) -> dict[str, int]:
    ids = {code: _attach(hearing, code, f"{code.lower()}-bilag.pdf").id for code in ("BUU", "IR")}
    commit()
    return ids


def _url(hearing: Any, code: str, attachment_id: int) -> str:
    body_id = consultee(hearing, code).body_id
    return (
        f"/hearings/{hearing.id}/bodies/{body_id}/response/attachments/{attachment_id}"
        "/confidentiality"
    )


def _changes() -> int:
    return int(
        _db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "response.draft_attachment_changed")
        )
        or 0
    )


def _row(attachment_id: int) -> tuple[bool, str | None]:
    _db.session.expire_all()
    a = _db.session.get(ResponseAttachment, attachment_id)
    assert a is not None
    return a.confidential, a.confidential_reason


def test_a_member_makes_an_attachment_confidential_and_public_again(
    client: FlaskClient, hearing: Any, attachments: dict[str, int]
) -> None:
    login(client, "buu@example.dk")
    buu = attachments["BUU"]
    body_id = consultee(hearing, "BUU").body_id
    draft = text_of(client.get(f"/hearings/{hearing.id}/bodies/{body_id}/response"))
    assert f'value="edit_attachment:{buu}"' in draft
    hidden = dict(re.findall(r'name="(edit_version|base)"[^>]*value="([^"]*)"', draft))
    hidden = {k: html.unescape(v) for k, v in hidden.items()}
    go = post(
        client,
        f"/hearings/{hearing.id}/bodies/{body_id}/response",
        {**hidden, "general_remarks": "Gemt først", "action": f"edit_attachment:{buu}"},
    )
    assert go.status_code == 302 and go.headers["Location"].endswith(_url(hearing, "BUU", buu))
    assert response(hearing, "BUU").general_remarks == "Gemt først"
    page = text_of(client.get(_url(hearing, "BUU", buu)))
    state = _STATE.search(page)
    assert state is not None and "buu-bilag.pdf" in page
    # Confidential without a reason: refused, nothing changes.
    version = response(hearing, "BUU").edit_version
    refused = post(client, _url(hearing, "BUU", buu), {"confidential": "y", "state": state[1]})
    assert refused.status_code == 400
    assert "Angiv begrundelsen for, at en del er fortrolig." in text_of(refused)
    assert _row(buu) == (False, None) and _changes() == 0
    assert response(hearing, "BUU").edit_version == version
    # With a reason: saved, audited, the draft's counter rises.
    saved = post(
        client,
        _url(hearing, "BUU", buu),
        {"confidential": "y", "confidential_reason": "Personoplysninger", "state": state[1]},
    )
    assert saved.status_code == 302
    assert _row(buu) == (True, "Personoplysninger") and _changes() == 1
    assert response(hearing, "BUU").edit_version == version + 1
    event = _db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "response.draft_attachment_changed")
    )
    assert event is not None and event.changes["confidential"] == {"old": False, "new": True}
    # Public again: the reason goes with it.
    page = text_of(client.get(_url(hearing, "BUU", buu)))
    new_state = _STATE.search(page)
    assert new_state is not None
    assert post(client, _url(hearing, "BUU", buu), {"state": new_state[1]}).status_code == 302
    assert _row(buu) == (False, None) and _changes() == 2


def test_a_stale_change_is_refused_and_keeps_the_choice(
    client: FlaskClient, hearing: Any, attachments: dict[str, int]
) -> None:
    login(client, "buu@example.dk")
    buu = attachments["BUU"]
    state = _STATE.search(text_of(client.get(_url(hearing, "BUU", buu))))
    assert state is not None
    attachments_svc.change_attachment_confidentiality(
        response(hearing, "BUU"),
        buu,
        confidential=True,
        confidential_reason="Andet medlem",
        actor=member("BUU"),
        now=NOW,
    )
    commit()
    answer = post(
        client,
        _url(hearing, "BUU", buu),
        {"confidential": "y", "confidential_reason": "Mit eget valg", "state": state[1]},
    )
    assert answer.status_code == 409
    page = text_of(answer)
    assert "Mit eget valg" in page and "Andet medlem" in page
    assert _row(buu) == (True, "Andet medlem") and _changes() == 1
    with pytest.raises(StaleDraft):
        attachments_svc.change_attachment_confidentiality(
            response(hearing, "BUU"),
            buu,
            confidential=False,
            expected_state=state[1],
            actor=member("BUU"),
            now=NOW,
        )


def test_another_bodys_attachment_is_refused(
    client: FlaskClient, hearing: Any, attachments: dict[str, int]
) -> None:
    login(client, "buu@example.dk")
    ir = attachments["IR"]
    forged = {"confidential": "y", "confidential_reason": "Forfalsket"}
    for url in (_url(hearing, "IR", ir), _url(hearing, "BUU", ir)):
        assert client.get(url).status_code in (403, 404), url
        assert post(client, url, forged).status_code in (403, 404), url
    assert post(client, _url(hearing, "BUU", ir), forged).status_code == 404
    assert post(client, _url(hearing, "IR", ir), forged).status_code == 403
    body_id = consultee(hearing, "BUU").body_id
    assert post(
        client,
        f"/hearings/{hearing.id}/bodies/{body_id}/response",
        {"action": f"edit_attachment:{ir}", "edit_version": "1"},
    ).status_code in (403, 404, 409)
    assert _row(ir) == (False, None) and _changes() == 0


def test_no_change_after_submission(
    client: FlaskClient, hearing: Any, attachments: dict[str, int]
) -> None:
    buu = attachments["BUU"]
    r = response(hearing, "BUU")
    version = versions.submit_response(
        r, actor=member("BUU"), now=NOW, expected_version=r.edit_version
    )
    commit()
    login(client, "buu@example.dk")
    answer = post(
        client,
        _url(hearing, "BUU", buu),
        {"confidential": "y", "confidential_reason": "For sent"},
    )
    assert answer.status_code == 403
    with pytest.raises(ResponseNotDraft):
        attachments_svc.change_attachment_confidentiality(
            r, buu, confidential=True, confidential_reason="For sent", actor=member("BUU"), now=NOW
        )
    _db.session.rollback()
    assert _row(buu) == (False, None) and _changes() == 0
    assert [a.confidential for a in version.attachments] == [False]


def test_the_service_requires_a_reason_like_an_upload(
    hearing: Any, attachments: dict[str, int]
) -> None:
    with pytest.raises(ValidationFailed):
        attachments_svc.change_attachment_confidentiality(
            response(hearing, "BUU"),
            attachments["BUU"],
            confidential=True,
            confidential_reason="  ",
            actor=member("BUU"),
            now=NOW,
        )
    _db.session.rollback()
    assert _row(attachments["BUU"]) == (False, None)
