"""Demo responses: the 2007 hearing answered, and a draft to continue in the open hearing.

1. ``BIU 227/2006`` predates the system, so every response in it is registered by the
   secretariat, as the letters and e-mails of early 2007 would have been: six of the seven
   bodies answered, the Integration Council among them, with coverage assessments and a
   few proposals each (several success criteria with their political decision, and two of
   them, from BUU and the Integration Council, propose the same criterion). TMU answered
   "no remarks". KFU treated the hearing in March and its answer arrived seven weeks late
   (22 March 2007): it is registered as late, with the reason it was accepted, as in the
   real precedent. SOU never answered. All texts are our own invention.
2. ``BIU 12/2026`` (open): BUU has a draft, half done, for a newcomer to continue.

Idempotent: a hearing whose responses exist is left alone.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from core.extensions import db
from core.models import User
from hearing import workflow
from hearing.demo.hearings import FIRST_REFERENCE, SECOND_REFERENCE
from hearing.models import Consultee, Hearing
from hearing.models.responses import Response
from hearing.proposals import ProposalData
from hearing.services import draft_proposals as proposals_svc
from hearing.services import response_drafts as drafts_svc
from hearing.services import response_guard as guard
from hearing.services import response_registration as registration_svc
from hearing.services.response_drafts import AssessmentData, DraftData

SECRETARIAT_EMAIL = "sekretariat@example.dk"
BUU_EMAIL = "buu@example.dk"

# The same success criterion, proposed by two bodies in their own words.
_DUPLICATE_A = ProposalData(
    kind="add_success_criterion",
    target_goal_code="UDD-M3",
    text="Mindst 85 pct. af en ungdomsårgang med anden etnisk baggrund gennemfører en "
    "ungdomsuddannelse",
    target_value="85",
    target_period="2010",
    decision_reference="BR 395/06",
    decision_date=date(2006, 6, 14),
    justification="Målsætningen står i integrationspolitikken og bør stå i kolonne 2.",
)
_DUPLICATE_B = ProposalData(
    kind="add_success_criterion",
    target_goal_code="UDD-M3",
    text="85 procent af de unge med indvandrerbaggrund skal have en ungdomsuddannelse",
    target_value="85,0",
    target_period="2010-H2",
    decision_reference="BR 395/06",
    decision_date=date(2006, 6, 14),
    justification="Rådet ønsker, at politikkens mål for uddannelse følges direkte.",
)

RESPONSES: dict[str, dict[str, Any]] = {
    "BUU": {
        "channel": "email",
        "received": (date(2007, 1, 29), time(14, 5)),
        "coverage": {
            "UDD-M1": ("covers", ""),
            "UDD-M2": ("partly", "Indikatorerne måler kun dansk og matematik i 9. klasse."),
            "UDD-M3": ("covers", ""),
            "KUL-M1": ("no_opinion", ""),
        },
        "remarks": "Udvalget finder konceptet brugbart og ser frem til den første måling.",
        "proposals": [
            _DUPLICATE_A,
            ProposalData(
                kind="change_indicator",
                target_indicator_code="UDD-04",
                text="Resultaterne bør også opgøres for 6. klasse, så udviklingen ses tidligere.",
                justification="Et mål ved skolens afslutning kommer for sent til at handle på.",
            ),
        ],
    },
    "IR": {
        "channel": "letter",
        "received": (date(2007, 1, 31), time(11, 0)),
        "coverage": {
            "BES-M1": ("partly", "Ledighed alene siger ikke noget om job på ordinære vilkår."),
            "BES-M3": ("not_covered", "Der mangler en indikator for ledere med anden baggrund."),
            "TRY-M2": ("partly", ""),
            "UDD-M3": ("covers", ""),
        },
        "remarks": "Rådet takker for inddragelsen og vil gerne drøfte barometret årligt.",
        "proposals": [
            _DUPLICATE_B,
            ProposalData(
                kind="add_indicator",
                target_goal_code="BES-M3",
                name="Andel ledere med anden etnisk baggrund i kommunen",
                definition="Ledere med ikke-vestlig baggrund i procent af alle ledere.",
                unit="percent",
                direction=1,
                source="Kommunens lønsystem",
                justification="Målet handler om hele organisationen, også ledelsen.",
            ),
            ProposalData(
                kind="add_success_criterion",
                target_goal_code="TRY-M2",
                text="Andelen, der oplever diskrimination, halveres",
                target_period="2010",
                decision_reference="BR 395/06",
                decision_date=date(2006, 6, 14),
                justification="Tryghed og ligebehandling hænger sammen.",
            ),
        ],
    },
    "SUU": {
        "channel": "letter",
        "received": (date(2007, 1, 30), time(9, 30)),
        "coverage": {
            "SUN-M1": ("partly", "Forebyggende undersøgelser dækker ikke voksne."),
            "SUN-M2": ("covers", ""),
        },
        "remarks": "",
        "proposals": [
            ProposalData(
                kind="add_success_criterion",
                target_indicator_code="SUN-01",
                text="Deltagelsen i børneundersøgelser skal være på niveau med øvrige børn",
                target_period="2009-H2",
                decision_reference="SUU 45/2006",
                decision_date=date(2006, 9, 20),
                justification="Udvalget vedtog målet i sin sundhedspolitik.",
            ),
        ],
    },
    "ØU": {
        "channel": "letter",
        "received": (date(2007, 2, 1), time(15, 45)),
        "coverage": {
            "BES-M3": ("partly", "Kommunens egne tal bør fremgå af barometret."),
            "BOL-M1": ("no_opinion", ""),
        },
        "remarks": "Økonomiudvalget har ingen yderligere bemærkninger til oversigtsskemaet.",
        "proposals": [
            ProposalData(
                kind="other",
                target_goal_code="BES-M3",
                text="Barometret bør vise, hvordan tallene for kommunen som arbejdsplads "
                "udvikler sig i hver forvaltning.",
                justification="Det gør det muligt at følge op i den enkelte forvaltning.",
            ),
        ],
    },
    "TMU": {"channel": "letter", "received": (date(2007, 1, 25), time(10, 0)), "no_remarks": True},
    "KFU": {
        "channel": "letter",
        # Seven weeks after the deadline: treated on 1 and 22 March 2007.
        "received": (date(2007, 3, 22), time(16, 0)),
        "late_reason": "Udvalget kunne først behandle høringen på sine møder den 1. og 22. "
        "marts 2007 (KFU 113/2007 og KFU 160/2007). Svaret er taget med, fordi "
        "konsolideringen endnu ikke var afsluttet.",
        "coverage": {
            "KUL-M1": ("partly", "Foreningsdeltagelse bør måles for piger og drenge hver for sig."),
            "KUL-M2": ("not_covered", "Besøgstal siger ikke, hvem der kommer."),
        },
        "remarks": "Udvalget beklager, at svaret kommer efter fristen.",
        "proposals": [
            ProposalData(
                kind="add_success_criterion",
                target_goal_code="KUL-M1",
                text="Deltagelsen i foreningslivet for børn med anden etnisk baggrund øges "
                "med 10 procentpoint",
                target_value="10",
                target_period="2010",
                decision_reference="KFU 160/2007",
                decision_date=date(2007, 3, 22),
                justification="Udvalget vedtog målet på mødet den 22. marts 2007.",
            ),
            ProposalData(
                kind="remove_indicator",
                target_indicator_code="KUL-04",
                justification="Indikatoren kan ikke opgøres på etnisk baggrund i dag.",
            ),
        ],
    },
}

# Who signed each scanned letter (invented people): personal data, erased with the scans
# when the hearing's retention date has passed (docs/privacy.md).
SIGNED_BY = {
    "BUU": "Birthe Bønnelykke, formand",
    "IR": "Ibrahim Aydemir, formand",
    "SUU": "Susanne Lindholm, formand",
    "ØU": "Øjvind Kragh, overborgmester",
    "TMU": "Torben Mølgaard, formand",
    "KFU": "Karen Fogh, formand",
}

BUU_DRAFT = DraftData(
    general_remarks="Udvalget drøfter udkastet på næste møde. (Kladde – skriv videre.)",
    assessments=(
        AssessmentData("UDD-M1", "covers", "Sprogvurderingen ved skolestart er et godt mål."),
        AssessmentData("UDD-M2", "partly", ""),
    ),
)
BUU_DRAFT_PROPOSAL = ProposalData(
    kind="add_success_criterion",
    target_goal_code="UDD-M1",
    text="Alle tosprogede børn sprogvurderes ved 3 år",
    target_period="2027",
    decision_reference="BUU 77/2025",
    decision_date=date(2025, 11, 12),
    justification="Udvalget vedtog målet i børne- og ungepolitikken. (Demotekst.)",
)


def _hearing(reference: str) -> Hearing | None:
    return db.session.scalar(select(Hearing).where(Hearing.reference == reference))


def _consultee(hearing: Hearing, code: str) -> Consultee:
    found = next((c for c in hearing.consultees if c.body.code == code), None)
    if found is None:
        raise LookupError(f"{code} is not on the demo hearing's list.")
    return found


def _has_responses(hearing: Hearing) -> bool:
    return (
        db.session.scalar(select(Response.id).where(Response.hearing_id == hearing.id).limit(1))
        is not None
    )


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        raise LookupError(f"The demo user {email} is missing.")
    return user


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_letter_pdf(title: str, signed_by: str = "") -> bytes:
    """A one-page PDF standing in for a scanned letter (text in WinAnsi, Danish letters too),
    signed by ``signed_by`` when given, as a real letter is."""
    stream = f"BT /F1 14 Tf 72 760 Td ({_pdf_text(title)}) Tj 0 -24 Td (Demo: indscannet brev) Tj"
    if signed_by:
        stream += f" 0 -48 Td (Med venlig hilsen) Tj 0 -18 Td ({_pdf_text(signed_by)}) Tj"
    stream += " ET"
    body = stream.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(body)).encode() + b" >>\nstream\n" + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def _registration(code: str, spec: dict[str, Any]) -> registration_svc.RegistrationData:
    received = workflow.deadline_from_local(*spec["received"])
    coverage = spec.get("coverage", {})
    return registration_svc.RegistrationData(
        channel=spec["channel"],
        received_at=received,
        scan=demo_letter_pdf(f"Høringssvar fra {code}", SIGNED_BY.get(code, "")),
        scan_filename=f"hoeringssvar-{code.lower().replace('ø', 'oe')}.pdf",
        general_remarks=spec.get("remarks", ""),
        no_remarks=bool(spec.get("no_remarks")),
        accepted_reason=spec.get("late_reason", ""),
        assessments=tuple(
            AssessmentData(goal, value, comment) for goal, (value, comment) in coverage.items()
        ),
        proposals=tuple(spec.get("proposals", ())),
    )


def load_first_responses(data: dict[str, Any], now: datetime) -> None:
    hearing = _hearing(FIRST_REFERENCE)
    if hearing is None or _has_responses(hearing):
        return
    secretariat = _user(SECRETARIAT_EMAIL)
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    max_bytes = int(current_app.config["UPLOAD_MAX_BYTES"])
    for code, spec in sorted(RESPONSES.items(), key=lambda item: item[1]["received"]):
        registration = _registration(code, spec)
        # Registered the working day after it arrived (the late one the same evening).
        registered = workflow.deadline_from_local(spec["received"][0], time(17, 0))
        registration_svc.register_response(
            _consultee(hearing, code),
            registration,
            actor=secretariat,
            now=max(registered, registration.received_at),
            folder=folder,
            max_bytes=max_bytes,
            notify=False,  # the demo has no mail server, and 2007 is long gone
        )


def load_open_draft(data: dict[str, Any], now: datetime) -> None:
    hearing = _hearing(SECOND_REFERENCE)
    if hearing is None or _has_responses(hearing):
        return
    response = drafts_svc.ensure_response(_consultee(hearing, "BUU"), now=now)
    if guard.answer_refusal(response, now) is not None:
        return
    author = _user(BUU_EMAIL)
    drafts_svc.save_draft(
        response, BUU_DRAFT, actor=author, now=now, expected_version=response.edit_version
    )
    proposals_svc.add_proposal(response, BUU_DRAFT_PROPOSAL, actor=author, now=now)
