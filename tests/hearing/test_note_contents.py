"""The hearing note's contents: question 1 summed up per goal, and the note dated and signed."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from tests.factories import commit
from tests.hearing.consolidation_factories import consolidating_hearing
from tests.pdf_structure import assert_tagged_pdf
from tests.web import login, text_of


def test_the_note_sums_up_question_1_per_goal_and_is_dated_and_signed(
    db: Any, client: FlaskClient
) -> None:
    hearing = consolidating_hearing()  # BUU, ØU and IR: A1-M1 covered, A2-M1 not covered
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/note"))
    assert "Spørgsmål 1: dækning pr. mål" in page
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(A\d-M\d)[^<]*.*?</tr>", page, re.S)
    assert "A1-M1" in rows and "A2-M1" in rows
    a1 = re.search(r'<th scope="row">A1-M1.*?</tr>', page, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", a1) == ["3", "0", "0", "0"]
    a2 = re.search(r'<th scope="row">A2-M1.*?</tr>', page, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", a2) == ["0", "0", "3", "0"]
    signature = page[page.index('class="note-signature"') :]
    assert "Kontorchef" in signature and "Københavns Kommune" in signature


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_committee_gets_a_closed_annex_with_the_confidential_parts(
    db: Any, client: FlaskClient
) -> None:
    hearing = consolidating_hearing()  # ØU's proposal is confidential ("Drøftes i lukket møde")
    commit()
    url = f"/hearings/{hearing.id}/note/closed-annex.pdf"
    assert client.get(url).status_code in (302, 401, 403)  # not public
    login(client, "sek@example.dk")
    assert url in text_of(client.get(f"/hearings/{hearing.id}/note"))
    answer = client.get(url)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert "no-store" in answer.headers["Cache-Control"]
    assert_tagged_pdf(answer.get_data(), lang="da")
    text = _pdf_text(answer.get_data())
    assert "Ledigheden halveres inden 2010" in text and "Drøftes i lukket møde" in text
    assert "Fortroligt" in text


def test_no_remarks_is_said_once_not_twice(db: Any, client: FlaskClient) -> None:
    hearing = consolidating_hearing()  # TMU has no remarks
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/note"))
    assert "Ingen bemærkninger" in page
    assert "(ingen bemærkninger)" not in page
