"""Mail along the hearing's course, delivered to a real SMTP sink: the secretariat hears of
submissions and withdrawals; the parties hear when the hearing closes and when the decision
and the note are out."""

from __future__ import annotations

from typing import Any

from core.mail import send_due_emails
from hearing.services import response_versions as versions_svc
from hearing.services import transitions
from hearing.services.decision import record_decision
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


def test_the_parties_hear_of_the_decision_and_the_note(db: Any, smtp_sink: SmtpSink) -> None:
    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    mail = _delivered(smtp_sink, LATER)
    for address in ("buu@example.dk", "oeu@example.dk", "kfu@example.dk"):
        decided = [t for t in map(_text, mail[address]) if "beslutningen og høringsnotatet" in t]
        assert len(decided) == 1
        assert "BIU traf beslutning om høringen på sit møde 1. marts 2007" in decided[0]
        assert f"/hearings/public/{hearing.id}/note" in decided[0]
