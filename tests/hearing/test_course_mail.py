"""Mail along the hearing's course, delivered to a real SMTP sink: the secretariat hears of
submissions and withdrawals; the parties hear when the hearing closes and when the decision
and the note are out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.errors import ValidationFailed
from core.mail import send_due_emails
from core.models import AuditEvent
from hearing.errors import FieldInvalid
from hearing.services import response_versions as versions_svc
from hearing.services import transitions
from hearing.services.decision import record_decision
from hearing.services.party_notice import send_note_and_decision
from tests.conftest import SmtpSink
from tests.factories import commit
from tests.hearing.consolidation_factories import CLOSED, LATER
from tests.hearing.factories import NOW, secretariat
from tests.hearing.response_factories import member, open_hearing, response, submitted
from tests.hearing.test_decision_services import _data, _prepared


def _delivered(sink: SmtpSink, now: Any) -> dict[str, list[Any]]:
    commit()
    send_due_emails(now)
    by_address: dict[str, list[Any]] = {}
    for message in sink.messages():
        address = str(message["To"]).split("<")[-1].rstrip(">")
        by_address.setdefault(address, []).append(message)
    return by_address


def _text(message: Any) -> str:
    return str(message["Subject"]) + "\n" + message.get_body(("plain",)).get_content()


def test_the_secretariat_hears_of_a_submission_and_a_withdrawal(
    db: Any, smtp_sink: SmtpSink
) -> None:
    hearing = open_hearing(codes=("ØU", "BUU"))
    secretariat()
    submitted(hearing, "BUU")
    versions_svc.withdraw_response(response(hearing, "BUU"), actor=member("BUU"), now=NOW)
    mail = _delivered(smtp_sink, NOW)
    texts = [_text(m) for m in mail["sek@example.dk"]]
    assert any(
        t.startswith("Høring BIU 227/2006: høringssvar fra") and "har afgivet sit høringssvar" in t
        for t in texts
    )
    assert any("trukket sit svar tilbage" in t and "Parten har ikke svaret" in t for t in texts)


def test_the_parties_hear_that_the_hearing_closed(db: Any, smtp_sink: SmtpSink) -> None:
    hearing = open_hearing(codes=("ØU", "BUU"))
    submitted(hearing, "BUU")
    transitions.close_hearing(hearing, actor=None, now=CLOSED)
    mail = _delivered(smtp_sink, CLOSED)
    buu = next(t for t in map(_text, mail["buu@example.dk"]) if "er afsluttet" in t)
    assert "Vi har modtaget høringssvaret fra" in buu
    oeu = next(t for t in map(_text, mail["oeu@example.dk"]) if "er afsluttet" in t)
    assert "Vi har ikke modtaget et høringssvar fra" in oeu


def test_recording_the_decision_leaves_the_sending_to_the_secretariat(
    db: Any, smtp_sink: SmtpSink
) -> None:
    hearing, groups = _prepared()
    decision = record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    mail = _delivered(smtp_sink, LATER)
    assert decision.parties_notified_at is None
    assert not [t for m in mail.values() for t in map(_text, m) if "beslutningen og" in t]


def test_the_parties_get_the_note_and_the_decision_when_the_secretariat_sends_them(
    db: Any, smtp_sink: SmtpSink
) -> None:
    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    decision = send_note_and_decision(hearing, actor=secretariat(), now=LATER)
    assert decision.parties_notified_at == LATER
    assert decision.parties_notified_by_id == secretariat().id
    mail = _delivered(smtp_sink, LATER)
    for address in ("buu@example.dk", "oeu@example.dk", "kfu@example.dk"):
        decided = [t for t in map(_text, mail[address]) if "beslutningen og høringsnotatet" in t]
        assert len(decided) == 1
        assert "BIU traf beslutning om høringen på sit møde 1. marts 2007" in decided[0]
        assert f"/hearings/public/{hearing.id}/note" in decided[0]
        public_page = f"Beslutningen på høringens offentlige side: http://127.0.0.1:5000/hearings/public/{hearing.id}\r"
        assert public_page in decided[0]


def test_a_second_sending_must_be_asked_for(db: Any, smtp_sink: SmtpSink) -> None:
    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    send_note_and_decision(hearing, actor=secretariat(), now=LATER)
    with pytest.raises(FieldInvalid) as refused:
        send_note_and_decision(hearing, actor=secretariat(), now=LATER + timedelta(days=1))
    assert refused.value.field == "again"
    again = send_note_and_decision(
        hearing, actor=secretariat(), now=LATER + timedelta(days=1), again=True
    )
    assert again.parties_notified_at == LATER + timedelta(days=1)
    mail = _delivered(smtp_sink, LATER + timedelta(days=1))
    decided = [t for t in map(_text, mail["buu@example.dk"]) if "beslutningen og" in t]
    assert len(decided) == 2
    sent = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "hearing.parties_notified")
    ).all()
    assert len(sent) == 2 and all(e.actor_id == secretariat().id for e in sent)


def test_the_note_and_decision_cannot_be_sent_before_the_decision(db: Any) -> None:
    hearing, _groups = _prepared()
    with pytest.raises(ValidationFailed):
        send_note_and_decision(hearing, actor=secretariat(), now=LATER)
