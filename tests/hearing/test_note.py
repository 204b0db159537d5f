"""The hearing note: page and PDF (text extracted with pypdf), staff and public versions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from hearing.queries.consolidation import groups_of
from hearing.services import consolidation as svc
from hearing.services import recommendations
from hearing.services.note_versions import request_note
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER, consolidating_hearing, recommend
from tests.hearing.factories import secretariat
from tests.pdf_structure import assert_tagged_pdf
from tests.web import login, text_of

CONFIDENTIAL = "Ledigheden halveres inden 2010"


def _pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.fixture
def final(db: Any) -> Any:
    hearing = consolidating_hearing()
    outcomes = ["accept", "reject", "out_of_scope", "accept", "reject"]
    for group, outcome in zip(groups_of(hearing), outcomes, strict=True):
        recommend(hearing, group, outcome, administration_comment=f"Bemærkning {group.id}")
    recommendations.set_summary(
        hearing,
        "A1",
        "Udvalgene ønsker mål for ledigheden.",
        expected_revision=0,
        actor=secretariat(),
        now=LATER,
    )
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    request_note(hearing, actor=secretariat(), now=LATER)
    commit()  # the render job runs after the commit (in-process: no REDIS_URL in tests)
    return hearing


def test_the_note_pdf_lists_every_body_with_its_outcome_and_every_recommendation(
    client: FlaskClient, final: Any
) -> None:
    login(client, "sek@example.dk")
    response = client.get(f"/hearings/{final.id}/note.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert_tagged_pdf(response.data, lang="da")
    text = _pdf_text(response.data)
    assert "Side 1 af" in text and "Høringsnotat" in text
    for code in ("ØU", "BUU", "IR", "KFU", "TMU"):
        assert code in text
    for outcome in ("Har svaret", "Ingen bemærkninger", "Har ikke svaret"):
        assert outcome in text
    for label in ("Tiltrædes", "Afvises", "Uden for høringens emne"):
        assert label in text
    assert "Udvalgene ønsker mål for ledigheden." in text
    assert CONFIDENTIAL in text  # the secretariat's note has every part


def test_the_public_note_leaves_out_confidential_parts(client: FlaskClient, final: Any) -> None:
    response = client.get(f"/hearings/public/{final.id}/note.pdf")
    assert response.status_code == 200
    assert_tagged_pdf(response.data, lang="da")
    text = _pdf_text(response.data)
    assert CONFIDENTIAL not in text and "Drøftes i lukket møde" not in text
    assert "Side 1 af" in text and "Mindst 60 % i 2010" in text
    page = text_of(client.get(f"/hearings/public/{final.id}/note"))
    assert CONFIDENTIAL not in page and "Mindst 60 % i 2010" in page


def test_the_public_note_is_not_there_before_the_note_is_final(
    client: FlaskClient, db: Any
) -> None:
    hearing = consolidating_hearing()
    commit()
    assert client.get(f"/hearings/public/{hearing.id}/note").status_code == 404
    assert client.get(f"/hearings/public/{hearing.id}/note.pdf").status_code == 404


def test_a_non_public_hearing_has_no_public_note(client: FlaskClient, db: Any) -> None:
    hearing = consolidating_hearing(public=False)
    for group in groups_of(hearing):
        recommend(hearing, group, "reject")
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    commit()
    assert client.get(f"/hearings/public/{hearing.id}/note").status_code == 404


@pytest.mark.parametrize("email", ["buu@example.dk", None])
def test_only_the_secretariat_reads_the_full_note(
    client: FlaskClient, final: Any, email: str | None
) -> None:
    if email:
        login(client, email)
    for path in (f"/hearings/{final.id}/note", f"/hearings/{final.id}/note.pdf"):
        assert client.get(path).status_code in (302, 403)


def test_the_note_page_shows_its_version(client: FlaskClient, final: Any) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{final.id}/note"))
    assert "Høringsnotat, version 1" in page and "endeligt" in page


def test_finalising_through_the_page_stores_the_public_pdf_by_a_job(
    client: FlaskClient, db: Any
) -> None:
    import hashlib

    from hearing.queries.consolidation import latest_note
    from tests.web import post

    hearing = consolidating_hearing()
    for group in groups_of(hearing):
        recommend(hearing, group, "reject")
    commit()
    login(client, "sek@example.dk")
    response = post(client, f"/hearings/{hearing.id}/consolidation/finalise")
    assert response.status_code == 302
    db.session.expire_all()
    note = latest_note(hearing)
    assert note is not None and note.finalised and note.stored_name and note.sha256
    pdf = client.get(f"/hearings/public/{hearing.id}/note.pdf")
    assert pdf.status_code == 200 and hashlib.sha256(pdf.data).hexdigest() == note.sha256
    assert CONFIDENTIAL not in _pdf_text(pdf.data)


def test_changed_content_is_told_in_the_catalogue_s_words(client: FlaskClient, db: Any) -> None:
    hearing = consolidating_hearing()
    group = next(g for g in groups_of(hearing) if g.proposal_kind == "add_success_criterion")
    recommend(
        hearing,
        group,
        "accept_with_changes",
        changed_content={"text": "Flere i job inden 2010", "target_value": "90"},
    )
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/note"))
    assert "Målværdi: 90" in page and "Succeskriterium: Flere i job inden 2010" in page
    assert "target_value" not in page
