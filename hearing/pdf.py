"""The hearing's PDF documents, rendered by :mod:`core.pdf` from plain values: the letter,
and the overview table of the consulted version (annex 1)."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import datetime
from typing import Any

from flask import current_app
from werkzeug.wrappers import Response

from barometer.pdf import overview_pdf as barometer_overview_pdf
from barometer.queries import load_version_tree, version_snapshot
from core.clock import utcnow
from core.i18n import current_locale
from core.pdf import pdf_response, render_pdf
from hearing.models import Hearing
from hearing.models.responses import ResponseVersion
from hearing.queries import responses as rq
from hearing.queries.hearings import Letter, letter_of
from hearing.services.response_guard import effective_deadline

LETTER_TEMPLATE = "hearing/pdf/letter.html"


def letter_context(letter: Letter) -> dict[str, object]:
    return {
        "letter": asdict(letter),
        "municipality": current_app.config["MUNICIPALITY_NAME"],
    }


def letter_pdf(hearing: Hearing, *, lang: str, now: datetime) -> bytes:
    from flask_babel import force_locale

    with force_locale(lang):  # the annex titles are translated while the letter is built
        letter = letter_of(hearing, lang, now)
    # A draft hearing's letter is a preview: every page says so.
    values = letter_context(letter) | {"draft": hearing.is_draft}
    return render_pdf(LETTER_TEMPLATE, values, lang=lang)


def letter_filename(hearing: Hearing, lang: str) -> str:
    word = "hoeringsbrev" if lang == "da" else "hearing-letter"
    return f"{word}-{re.sub(r'[^A-Za-z0-9]+', '-', hearing.reference).strip('-')}.pdf"


def letter_response(hearing: Hearing) -> Response:
    lang = current_locale()
    data = letter_pdf(hearing, lang=lang, now=utcnow())
    return pdf_response(data, letter_filename(hearing, lang))


def overview_pdf(hearing: Hearing) -> bytes:
    """The overview table of exactly the consulted version (locked while in hearing)."""
    version = load_version_tree(hearing.version_id)
    if version is None:
        raise LookupError(f"Catalogue version {hearing.version_id} is missing.")
    return barometer_overview_pdf(version_snapshot(version), current_locale())


def receipt_context(hearing: Hearing, version: ResponseVersion) -> dict[str, Any]:
    """The plain values of a submitted version's receipt (page and PDF)."""
    catalogue = rq.catalogue_of(hearing)
    return {
        "hearing_id": hearing.id,
        "reference": hearing.reference,
        "title": hearing.title,
        "version": rq.version_dict(version, public=False),
        "goals": rq.goal_index(catalogue),
        "indicators": rq.indicator_index(catalogue),
        "deadline": effective_deadline(version.response),
    }


def receipt_pdf(hearing: Hearing, version: ResponseVersion, *, lang: str) -> bytes:
    return render_pdf("hearing/pdf/receipt.html", receipt_context(hearing, version), lang=lang)


def receipt_filename(version: ResponseVersion) -> str:
    return f"kvittering-{version.receipt_number}.pdf"
