"""The deadline rush: 20 bodies submitting at the same moment, and one response submitted
twice at once. Every request gets a clear answer (its receipt, or "already submitted" with
the receipt), never a 500, and every member gets exactly one receipt mail, with jobs
in-process and on RQ. Each client runs in its own thread, as a web server would run it."""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db as _db
from core.extensions import limiter
from core.mail import send_due_emails
from core.models import OutboundEmail
from hearing.models.responses import ResponseVersion
from tests.conftest import SmtpSink
from tests.factories import commit
from tests.hearing.factories import FUTURE, NOW
from tests.hearing.response_factories import consultee, filled, open_hearing, second_member
from tests.web import csrf_token, login, text_of

BODIES = tuple(f"R{n:02d}" for n in range(1, 21))
_HIDDEN = re.compile(r'<input[^>]*name="(edit_version)"[^>]*value="([^"]*)"')


@dataclass
class Submitter:
    """A logged-in client with the confirmation form's fields, ready to post."""

    client: FlaskClient
    url: str
    data: dict[str, str]

    def submit(self) -> Any:
        return self.client.post(self.url, data=self.data)


def _url(hearing: Any, code: str, rest: str = "") -> str:
    return f"/hearings/{hearing.id}/bodies/{consultee(hearing, code).body_id}/response{rest}"


def _submitter(app: Flask, hearing: Any, code: str, email: str) -> Submitter:
    client = app.test_client()
    login(client, email)
    url = _url(hearing, code, "/submit")
    page = text_of(client.get(url))
    fields = {name: html.unescape(value) for name, value in _HIDDEN.findall(page)}
    return Submitter(client, url, {"csrf_token": csrf_token(client), **fields})


def _all_at_once(submitters: list[Submitter]) -> list[Any]:
    """Post every submission from its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(submitters))
    answers: list[Any] = [None] * len(submitters)

    def go(index: int) -> None:
        barrier.wait(30)
        try:
            answers[index] = submitters[index].submit()
        except BaseException as exc:  # the test client re-raises what a server would 500
            answers[index] = exc

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(submitters))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(t.is_alive() for t in threads)
    return answers


def _status(answer: Any) -> int | str:
    return answer.status_code if hasattr(answer, "status_code") else repr(answer)


def _receipt_mails(sink: SmtpSink) -> dict[str, int]:
    """How many receipts each address got (the invitations are left out)."""
    counts: dict[str, int] = {}
    for message in sink.messages():
        if str(message["Subject"]).startswith("Kvittering"):
            address = message["To"].addresses[0].addr_spec
            counts[address] = counts.get(address, 0) + 1
    return counts


def _send_the_rest() -> None:
    """What the cron line would do: send anything a job has left in the outbox."""
    send_due_emails(NOW.replace(year=2100))
    _db.session.commit()


@pytest.fixture
def rush(app: Flask, db: Any, smtp_sink: SmtpSink, configured: Any) -> Any:
    configured(MAIL_SEND_AFTER_COMMIT=True)
    limiter.reset()
    hearing = open_hearing(deadline=FUTURE, codes=BODIES)
    for code in BODIES:
        filled(hearing, code)
    commit()
    return hearing


def _twenty_bodies_at_once(app: Flask, hearing: Any) -> list[Any]:
    submitters = [_submitter(app, hearing, code, f"{code.lower()}@example.dk") for code in BODIES]
    return _all_at_once(submitters)


def _assert_every_body_has_its_receipt(answers: list[Any], sink: SmtpSink) -> None:
    assert [_status(a) for a in answers] == [302] * len(BODIES)
    assert all(a.location.endswith("/versions/1") for a in answers)
    _db.session.expire_all()
    assert _db.session.scalar(select(func.count()).select_from(ResponseVersion)) == len(BODIES)
    _send_the_rest()
    mails = _receipt_mails(sink)
    assert mails == {f"{code.lower()}@example.dk": 1 for code in BODIES}
    statuses = set(_db.session.scalars(select(OutboundEmail.status)))
    assert statuses == {"sent"}


def test_twenty_bodies_submitting_at_once_all_get_their_receipt_with_jobs_in_process(
    app: Flask, rush: Any, smtp_sink: SmtpSink
) -> None:
    answers = _twenty_bodies_at_once(app, rush)
    _assert_every_body_has_its_receipt(answers, smtp_sink)


@pytest.mark.redis
def test_twenty_bodies_submitting_at_once_all_get_their_receipt_with_jobs_on_rq(
    app: Flask, rush: Any, smtp_sink: SmtpSink, redis_jobs: Any
) -> None:
    answers = _twenty_bodies_at_once(app, rush)
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst", "--simple"])
    assert result.exit_code == 0, result.output
    _assert_every_body_has_its_receipt(answers, smtp_sink)


def _double_submit(app: Flask, hearing: Any) -> tuple[list[Any], list[Submitter]]:
    second_member(hearing, "R01", email="r01b@example.dk")
    commit()
    submitters = [
        _submitter(app, hearing, "R01", "r01@example.dk"),
        _submitter(app, hearing, "R01", "r01b@example.dk"),
    ]
    return _all_at_once(submitters), submitters


def _assert_one_receipt_and_one_already_submitted(
    answers: list[Any], submitters: list[Submitter], sink: SmtpSink
) -> None:
    assert [_status(a) for a in answers] == [302, 302]
    assert all(a.location.endswith("/versions/1") for a in answers)
    _db.session.expire_all()
    version = _db.session.scalars(select(ResponseVersion)).one()
    pages = [text_of(s.client.get(a.location)) for a, s in zip(answers, submitters, strict=True)]
    assert all(version.receipt_number in page for page in pages)
    already = [page for page in pages if "allerede afgivet" in page]
    assert len(already) == 1
    _send_the_rest()
    assert _receipt_mails(sink) == {"r01@example.dk": 1, "r01b@example.dk": 1}


def test_the_same_response_submitted_twice_at_once_gives_one_receipt_and_one_already_submitted(
    app: Flask, rush: Any, smtp_sink: SmtpSink
) -> None:
    answers, submitters = _double_submit(app, rush)
    _assert_one_receipt_and_one_already_submitted(answers, submitters, smtp_sink)


@pytest.mark.redis
def test_the_same_response_submitted_twice_at_once_on_rq_gives_one_receipt(
    app: Flask, rush: Any, smtp_sink: SmtpSink, redis_jobs: Any
) -> None:
    answers, submitters = _double_submit(app, rush)
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst", "--simple"])
    assert result.exit_code == 0, result.output
    _assert_one_receipt_and_one_already_submitted(answers, submitters, smtp_sink)


def test_submitting_again_after_the_receipt_says_already_submitted_in_danish_and_english(
    app: Flask, rush: Any
) -> None:
    submitter = _submitter(app, rush, "R02", "r02@example.dk")
    first = submitter.submit()
    assert first.status_code == 302
    again = submitter.submit()
    assert again.status_code == 302 and again.location == first.location
    assert "allerede afgivet" in text_of(submitter.client.get(again.location))
    submitter.client.post(
        "/language", data={"csrf_token": submitter.data["csrf_token"], "locale": "en"}
    )
    again = submitter.submit()
    assert again.status_code == 302 and again.location == first.location
    assert "already been submitted" in text_of(submitter.client.get(again.location))
