"""The hearing letter as a Word document (.docx), from the same plain values as its PDF
(:func:`hearing.queries.hearings.letter_of`, the PDF's ``letter_context``), in the same
order. Rendered on request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from docx.document import Document as DocxDocument
from flask_babel import force_locale
from flask_babel import gettext as _

from core.i18n import datetime_with_zone, local_date
from core.word import add_markdown, add_table, docx_bytes, new_document, xml_safe
from hearing.models import Hearing
from hearing.pdf import letter_context, letter_filename
from hearing.queries.hearings import letter_of


def letter_docx(hearing: Hearing, *, lang: str, now: datetime) -> bytes:
    with force_locale(lang):
        values = xml_safe(letter_context(letter_of(hearing, lang, now)))
        return docx_bytes(
            _letter(values["letter"], values["municipality"], lang, draft=hearing.is_draft)
        )


def letter_docx_filename(hearing: Hearing, lang: str) -> str:
    return letter_filename(hearing, lang).removesuffix(".pdf") + ".docx"


def _letter(letter: dict[str, Any], municipality: str, lang: str, *, draft: bool) -> DocxDocument:
    doc = new_document(
        lang=lang,
        title=letter["title"],
        header=f"{municipality} · {letter['reference']}",
        footer=f"{municipality} · {letter['issuing_body']}",
    )
    if draft:
        mark = doc.add_paragraph()
        mark.add_run(
            _("DRAFT – a preview of the letter. It is dated and sent when the hearing is issued.")
        ).bold = True
    doc.add_paragraph(f"{municipality}\n{letter['issuing_body']}\n{letter['reply_body']}")
    add_table(
        doc,
        (_("Date"), _("Case reference")),
        [(local_date(letter["letter_date"]), letter["reference"])],
    )
    doc.add_heading(letter["title"], level=1)
    add_markdown(doc, letter["letter_text"], top_level=2)
    doc.add_paragraph(_("We ask you to answer these questions:"))
    for question in letter["questions"]:
        doc.add_paragraph(question["text"], style="List Number")
    doc.add_paragraph(
        _(
            "Please send your response to %(recipient)s by %(deadline)s at the latest.",
            recipient=letter["reply_body"],
            deadline=datetime_with_zone(letter["deadline"]),
        )
    )
    if letter["contact_name"] or letter["contact_email"]:
        email = f" ({letter['contact_email']})" if letter["contact_email"] else ""
        doc.add_paragraph(f"{_('Contact')}: {letter['contact_name']}{email}")
    doc.add_paragraph(_("Kind regards"))
    signed = [letter["signatory"], letter["signatory_title"]]
    doc.add_paragraph("\n".join(s for s in signed if s))
    doc.add_heading(_("Annexes"), level=2)
    for annex in letter["annexes"]:
        number = _("Annex %(number)s", number=annex["number"])
        doc.add_paragraph(f"{number}: {annex['title']}", style="List Number")
    if letter["consultees"]:
        doc.add_heading(_("Hearing list"), level=2)
        add_table(
            doc, (_("Code"), _("Body")), [(code, name) for code, name in letter["consultees"]]
        )
    return doc
