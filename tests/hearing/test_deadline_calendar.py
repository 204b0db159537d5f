"""Each body's deadline as an iCalendar file, linked from the hearing's page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

from hearing.calendar import deadline_ics
from hearing.services import extensions
from tests.factories import commit
from tests.hearing.factories import FUTURE, NOW, secretariat
from tests.hearing.response_factories import consultee, open_hearing
from tests.web import login, text_of


def test_the_file_is_valid_icalendar_with_folded_escaped_lines() -> None:
    text = deadline_ics(
        uid="x@y",
        summary="Frist; BUU, " + "æ" * 60,
        description="Linje 1\nLinje 2",
        url="https://example.dk/hearings/1",
        deadline=datetime(2007, 2, 1, 22, 59, 59, tzinfo=UTC),
        stamp=NOW,
        alarm_text="To dage",
    )
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "DTSTART:20070201T225959Z" in lines
    assert "SUMMARY:Frist\\; BUU\\, æ" in text and "DESCRIPTION:Linje 1\\nLinje 2" in text
    unfolded = text.replace("\r\n ", "")
    assert "æ" * 60 in unfolded


def test_a_member_downloads_the_body_s_extended_deadline(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(deadline=FUTURE, codes=("ØU", "BUU"))
    extensions.extend_deadline(
        consultee(hearing, "BUU"), FUTURE + timedelta(days=7), "Møde", actor=secretariat(), now=NOW
    )
    commit()
    login(client, "buu@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}"))
    body_id = consultee(hearing, "BUU").body_id
    url = f"/hearings/{hearing.id}/bodies/{body_id}/deadline.ics"
    assert url in page and "til din kalender" in page
    answer = client.get(url)
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    text = answer.get_data(as_text=True).replace("\r\n ", "")
    assert "DTSTART:20990208T225959Z" in text  # the body's own, extended deadline
    assert "Frist for høringssvar fra BUU" in text
    other = consultee(hearing, "ØU").body_id
    assert client.get(f"/hearings/{hearing.id}/bodies/{other}/deadline.ics").status_code == 403


def test_the_invitation_links_the_calendar_file(db: Any) -> None:
    from sqlalchemy import select

    from core.extensions import db as _db
    from core.mail_models import OutboundEmail

    hearing = open_hearing(deadline=FUTURE, codes=("BUU",))
    body_id = consultee(hearing, "BUU").body_id
    mail = _db.session.scalars(select(OutboundEmail)).all()
    invitation = next(m for m in mail if m.to_address == "buu@example.dk")
    assert f"/hearings/{hearing.id}/bodies/{body_id}/deadline.ics" in invitation.body_text
    assert "Føj den til din kalender" in invitation.body_text
