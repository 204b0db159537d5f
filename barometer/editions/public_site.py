"""The public barometer site: pages rendered from published snapshots.

Pages are rendered only from stored snapshots (never from the live catalogue or
measurements) and in the language the URL names (``?lang=en``; Danish otherwise), so
the bytes of a page depend on nothing else and can be stored
(:mod:`barometer.editions.public_cache`).

:class:`Links` builds every link of a page: as application URLs when serving, as
relative file paths when :mod:`barometer.editions.export` writes the static site.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import render_template, url_for
from flask_babel import force_locale
from sqlalchemy import select

from barometer.editions import presenter as ev
from barometer.editions.catalogue_change import catalogue_change
from barometer.editions.category_views import views_for
from barometer.editions.comparison_views import compare_series
from barometer.models import Edition, EditionState, MeasurementPeriod
from barometer.period import Period
from barometer.status import DEFAULT_PARAMETERS, NOT_AN_EVALUATION
from core.extensions import db

LANGS = ("da", "en")


# -- links -------------------------------------------------------------------------------------


class Links:
    """Application URLs (``?lang=en`` for English)."""

    export = False

    def __init__(self, lang: str, available: set[int] | None = None) -> None:
        self.lang = lang
        self.available = available  # the editions that may be linked (None: all)

    def can_link(self, edition_id: int) -> bool:
        return self.available is None or edition_id in self.available

    def _q(self, lang: str | None = None) -> dict[str, Any]:
        lang = lang or self.lang
        return {"lang": lang} if lang != "da" else {}

    def index(self, lang: str | None = None) -> str:
        return url_for("barometer.public_index", **self._q(lang))

    def archive(self, lang: str | None = None) -> str:
        return url_for("barometer.public_archive", **self._q(lang))

    def compare_form(self) -> str:
        return url_for("barometer.public_compare")

    def edition(self, edition_id: int, lang: str | None = None) -> str:
        return url_for("barometer.public_edition", edition_id=edition_id, **self._q(lang))

    def indicator(self, edition_id: int, code: str, lang: str | None = None) -> str:
        return url_for(
            "barometer.public_indicator", edition_id=edition_id, code=code, **self._q(lang)
        )

    def compare(self, a: int, b: int, lang: str | None = None) -> str:
        return url_for("barometer.public_compare", a=a, b=b, **self._q(lang))

    def embed(self, code: str, lang: str | None = None) -> str:
        return url_for("barometer.public_embed", code=code, **self._q(lang))

    def chart_files(
        self, edition_id: int, code: str, query: Mapping[str, Any] | None = None
    ) -> dict[str, str] | None:
        """The downloads of an indicator's chart and its table (none in the static export);
        ``query``: the chosen breakdown's (with the language)."""
        q = dict(query) if query is not None else self._q()
        return {
            fmt: url_for("barometer.public_chart_file", edition_id=edition_id, code=code,
                         fmt=fmt, **q)
            for fmt in ("csv", "xlsx", "svg", "png")
        }  # fmt: skip

    def embed_choice(self, code: str, query: Mapping[str, Any]) -> str:
        return url_for("barometer.public_embed", code=code, **query)

    def indicator_choice(self, edition_id: int, code: str, query: Mapping[str, Any]) -> str:
        return url_for("barometer.public_indicator", edition_id=edition_id, code=code, **query)

    def report(self, edition_id: int) -> str:
        return url_for("barometer.public_report", edition_id=edition_id, **self._q())

    def workbook(self, edition_id: int) -> str:
        return url_for("barometer.public_workbook", edition_id=edition_id, **self._q())

    def data(self, edition_id: int, name: str) -> str:
        return url_for("barometer.public_file", edition_id=edition_id, name=name)

    def method(self, lang: str | None = None) -> str:
        return url_for("barometer.public_method", **self._q(lang))

    def css(self, name: str) -> str:
        return url_for("static", filename=f"css/{name}")

    def dkfds_css(self) -> str:
        return url_for("assets.dkfds", filename="css/dkfds.min.css")

    def login(self) -> str | None:
        return url_for("auth.login")

    def feed(self) -> str | None:
        return url_for("barometer.public_feed", **self._q())

    def subscribe(self) -> str | None:
        return url_for("subscriptions.subscribe", topic="editions")


class ExportLinks(Links):
    """Relative paths between the files of the static export (see barometer.editions.export)."""

    export = True

    def __init__(self, lang: str, here: str, available: set[int] | None = None) -> None:
        super().__init__(lang, available)
        self.here = here  # this page's path inside the export, e.g. "en/editions/3/index.html"

    def _rel(self, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(self.here) or ".")

    def _root(self, lang: str | None) -> str:
        return "" if (lang or self.lang) == "da" else "en/"

    def index(self, lang: str | None = None) -> str:
        return self._rel(self._root(lang) + "index.html")

    def archive(self, lang: str | None = None) -> str:
        return self._rel(self._root(lang) + "editions/index.html")

    def edition(self, edition_id: int, lang: str | None = None) -> str:
        return self._rel(f"{self._root(lang)}editions/{edition_id}/index.html")

    def indicator(self, edition_id: int, code: str, lang: str | None = None) -> str:
        return self._rel(f"{self._root(lang)}editions/{edition_id}/indicators/{code}.html")

    def compare(self, a: int, b: int, lang: str | None = None) -> str:
        return self._rel(f"{self._root(lang)}editions/compare/{a}-{b}.html")

    def report(self, edition_id: int) -> str:
        return self._rel(f"{self._root(None)}editions/{edition_id}/report.pdf")

    def workbook(self, edition_id: int) -> str:
        return self._rel(f"{self._root(None)}editions/{edition_id}/data.xlsx")

    def method(self, lang: str | None = None) -> str:
        return self._rel(self._root(lang) + "method.html")

    def data(self, edition_id: int, name: str) -> str:
        return self._rel(f"editions/{edition_id}/{name}")

    def css(self, name: str) -> str:
        return self._rel(f"assets/css/{name}")

    def dkfds_css(self) -> str:
        return self._rel("assets/dkfds/css/dkfds.min.css")

    def login(self) -> str | None:
        return None

    def chart_files(
        self, edition_id: int, code: str, query: Mapping[str, Any] | None = None
    ) -> dict[str, str] | None:
        return None

    def feed(self) -> str | None:
        return None

    def subscribe(self) -> str | None:
        return None


# -- what the pages read -----------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """A published edition as the archive lists it (no snapshot loaded)."""

    id: int
    period_code: str
    title_da: str
    title_en: str
    published_at: Any
    sha256: str
    corrects_edition_id: int | None
    correction_reason: str
    correction_reason_en: str = ""

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_da


def published_list() -> list[Listed]:
    """Every published edition, newest period first (a correction before what it corrects)."""
    rows = db.session.execute(
        select(
            Edition.id,
            Edition.period_code,
            Edition.title_da,
            Edition.title_en,
            Edition.published_at,
            Edition.sha256,
            Edition.corrects_edition_id,
            Edition.correction_reason,
            Edition.correction_reason_en,
        )
        .where(Edition.state == EditionState.PUBLISHED)
        .order_by(Edition.period_code.desc(), Edition.id.desc())
    ).all()
    return [Listed(*row) for row in rows]  # type: ignore[arg-type]


def latest_published_id(period_code: str | None = None) -> int | None:
    """The latest published edition (of one period when given): a correction before what
    it corrects."""
    query = select(Edition.id).where(Edition.state == EditionState.PUBLISHED)
    if period_code is not None:
        query = query.where(Edition.period_code == period_code)
    return db.session.scalar(query.order_by(Edition.period_code.desc(), Edition.id.desc()).limit(1))


def latest_period() -> Period | None:
    """The latest measurement period (None: none is open yet)."""
    code = db.session.scalar(
        select(MeasurementPeriod.code).order_by(MeasurementPeriod.code.desc()).limit(1)
    )
    return Period.parse(code) if code else None


def corrections_of(edition_id: int, listed: list[Listed]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "title": {"da": e.title_da, "en": e.title_en},
            "reason": e.correction_reason,
            "reason_en": e.correction_reason_en,
        }
        for e in listed
        if e.corrects_edition_id == edition_id
    ]


def previous_of(edition: Listed, listed: list[Listed]) -> Listed | None:
    """The edition before this one to compare with: the corrected one, else the latest
    edition of an earlier period."""
    if edition.corrects_edition_id is not None:
        return next((e for e in listed if e.id == edition.corrects_edition_id), None)
    return next(
        (e for e in listed if e.period_code < edition.period_code and not _is_corrected(e, listed)),
        None,
    )


def _is_corrected(edition: Listed, listed: list[Listed]) -> bool:
    return any(e.corrects_edition_id == edition.id for e in listed)


# -- rendering ---------------------------------------------------------------------------------


def _render(template: str, links: Links, **context: Any) -> str:
    from barometer import method_text

    with force_locale(links.lang):
        return render_template(
            template, links=links, lang=links.lang, method_text=method_text, **context
        )


def render_page(template: str, links: Links, **context: Any) -> str:
    """Any public page in ``links``' language (the open-data pages use it)."""
    return _render(template, links, **context)


def render_edition(
    edition: Edition,
    links: Links,
    *,
    preview: Mapping[str, Any] | None = None,
    latest: bool = False,
) -> str:
    """The edition page; ``preview`` is a draft's freshly computed content (staff only)."""
    listed = published_list()
    snapshot = preview if preview is not None else edition.snapshot
    view = ev.edition_view(
        snapshot, links.lang, sha256=edition.sha256, corrected_by=corrections_of(edition.id, listed)
    )
    me = next((e for e in listed if e.id == edition.id), None)
    previous = previous_of(me, listed) if me else None
    older = db.session.get(Edition, previous.id) if previous is not None else None
    return _render(
        "barometer/public/edition.html",
        links,
        view=view,
        draft=preview is not None,
        latest=latest,
        previous=previous,
        change=catalogue_change(older.snapshot, snapshot) if older is not None else None,
    )


def render_indicator(
    edition: Edition, code: str, links: Links, choice: Mapping[str, Any] | None = None
) -> str | None:
    """The indicator's page, with its breakdowns as ``choice`` asks (the static export,
    where no form can be sent, draws every breakdown)."""
    view = ev.edition_view(edition.snapshot, links.lang, sha256=edition.sha256)
    indicator = view.indicator(code)
    if indicator is None:
        return None
    dimensions, selection, shown = views_for(indicator, edition.snapshot, choice,
                                             every=links.export)  # fmt: skip
    return _render("barometer/public/indicator.html", links, view=view, ind=indicator,
                   dimensions=dimensions, selection=selection, category_views=shown)  # fmt: skip


def render_embed(
    edition: Edition, code: str, links: Links, choice: Mapping[str, Any] | None = None
) -> str | None:
    """The indicator's chart in ``edition`` for other sites to frame: little else. With
    ``choice``, the chosen breakdown's chart instead of the total's."""
    view = ev.edition_view(edition.snapshot, links.lang, sha256=edition.sha256)
    indicator = view.indicator(code)
    if indicator is None:
        return None
    _, selection, shown = views_for(indicator, edition.snapshot, choice)
    if choice is None:  # the total's chart
        selection, shown = None, []
    return _render("barometer/public/embed.html", links, view=view, ind=indicator,
                   selection=selection, category_views=shown)  # fmt: skip


def render_archive(links: Links) -> str:
    everything = published_list()
    listed = [e for e in everything if links.can_link(e.id)]
    pairs = {e.id: previous_of(e, everything) for e in listed}
    return _render(
        "barometer/public/archive.html",
        links,
        editions=listed,
        previous=pairs,
        corrected={e.id for e in listed if _is_corrected(e, everything)},
    )


def render_compare(a: Edition, b: Edition, links: Links) -> str:
    rows = ev.compare(a.snapshot, b.snapshot, links.lang)
    first, second = (a, b) if a.period_code <= b.period_code else (b, a)
    view_a = ev.edition_view(a.snapshot, links.lang, sha256=a.sha256)
    view_b = ev.edition_view(b.snapshot, links.lang, sha256=b.sha256)
    return _render(
        "barometer/public/compare.html",
        links,
        a=view_a,
        b=view_b,
        rows=rows,
        changed=[r for r in rows if r.colour_changed or r.value_changed or r.revised],
        series=compare_series(view_a.indicators(), view_b.indicators(), _labels(a, b, links)),
        change=catalogue_change(first.snapshot, second.snapshot),
        editions=published_list(),
    )


def _labels(a: Edition, b: Edition, links: Links) -> dict[str, str]:
    """The period labels of both editions in the page's language."""
    return {p["code"]: p["label"][links.lang] for e in (a, b) for p in e.snapshot["periods"]}


def render_empty(links: Links) -> str:
    return _render("barometer/public/empty.html", links)


def render_method(links: Links) -> str:
    """The method in plain words with a worked example (the current parameters)."""
    from barometer import method_text

    return _render(
        "barometer/public/method.html",
        links,
        params=method_text.parameter_sentences(DEFAULT_PARAMETERS),
        example=method_text.worked_example(DEFAULT_PARAMETERS),
        ratio_explained=method_text.RATIO_EXPLAINED,
        score_explained=method_text.SCORE_EXPLAINED,
        breakdowns_explained=method_text.BREAKDOWNS_EXPLAINED,
        caveat=NOT_AN_EVALUATION,
    )
