"""The published editions as an Atom feed; a draft never appears (``published_list``)."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from barometer.editions.public_site import published_list
from core.feeds import Entry
from core.routing import external_url


def _edition_url(edition_id: int, lang: str) -> str:
    extra = {"lang": lang} if lang != "da" else {}
    return external_url("barometer.public_edition", edition_id=edition_id, **extra)


def entries(lang: str) -> list[Entry]:
    found = []
    with force_locale(lang):
        for edition in published_list():
            title = edition.title(lang)
            if edition.corrects_edition_id is not None:
                reason = (
                    lang == "en" and edition.correction_reason_en
                ) or edition.correction_reason
                title = _("Correction: %(title)s", title=title)
                summary = reason
            else:
                summary = _("A new edition of the integration barometer has been published.")
            found.append(
                Entry(
                    external_url("barometer.public_edition", edition_id=edition.id),
                    title,
                    _edition_url(edition.id, lang),
                    edition.published_at,
                    summary,
                )
            )
    return found
