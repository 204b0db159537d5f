"""Write faults on the response pages: a database that refuses writes or goes away, an
upload folder that is read-only or full, a save refused at the deadline and a request over
the size limit. Each gives a clear message in the user's language, the form again with what
was typed, and nothing half stored (no row, no file)."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db as _db
from core.models import AuditEvent
from hearing.models.responses import (
    CoverageAssessment,
    Proposal,
    Response,
    ResponseAttachment,
    ResponseVersion,
)
from hearing.services import response_drafts as drafts_svc
from tests.factories import PDF, commit
from tests.faults import (
    database_gone_at_first_write,
    database_refusing_writes,
    files_in,
    read_only_folder,
    storage_full,
)
from tests.hearing.factories import FUTURE, NOW
from tests.hearing.response_factories import (
    consultee,
    draft,
    member,
    open_hearing,
    response,
    second_member,
)
from tests.web import login, post, text_of

_HIDDEN = re.compile(r'<input[^>]*name="(edit_version|base|revision)"[^>]*value="([^"]*)"')
WRITE_FAILED_DA = "Intet blev gemt"
WRITE_FAILED_EN = "Nothing was saved"
TYPED = "Vores tekst, som ikke må gå tabt æøå"

DATABASE_FAULTS: dict[str, Callable[[], AbstractContextManager[Any]]] = {
    "read-only": database_refusing_writes,
    "gone": database_gone_at_first_write,
}


def _hidden(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _HIDDEN.findall(page)}


def _url(hearing: Any, rest: str = "") -> str:
    return f"/hearings/{hearing.id}/bodies/{consultee(hearing, 'BUU').body_id}/response{rest}"


def _count(model: Any) -> int:
    return int(_db.session.scalar(select(func.count()).select_from(model)) or 0)


def _state() -> tuple[int, ...]:
    _db.session.expire_all()
    return tuple(
        _count(m)
        for m in (
            Response,
            CoverageAssessment,
            Proposal,
            ResponseAttachment,
            ResponseVersion,
            AuditEvent,
        )
    )


@pytest.fixture
def hearing(db: Any) -> Any:
    found = open_hearing(deadline=FUTURE)
    second_member(found, "BUU")
    commit()
    return found


@pytest.fixture
def buu(client: FlaskClient, hearing: Any) -> FlaskClient:
    login(client, "buu@example.dk")
    return client


@pytest.fixture
def uploads(app: Flask) -> Path:
    return Path(app.config["UPLOAD_FOLDER"])


@pytest.fixture
def upload_folder(app: Flask) -> Iterator[Callable[[Path], None]]:
    old = app.config["UPLOAD_FOLDER"]

    def point_at(folder: Path) -> None:
        app.config["UPLOAD_FOLDER"] = str(folder)

    yield point_at
    app.config["UPLOAD_FOLDER"] = old


@pytest.mark.parametrize("fault", DATABASE_FAULTS)
def test_saving_the_draft_when_the_database_fails_keeps_the_text(
    buu: FlaskClient, hearing: Any, fault: str
) -> None:
    hidden = _hidden(text_of(buu.get(_url(hearing))))
    before = _state()
    with DATABASE_FAULTS[fault]():
        answer = post(
            buu,
            _url(hearing),
            {**hidden, "g0_assessment": "partly", "g0_comment": TYPED, "action": "save"},
        )
    assert answer.status_code == 503
    page = text_of(answer)
    assert WRITE_FAILED_DA in page
    assert html.escape(TYPED, quote=False) in page  # back in its field
    chosen = r'<input[^>]*checked[^>]*value="partly"|<input[^>]*value="partly"[^>]*checked'
    assert re.search(chosen, page)
    assert _state() == before


@pytest.mark.parametrize("fault", DATABASE_FAULTS)
def test_autosave_says_it_could_not_save_and_may_try_again(
    buu: FlaskClient, hearing: Any, fault: str
) -> None:
    hidden = _hidden(text_of(buu.get(_url(hearing))))
    post(buu, "/language", {"locale": "en"})
    before = _state()
    with DATABASE_FAULTS[fault]():
        answer = post(
            buu,
            _url(hearing),
            {**hidden, "g0_comment": TYPED},
            headers={"X-Autosave": "1", "Accept": "application/json"},
        )
    assert answer.status_code == 503
    assert answer.json["ok"] is False and answer.json["retry"] is True
    assert WRITE_FAILED_EN in answer.json["message"]
    assert _state() == before
    # Once the database is back the same background save goes through.
    again = post(buu, _url(hearing), {**hidden, "g0_comment": TYPED}, headers={"X-Autosave": "1"})
    assert again.status_code == 200 and again.json["ok"] is True


@pytest.mark.parametrize("fault", DATABASE_FAULTS)
def test_submitting_when_the_database_fails_freezes_nothing(
    buu: FlaskClient, hearing: Any, fault: str
) -> None:
    r = response(hearing, "BUU")
    drafts_svc.save_draft(
        r, draft(A1_M1="covers"), actor=member("BUU"), now=NOW, expected_version=1
    )
    commit()
    confirm = _hidden(text_of(buu.get(_url(hearing, "/submit"))))
    before = _state()
    with DATABASE_FAULTS[fault]():
        answer = post(buu, _url(hearing, "/submit"), confirm)
    assert answer.status_code == 503
    assert WRITE_FAILED_DA in text_of(answer)
    assert _state() == before
    _db.session.expire_all()
    assert response(hearing, "BUU").state == "draft"
    # The database is back: the same confirmation submits.
    assert post(buu, _url(hearing, "/submit"), confirm).status_code == 302


def _proposal_form() -> dict[str, str]:
    return {
        "kind": "add_success_criterion",
        "target_goal_code": "A1-M1",
        "text": TYPED,
        "target_value": "55,0",
        "target_period": "2010-H2",
        "decision_reference": "BR 395/06",
        "decision_date": "2006-06-14",
        "justification": "Vedtaget i politikken.",
    }


@pytest.mark.parametrize("fault", DATABASE_FAULTS)
def test_a_proposal_refused_by_the_database_comes_back_with_its_text(
    buu: FlaskClient, hearing: Any, fault: str
) -> None:
    response(hearing, "BUU")
    commit()
    before = _state()
    with DATABASE_FAULTS[fault]():
        answer = post(
            buu, _url(hearing, "/proposals/new?kind=add_success_criterion"), _proposal_form()
        )
    assert answer.status_code == 503
    page = text_of(answer)
    assert WRITE_FAILED_DA in page and html.escape(TYPED, quote=False) in page
    assert "BR 395/06" in page
    assert _state() == before


@pytest.mark.parametrize("fault", DATABASE_FAULTS)
def test_an_upload_refused_by_the_database_leaves_no_file(
    buu: FlaskClient, hearing: Any, uploads: Path, fault: str
) -> None:
    hidden = _hidden(text_of(buu.get(_url(hearing))))
    before, files = _state(), files_in(uploads)
    with DATABASE_FAULTS[fault]():
        answer = post(
            buu,
            _url(hearing),
            {
                **hidden,
                "general_remarks": TYPED,
                "action": "upload",
                "attachment": (io.BytesIO(PDF), "bilag.pdf"),
            },
        )
    assert answer.status_code == 503
    page = text_of(answer)
    assert WRITE_FAILED_DA in page and html.escape(TYPED, quote=False) in page
    assert _state() == before
    assert files_in(uploads) == files  # no orphan file, no half-written one


def test_an_upload_into_a_read_only_folder_keeps_the_text(
    buu: FlaskClient,
    hearing: Any,
    tmp_path: Path,
    upload_folder: Callable[[Path], None],
) -> None:
    hidden = _hidden(text_of(buu.get(_url(hearing))))
    before = _state()
    with read_only_folder(tmp_path) as folder:
        upload_folder(folder)
        answer = post(
            buu,
            _url(hearing),
            {
                **hidden,
                "general_remarks": TYPED,
                "action": "upload",
                "attachment": (io.BytesIO(PDF), "bilag.pdf"),
            },
        )
    assert answer.status_code == 503
    page = text_of(answer)
    assert WRITE_FAILED_DA in page and html.escape(TYPED, quote=False) in page
    assert _state() == before  # the text was not saved either: one unit of work


def test_an_upload_onto_a_full_disk_leaves_no_half_file(
    buu: FlaskClient, hearing: Any, uploads: Path
) -> None:
    hidden = _hidden(text_of(buu.get(_url(hearing))))
    before, files = _state(), files_in(uploads)
    data = {
        **hidden,
        "general_remarks": TYPED,
        "action": "upload",
        "attachment": (io.BytesIO(PDF), "bilag.pdf"),
    }
    with storage_full():
        answer = post(buu, _url(hearing), data)
    assert answer.status_code == 503
    assert html.escape(TYPED, quote=False) in text_of(answer)
    assert _state() == before
    assert files_in(uploads) == files


def test_a_save_refused_at_the_deadline_shows_the_text_that_was_typed(
    buu: FlaskClient, hearing: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from hearing.views import response_common, responses

    hidden = _hidden(text_of(buu.get(_url(hearing))))
    before = _state()
    for module in (responses, response_common):
        monkeypatch.setattr(module, "utcnow", lambda: FUTURE + timedelta(seconds=1))
    answer = post(buu, _url(hearing), {**hidden, "g1_comment": TYPED, "action": "save"})
    assert answer.status_code == 409
    page = text_of(answer)
    assert "kan ikke længere ændres" in page
    assert html.escape(TYPED, quote=False) in page  # shown so it can be copied
    assert _state() == before


def test_a_request_over_the_size_limit_comes_back_with_the_text(
    buu: FlaskClient, hearing: Any, configured: Any, uploads: Path
) -> None:
    hidden = _hidden(text_of(buu.get(_url(hearing))))
    before, files = _state(), files_in(uploads)
    limit = 256 * 1024
    configured(MAX_CONTENT_LENGTH=limit)
    big = PDF + b"%" * (limit + 1)
    answer = post(
        buu,
        _url(hearing),
        {
            **hidden,
            "g0_comment": TYPED,
            "action": "upload",
            "attachment": (io.BytesIO(big), "stor.pdf"),
        },
    )
    assert answer.status_code == 413
    page = text_of(answer)
    assert "for stor" in page
    assert html.escape(TYPED, quote=False) in page
    assert 'name="g0_comment"' in page  # the form itself, not only a copy of the text
    assert _state() == before and files_in(uploads) == files
