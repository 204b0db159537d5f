"""The secretariat reminds every body that has not answered, from the hearing's page."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from core.extensions import db as _db
from core.mail_models import OutboundEmail
from tests.factories import commit
from tests.hearing.factories import FUTURE
from tests.hearing.response_factories import open_hearing, submitted
from tests.web import login, post, text_of


def _reminded() -> list[str]:
    mails = _db.session.scalars(select(OutboundEmail)).all()
    return sorted(m.to_address for m in mails if m.subject.startswith("Påmindelse"))


def test_remind_everyone_who_has_not_answered(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(deadline=FUTURE, codes=("ØU", "BUU", "IR"))
    submitted(hearing, "BUU")
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}"))
    assert "Påmind alle, der ikke har svaret" in page
    answer = post(client, f"/hearings/{hearing.id}/remind", follow_redirects=True)
    assert "Der er sendt en påmindelse til 2 parter: IR, ØU." in text_of(answer)
    assert _reminded() == ["ir@example.dk", "oeu@example.dk"]
    post(client, f"/hearings/{hearing.id}/remind")  # a second click in the same minute
    assert _reminded() == ["ir@example.dk", "oeu@example.dk"]


def test_only_the_secretariat_reminds_and_only_while_open(client: FlaskClient, db: Any) -> None:
    closed = open_hearing(codes=("ØU",))  # its deadline has passed
    commit()
    login(client, "sek@example.dk")
    assert post(client, f"/hearings/{closed.id}/remind").status_code == 409
    assert _reminded() == []


def test_a_member_cannot_remind(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(deadline=FUTURE, codes=("ØU", "BUU"))
    commit()
    login(client, "buu@example.dk")
    assert post(client, f"/hearings/{hearing.id}/remind").status_code == 403
