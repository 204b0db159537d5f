"""The hearing note and the hearing letter as Word documents, read back with python-docx:
real headings and tables, page numbers in the footer, the language, the confidential parts
only in the secretariat's note."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from flask.testing import FlaskClient
from pypdf import PdfReader

from core.word import DOCX_MIMETYPE
from hearing.queries.consolidation import groups_of
from hearing.services import consolidation as svc
from hearing.services import recommendations
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER, consolidating_hearing, recommend
from tests.hearing.factories import FUTURE, make_hearing, make_issued, secretariat
from tests.web import login, post, text_of

CONFIDENTIAL = "Ledigheden halveres inden 2010"


@pytest.fixture
def final(db: Any) -> Any:
    hearing = consolidating_hearing()
    outcomes = ["accept", "reject", "out_of_scope", "accept", "reject"]
    for group, outcome in zip(groups_of(hearing), outcomes, strict=True):
        recommend(hearing, group, outcome, administration_comment=f"Bemærkning {group.id}")
    recommendations.set_summary(
        hearing, "A1", "Udvalgene ønsker mål.", expected_revision=0, actor=secretariat(), now=LATER
    )
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    commit()
    return hearing


def _open(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def _headings(doc: DocxDocument) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]


def _text(doc: DocxDocument) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def _rows(doc: DocxDocument, first_header: str) -> list[list[str]]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first_header)
    return [[c.text for c in row.cells] for row in table.rows]


def _language(doc: DocxDocument) -> str:
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    return str(lang.get(qn("w:val")))


def _footer_fields(doc: DocxDocument) -> list[str]:
    footer = doc.sections[0].footer._element
    return [" ".join((i.text or "").split()) for i in footer.iter(qn("w:instrText"))]


def test_the_secretariat_s_note_has_headings_the_hearing_list_and_every_recommendation(
    client: FlaskClient, final: Any
) -> None:
    login(client, "sek@example.dk")
    response = client.get(f"/hearings/{final.id}/note.docx")
    assert response.status_code == 200 and response.mimetype == DOCX_MIMETYPE
    disposition = response.headers["Content-Disposition"]
    assert "attachment" in disposition and "hoeringsnotat-" in disposition
    assert disposition.endswith(".docx")
    assert "no-store" in response.headers["Cache-Control"]
    doc = _open(response.data)
    headings = _headings(doc)
    assert headings[0][0] == "Heading 1" and headings[0][1].startswith("Høringsnotat: ")
    for title in ("Høringsliste", "Forslag og indstillinger", "Bilag: de offentlige høringssvar"):
        assert ("Heading 2", title) in headings
    assert any(style == "Heading 3" for style, _ in headings)
    hearing_list = _rows(doc, "Part")
    assert hearing_list[0] == ["Part", "Har svaret", "Udfald"]
    outcomes = {row[0].split(" – ")[0]: row[2] for row in hearing_list[1:]}
    assert set(outcomes) == {c.body.code for c in final.consultees}
    assert {"Har svaret", "Ingen bemærkninger", "Har ikke svaret"} <= set(outcomes.values())
    proposals = _rows(doc, "Vedrører")
    assert len(proposals) == 1 + len(groups_of(final))
    assert proposals[0] == ["Vedrører", "Forslag", "Indstilling", "Begrundelse"]
    labels = {"accept": "Tiltrædes", "reject": "Afvises", "out_of_scope": "Uden for høringens emne"}
    outcomes = [str(g.recommendation.outcome) for g in groups_of(final) if g.recommendation]
    expected = sorted(labels[o] for o in outcomes)
    assert sorted(row[2] for row in proposals[1:]) == expected
    text = _text(doc)
    assert "Udvalgene ønsker mål." in text
    assert CONFIDENTIAL in text  # the secretariat's note has every part
    assert _footer_fields(doc) == ["PAGE", "NUMPAGES"]
    assert _language(doc) == "da-DK" and doc.core_properties.language == "da-DK"


def test_the_public_note_leaves_out_exactly_the_confidential_parts(
    client: FlaskClient, final: Any
) -> None:
    response = client.get(f"/hearings/public/{final.id}/note.docx")
    assert response.status_code == 200 and response.mimetype == DOCX_MIMETYPE
    text = _text(_open(response.data))
    assert CONFIDENTIAL not in text and "Drøftes i lukket møde" not in text
    assert "Mindst 60 % i 2010" in text and "Indholdet er fortroligt" in text
    assert "Udvalgene ønsker mål." not in text  # derived from a confidential part, as the PDF
    page = text_of(client.get(f"/hearings/public/{final.id}/note"))
    assert f"/hearings/public/{final.id}/note.docx" in client.get(
        f"/hearings/public/{final.id}/note"
    ).get_data(as_text=True)
    assert CONFIDENTIAL not in page


def test_the_word_note_follows_the_language_and_only_the_secretariat_gets_the_full_one(
    client: FlaskClient, final: Any
) -> None:
    assert client.get(f"/hearings/{final.id}/note.docx").status_code == 302
    member = client.application.test_client()
    login(member, "buu@example.dk")
    assert member.get(f"/hearings/{final.id}/note.docx").status_code == 403
    login(client, "sek@example.dk")
    page = client.get(f"/hearings/{final.id}/note").get_data(as_text=True)
    assert f"/hearings/{final.id}/note.docx" in page
    post(client, "/language", {"locale": "en"})
    doc = _open(client.get(f"/hearings/{final.id}/note.docx").data)
    assert ("Heading 2", "Hearing list") in _headings(doc)
    assert _rows(doc, "Body")[0] == ["Body", "Answered", "Outcome"]
    assert _language(doc) == "en-GB"


def test_the_letter_as_word_has_the_questions_the_deadline_and_the_hearing_list(
    client: FlaskClient, db: Any
) -> None:
    hearing = make_issued(codes=("BUU", "IR"), deadline=FUTURE)
    commit()
    login(client, "buu@example.dk")
    assert f"/hearings/{hearing.id}/letter.docx" in client.get(
        f"/hearings/{hearing.id}/letter"
    ).get_data(as_text=True)
    response = client.get(f"/hearings/{hearing.id}/letter.docx")
    assert response.status_code == 200 and response.mimetype == DOCX_MIMETYPE
    assert "hoeringsbrev-" in response.headers["Content-Disposition"]
    doc = _open(response.data)
    headings = _headings(doc)
    assert headings[0] == ("Heading 1", hearing.title)
    assert ("Heading 2", "Bilag") in headings and ("Heading 2", "Høringsliste") in headings
    text = _text(doc)
    assert "Dækker indikatorerne indsatsen i forhold til målene?" in text
    assert "Send venligst jeres høringssvar til" in text
    assert "Bilag 1: Oversigtsskema med mål, indikatorer og succeskriterier" in text
    codes = [row[0] for row in _rows(doc, "Kode")[1:]]
    assert codes == ["BUU", "IR"]
    assert _footer_fields(doc) == ["PAGE", "NUMPAGES"]
    post(client, "/language", {"locale": "en"})
    english = client.get(f"/hearings/public/{hearing.id}/letter.docx")
    assert "hearing-letter-" in english.headers["Content-Disposition"]
    assert ("Heading 2", "Hearing list") in _headings(_open(english.data))


def test_the_letter_s_markdown_becomes_word_headings_and_lists_and_pasted_breaks_are_kept_out(
    client: FlaskClient, db: Any
) -> None:
    """A manual line break pasted from Word (U+000B) cannot be stored in a document's XML."""
    text = "## Baggrund\n\nLinje ét\x0bLinje to\n\n- et punkt med **vægt**"
    hearing = make_hearing(letter_text=text)
    commit()
    login(client, "sek@example.dk")
    response = client.get(f"/hearings/{hearing.id}/letter.docx")
    assert response.status_code == 200
    doc = _open(response.data)
    assert ("Heading 2", "Baggrund") in _headings(doc)
    paragraphs = {p.text: p for p in doc.paragraphs}
    assert "Linje ét Linje to" in paragraphs
    item = paragraphs["et punkt med vægt"]
    assert item.style is not None and item.style.name == "List Bullet"
    assert [run.text for run in item.runs if run.bold] == ["vægt"]
    assert doc.paragraphs[0].text.startswith("UDKAST")  # a draft's letter says so


def _outline(data: bytes) -> list[tuple[int, str]]:
    """The PDF's bookmarks (made from its headings): level and title, in reading order."""
    found: list[tuple[int, str]] = []

    def walk(items: Any, level: int) -> None:
        for item in items:
            found.append((level, " ".join(str(item.title).split())))
            walk(item.children, level + 1)

    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        walk(outline.root, 1)
    return found


@pytest.mark.parametrize("public", [False, True])
def test_the_word_note_has_the_pdf_s_headings_and_proposals_in_the_same_order(
    client: FlaskClient, final: Any, public: bool
) -> None:
    login(client, "sek@example.dk")
    base = f"/hearings/public/{final.id}/note" if public else f"/hearings/{final.id}/note"
    pdf, word = client.get(base + ".pdf"), client.get(base + ".docx")
    assert pdf.status_code == 200 and word.status_code == 200
    doc = _open(word.data)
    headings = [(int(style.rsplit(" ", 1)[1]), " ".join(t.split())) for style, t in _headings(doc)]
    assert headings == _outline(pdf.data)
    # The proposals' texts come in the same order in both documents.
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split()
    )
    proposals = [" ".join(row[1].split()) for row in _rows(doc, "Vedrører")[1:]]
    shown = [p for p in proposals if p and p in text]
    assert len(shown) >= 3
    assert shown == sorted(shown, key=text.index)


def test_the_word_letter_has_the_pdf_s_headings_in_the_same_order(
    client: FlaskClient, db: Any
) -> None:
    hearing = make_hearing(letter_text="## Baggrund\n\nTekst.\n\n## Spørgsmål til jer\n\n- et")
    commit()
    login(client, "sek@example.dk")
    pdf = client.get(f"/hearings/{hearing.id}/letter.pdf")
    word = client.get(f"/hearings/{hearing.id}/letter.docx")
    assert pdf.status_code == 200 and word.status_code == 200
    headings = [
        (int(style.rsplit(" ", 1)[1]), " ".join(t.split()))
        for style, t in _headings(_open(word.data))
    ]
    assert headings == _outline(pdf.data)
