"""Public pages (no log-in): issued public hearings with letter, questions, deadline,
hearing list and annexes. A draft or non-public hearing is a 404 here."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from core import feeds
from core.clock import utcnow
from core.i18n import current_locale
from core.routing import external_url
from hearing import permissions
from hearing.blueprint import bp
from hearing.forms.consolidation import (
    RECOMMENDATION_LABELS,
    RESULT_LABELS,
    decision_result_label,
)
from hearing.models import Hearing
from hearing.queries import feed
from hearing.queries import hearings as queries
from hearing.views.api_outcome import outcome_of
from hearing.views.common import annex_of, load_or_404, send_annex


def _public_or_404(hearing_id: int) -> Hearing:
    hearing = load_or_404(hearing_id)
    if not permissions.is_public_hearing(hearing):
        abort(404)
    return hearing


@bp.get("/public/")
def public_index() -> str:
    return render_template("hearing/public_index.html", hearings=queries.public_hearings())


@bp.get("/public/<id:hearing_id>")
def public_show(hearing_id: int) -> str:
    hearing = _public_or_404(hearing_id)
    now = utcnow()
    outcome = outcome_of(hearing)
    return render_template(
        "hearing/public.html",
        hearing=hearing,
        letter=queries.letter_of(hearing, current_locale(), now),
        rows=queries.consultee_rows(hearing, now),
        outcome=outcome,
        meeting_date=date.fromisoformat(outcome["decision"]["meeting_date"]) if outcome else None,
        recommendation_labels=RECOMMENDATION_LABELS,
        result_labels=RESULT_LABELS,
        result_label=decision_result_label,
    )


@bp.get("/public/<id:hearing_id>/letter.pdf")
def public_letter_pdf(hearing_id: int) -> Response:
    hearing = _public_or_404(hearing_id)
    from hearing.pdf import letter_response

    return letter_response(hearing)


@bp.get("/public/<id:hearing_id>/annexes/<id:annex_id>")
def public_annex(hearing_id: int, annex_id: int) -> Response:
    hearing = _public_or_404(hearing_id)
    return send_annex(hearing, annex_of(hearing, annex_id))


@bp.get("/public/feed.atom")
def public_feed() -> Response:
    """News of public hearings as an Atom feed, in the language of ``?lang=``."""
    lang = feeds.feed_language()
    with force_locale(lang):
        title = _(
            "Public hearings – %(municipality)s",
            municipality=current_app.config["MUNICIPALITY_NAME"],
        )
    document = feeds.atom(
        feed_id=external_url("hearing.public_feed"),
        title=title,
        self_url=external_url("hearing.public_feed", lang=lang),
        page_url=external_url("hearing.public_index"),
        lang=lang,
        entries=feed.entries(lang),
        empty_updated=utcnow(),
    )
    return feeds.atom_response(document)
