"""Injected faults in the shared machinery: the unit of work, the error pages, log-in, and
file storage. Real faults only (see ``tests/faults.py``): the database or the kernel
refuses; nothing of the product is replaced.

Faults tested elsewhere:

* the response pages, the proposal form and attachments (database read-only or gone, a
  read-only or full upload folder, the deadline, the size limit):
  ``tests/hearing/test_write_faults.py``; a catalogue goal and a measurement:
  ``tests/barometer/test_write_faults.py``;
* SMTP down: the message stays queued with a back-off and is sent exactly once when the
  server is back, in ``tests/core/test_mail.py``:
  ``test_an_smtp_server_that_cannot_be_reached_leaves_the_message_queued_with_a_back_off``,
  ``test_a_deferred_message_is_sent_exactly_once_when_the_server_is_back`` and
  ``test_two_senders_at_once_send_each_message_exactly_once``;
* a worker killed in the middle of a PDF: ``tests/hearing/test_note_worker_killed.py``;
* two secretaries recording the decision at once: ``tests/hearing/test_decision_race.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Blueprint, Flask, get_flashed_messages
from sqlalchemy import func, select

from app import create_app
from config import TestingConfig
from core.errors import WriteFailed
from core.extensions import db as _db
from core.models import Body, BodyKind
from core.uploads import store_pdf
from core.views.unit_of_work import run
from tests.factories import PASSWORD, PDF, commit, make_user
from tests.faults import (
    database_gone_at_first_write,
    database_refusing_writes,
    files_in,
    read_only_folder,
    storage_full,
)
from tests.web import csrf_token, text_of

WRITE_FAILED_DA = "Intet blev gemt"


def _bodies() -> int:
    _db.session.expire_all()
    return int(_db.session.scalar(select(func.count()).select_from(Body)) or 0)


def _add_body_and_file(folder: Path) -> Body:
    """A change that writes a file and a row, committed by the unit of work."""
    store_pdf(PDF, "bilag.pdf", folder=folder, max_bytes=10_000)
    body = Body(code="NEW", name_da="Nyt udvalg", name_en="New committee", kind=BodyKind.COMMITTEE)
    _db.session.add(body)  # flushed only by the commit
    return body


@pytest.mark.parametrize("fault", [database_refusing_writes, database_gone_at_first_write])
def test_a_fault_at_the_commit_is_refused_and_removes_the_files_the_change_wrote(
    app: Flask, db: Any, tmp_path: Path, fault: Any
) -> None:
    before = _bodies()
    with app.test_request_context("/", method="POST"), fault():
        outcome = run(lambda: _add_body_and_file(tmp_path), success="Gemt.")
        flashed = get_flashed_messages(with_categories=True)
    assert not outcome.ok and isinstance(outcome.error, WriteFailed)
    assert outcome.status == 503
    assert flashed and flashed[0][0] == "error" and WRITE_FAILED_DA in flashed[0][1]
    assert _bodies() == before
    assert files_in(tmp_path) == set()  # the file written before the commit is gone again


def test_a_committed_change_keeps_its_file(app: Flask, db: Any, tmp_path: Path) -> None:
    with app.test_request_context("/", method="POST"):
        outcome = run(lambda: _add_body_and_file(tmp_path))
    assert outcome.ok
    assert len([n for n in files_in(tmp_path) if n.endswith(".pdf")]) == 1


def test_a_full_disk_leaves_neither_the_file_nor_a_half_of_it(
    app: Flask, db: Any, tmp_path: Path
) -> None:
    with app.test_request_context("/", method="POST"), storage_full():
        outcome = run(lambda: _add_body_and_file(tmp_path))
    assert isinstance(outcome.error, WriteFailed)
    assert files_in(tmp_path) == set()
    assert _bodies() == 0


def test_a_read_only_folder_is_refused_and_nothing_is_stored(
    app: Flask, db: Any, tmp_path: Path
) -> None:
    with read_only_folder(tmp_path) as folder, app.test_request_context("/", method="POST"):
        outcome = run(lambda: _add_body_and_file(folder))
    assert isinstance(outcome.error, WriteFailed)
    assert _bodies() == 0


def test_log_in_while_the_database_refuses_writes_says_so_and_not_that_the_password_is_wrong(
    client: Any, db: Any
) -> None:
    make_user("sek@example.dk")
    commit()
    token = csrf_token(client, "/login")
    with database_refusing_writes():
        answer = client.post(
            "/login",
            data={"csrf_token": token, "email": "sek@example.dk", "password": PASSWORD},
        )
    page = text_of(answer)
    assert answer.status_code == 503
    assert WRITE_FAILED_DA in page
    assert "ikke korrekt" not in page


def test_a_write_fault_outside_a_unit_of_work_is_a_clear_page_with_the_text(
    db: Any, app: Flask
) -> None:
    """The safety net: a POST whose write fails outside ``run`` gets 503, the message and
    what was typed, never a bare 500. (A separate app, so a route can be added.)"""
    other = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        WTF_CSRF_ENABLED=False,
    )
    probe = Blueprint("fault_probe", __name__)

    @probe.post("/fault-probe")
    def write_outside_run() -> str:
        _db.session.add(Body(code="X", name_da="X", name_en="X", kind=BodyKind.COMMITTEE))
        _db.session.flush()
        return "stored"

    other.register_blueprint(probe)
    with other.app_context():
        with database_refusing_writes():
            answer = other.test_client().post("/fault-probe", data={"remarks": "Min tekst æøå"})
        page = text_of(answer)
        assert answer.status_code == 503, page
        assert WRITE_FAILED_DA in page and "Min tekst æøå" in page
        assert "Det, du skrev (ikke gemt)" in page
        _db.session.remove()
        _db.engine.dispose()


def test_a_read_that_fails_is_still_an_error_page_and_not_a_write_fault(
    db: Any, app: Flask
) -> None:
    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    other.config["PROPAGATE_EXCEPTIONS"] = False
    probe = Blueprint("read_probe", __name__)

    @probe.get("/read-probe")
    def read_fails() -> str:
        Path("/nonexistent/file").read_bytes()
        return "read"

    other.register_blueprint(probe)
    answer = other.test_client().get("/read-probe")
    assert answer.status_code == 500
    assert WRITE_FAILED_DA not in text_of(answer)
