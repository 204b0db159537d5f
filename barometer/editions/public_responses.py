"""What the public site and the editions API answer, each under its store key.

Each function returns the response's key and how to make it, so the request that asks
for it (:func:`public_cache.lookup`) and the publication job that stores it
(:func:`store_main_responses_job`) render the same bytes. Links in API bodies are
absolute, built on ``PUBLIC_BASE_URL``, so a stored body never depends on the Host header.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import current_app, url_for
from sqlalchemy.exc import IntegrityError

from barometer import chart_files
from barometer.editions import open_data, public_cache
from barometer.editions import public_site as site
from barometer.editions.benchmark import neutral_rows, neutral_status
from barometer.editions.category_views import choice_key, views_for
from barometer.editions.comparison_views import chart_table
from barometer.editions.pdf import filename as pdf_name
from barometer.editions.pdf import render_report
from barometer.editions.presenter import edition_view
from barometer.editions.snapshot import indicators_of
from barometer.editions.workbook import XLSX_TYPE, edition_xlsx
from barometer.frequency import Metadata
from barometer.models import Edition
from barometer.period import Period
from barometer.queries import load_version_tree, version_snapshot
from barometer.queries_in_force import version_in_force
from barometer.services.editions import stored_file, stored_file_exists
from core.extensions import db

HTML = "text/html; charset=utf-8"
JSON = "application/json"
Response = tuple[str, Callable[[], public_cache.Made]]
Choice = dict[str, Any] | None


def published(edition_id: int) -> Edition | None:
    edition = db.session.get(Edition, edition_id)
    return edition if edition is not None and edition.is_published else None


def _page(html: str | None) -> public_cache.Made:
    return None if html is None else (html.encode("utf-8"), HTML)


# -- pages ---------------------------------------------------------------------------------


def index(lang: str) -> Response:
    def make() -> public_cache.Made:
        latest = site.latest_published_id()
        links = site.Links(lang)
        if latest is None:
            return _page(site.render_empty(links))
        edition = db.session.get(Edition, latest)
        return _page(site.render_edition(edition, links, latest=True)) if edition else None

    return f"page:index:{lang}", make


def archive(lang: str) -> Response:
    return f"page:archive:{lang}", lambda: _page(site.render_archive(site.Links(lang)))


def edition_page(edition_id: int, lang: str) -> Response:
    def make() -> public_cache.Made:
        edition = published(edition_id)
        return _page(site.render_edition(edition, site.Links(lang))) if edition else None

    return f"page:edition:{edition_id}:{lang}", make


def indicator_page(edition_id: int, code: str, lang: str, choice: Choice = None) -> Response:
    """``choice``: the breakdown the reader chose (:func:`category_views.query_choice`)."""

    def make() -> public_cache.Made:
        edition = published(edition_id)
        links = site.Links(lang)
        return _page(site.render_indicator(edition, code, links, choice)) if edition else None

    return f"page:indicator:{edition_id}:{code}:{lang}{choice_key(choice)}", make


def embed_page(code: str, lang: str, choice: Choice = None) -> Response:
    """The latest published edition's chart of one indicator, for other sites to frame:
    the total's chart, or with ``choice`` the chosen breakdown's."""

    def make() -> public_cache.Made:
        latest = site.latest_published_id()
        edition = db.session.get(Edition, latest) if latest is not None else None
        links = site.Links(lang)
        return _page(site.render_embed(edition, code, links, choice)) if edition else None

    return f"page:embed:{code}:{lang}{choice_key(choice)}", make


def compare_page(a: int, b: int, lang: str) -> Response:
    def make() -> public_cache.Made:
        first, second = published(a), published(b)
        if first is None or second is None:
            return None
        return _page(site.render_compare(first, second, site.Links(lang)))

    return f"page:compare:{a}:{b}:{lang}", make


def method_page(lang: str) -> Response:
    return f"page:method:{lang}", lambda: _page(site.render_method(site.Links(lang)))


# -- files ---------------------------------------------------------------------------------


def stored(edition_id: int, name: str) -> public_cache.Cached | None:
    """A file stored at publication (the open data, the reports once rendered)."""
    row = stored_file(edition_id, name)
    return None if row is None else public_cache.Cached(row.content, row.sha256, row.content_type)


def _made_from_snapshot(
    edition_id: int, kind: str, make: Callable[[Any], bytes], content_type: str
) -> public_cache.Cached | None:
    """A file made from a published edition's snapshot alone, kept per worker by the
    snapshot's hash (``kind`` names the file and its language)."""
    edition = published(edition_id)
    if edition is None:
        return None
    key = f"{kind}:{edition.sha256}"
    entry = public_cache.remembered(key)
    if entry is None:
        data = make(edition.snapshot)
        entry = public_cache.Cached(data, public_cache.sha256_hex(data), content_type)
    return public_cache.remember(key, entry)


def open_data_file(edition_id: int, name: str) -> public_cache.Cached | None:
    """A stored open-data file; until the publication's job stored it, made per worker from
    the snapshot, byte for byte what the job stores (both use ``open_data.document``).

    The job stores the data package last: once it is there, a file still missing is one
    the edition never had (``indicator-data.csv`` of an edition published before it
    existed), and stays missing."""
    found = stored(edition_id, name)
    if found is not None:
        return found
    if open_data_stored(edition_id):
        return None
    make = partial(open_data.document, name=name)
    return _made_from_snapshot(edition_id, f"open:{name}", make, open_data.CONTENT_TYPES[name])


def open_data_stored(edition_id: int) -> bool:
    """Whether the publication's job has stored the edition's open data (or it was stored
    at publication, before the job existed): the data package, the last file, is there."""
    return stored_file_exists(edition_id, open_data.PACKAGE_NAME)


def report(edition_id: int, lang: str) -> public_cache.Cached | None:
    """The stored report PDF; rendered per worker only for an edition whose publication
    started no report job (published before there were jobs, or with
    ``EDITIONS_RENDER_PDF_ON_PUBLISH`` off). While the job has not stored it yet, see
    :func:`report_job_pending`: a large report takes minutes, no request waits for it."""
    found = stored_report(edition_id, lang)
    if found is not None:
        return found
    make = partial(render_report, lang=lang)
    return _made_from_snapshot(edition_id, f"pdf:{lang}", make, "application/pdf")


def report_job_pending(edition_id: int) -> bool:
    """Whether the edition's report is left to its publication's job, which has not
    finished (queued, running, or failed and waiting for a retry). Asked only when the
    report is not stored, so a stored report costs no more than before."""
    from barometer.services.editions import REPORT_JOB
    from core.background import latest_for
    from core.job_models import JobState

    job = latest_for(REPORT_JOB, ("Edition", edition_id))
    return job is not None and job.state != JobState.FINISHED


def stored_report(edition_id: int, lang: str) -> public_cache.Cached | None:
    return stored(edition_id, pdf_name(lang))


def report_pending_page(lang: str) -> str:
    """The page a reader gets while the report is being made (with 503 and Retry-After)."""
    return site.render_page("barometer/public/report_pending.html", site.Links(lang))


def workbook(edition_id: int, lang: str) -> public_cache.Cached | None:
    """The edition's data as an Excel workbook in ``lang``, made from the snapshot."""
    make = partial(edition_xlsx, lang=lang)
    return _made_from_snapshot(edition_id, f"xlsx:{lang}", make, XLSX_TYPE)


def chart_file(
    edition_id: int, code: str, fmt: str, lang: str, choice: Choice = None
) -> public_cache.Cached | None:
    """An indicator's chart (SVG, PNG) or its table (CSV, XLSX), made from the snapshot:
    the total's, or with ``choice`` the chosen breakdown's (404 when it has none)."""
    edition = published(edition_id)
    if edition is None or fmt not in chart_files.FORMATS:
        return None
    view = edition_view(edition.snapshot, lang, sha256=edition.sha256)
    indicator = view.indicator(code)
    if indicator is None:
        return None

    if choice is not None:
        _, selection, shown = views_for(indicator, edition.snapshot, choice)
        if selection is None or selection.problem:
            return None
        chosen = shown[0]

        def make(_snapshot: Any) -> bytes:
            return chart_files.render(fmt, chosen.table(), chosen.chart(), lang)
    else:

        def make(_snapshot: Any) -> bytes:
            return chart_files.render(fmt, chart_table(indicator), indicator.trend(), lang)

    kind = f"chart:{code}:{fmt}:{lang}{choice_key(choice)}"
    return _made_from_snapshot(edition_id, kind, make, chart_files.FORMATS[fmt])


# -- the editions API -----------------------------------------------------------------------


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _absolute(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def _links(edition_id: int) -> dict[str, str]:
    def u(endpoint: str, **kw: Any) -> str:
        return _absolute(url_for(endpoint, edition_id=edition_id, **kw))

    return {
        "page": u("barometer.public_edition"),
        "pdf": u("barometer.public_report"),
        "pdf_en": u("barometer.public_report", lang="en"),
        "csv": u("barometer.public_file", name="data.csv"),
        "json": u("barometer.public_file", name="data.json"),
        "datapackage": u("barometer.public_file", name="datapackage.json"),
        "self": _absolute(url_for("api.edition", id=edition_id)),
    }


def _summary(e: site.Listed) -> dict[str, Any]:
    return {
        "id": e.id,
        "period": e.period_code,
        "title": {"da": e.title_da, "en": e.title_en},
        "published_at": e.published_at.isoformat(),
        "sha256": e.sha256,
        "corrects_edition_id": e.corrects_edition_id,
        "links": _links(e.id),
    }


def _edition_body(edition: Edition) -> tuple[bytes, str]:
    listed = site.published_list()
    me = next(e for e in listed if e.id == edition.id)
    corrected_by = [
        {"id": e.id, "reason": e.correction_reason}
        for e in listed
        if e.corrects_edition_id == edition.id
    ]
    body = {**_summary(me), "corrected_by": corrected_by, "edition": edition.snapshot}
    return _dumps(body), JSON


def api_editions(period: str | None) -> Response:
    def make() -> public_cache.Made:
        listed = [e for e in site.published_list() if period is None or e.period_code == period]
        return _dumps({"editions": [_summary(e) for e in listed]}), JSON

    return f"api:editions:{period or 'all'}", make


def api_latest() -> Response:
    def make() -> public_cache.Made:
        latest = site.latest_published_id()
        edition = db.session.get(Edition, latest) if latest is not None else None
        return _edition_body(edition) if edition is not None else None

    return "api:edition:latest", make


def api_edition(edition_id: int) -> Response:
    def make() -> public_cache.Made:
        edition = published(edition_id)
        return _edition_body(edition) if edition is not None else None

    return f"api:edition:{edition_id}", make


def json_document(data: Any) -> public_cache.Cached:
    """A JSON body that is not stored, with its strong ETag."""
    body = _dumps(data)
    return public_cache.Cached(body, public_cache.sha256_hex(body), JSON)


def _next_expected(ind: dict[str, Any], period: Period | None) -> str | None:
    due = Metadata.of(ind, period).next_expected if period is not None else None
    return str(due) if due is not None else None


def published_indicators(period: Period | None = None) -> dict[str, Any] | None:
    """The indicators of one catalogue version with their values in one published edition:
    the latest edition (of ``period`` when given) and the version it was published on, so
    indicators, values and statuses never come from different versions. Without such an
    edition: the version in force for ``period`` (else for the latest measurement period),
    without values. None: no version is in force for it."""
    latest = site.latest_published_id(str(period) if period else None)
    edition = db.session.get(Edition, latest) if latest is not None else None
    if edition is not None:
        snapshot = edition.snapshot
        catalogue = snapshot["catalogue"]
        values, statuses = snapshot["values"], snapshot["reading"]["indicators"]
        about = {"id": edition.id, "period": snapshot["period"]}
        shown: Period | None = Period.parse(snapshot["period"])
    else:
        target = period or site.latest_period()
        version = version_in_force(target) if target is not None else None
        tree = load_version_tree(version.id) if version is not None else None
        if tree is None:
            return None
        catalogue, values, statuses, about = version_snapshot(tree), {}, {}, None
        shown = target
    items = [
        {
            **ind,
            "values": neutral_rows(ind["kind"], values.get(ind["code"], [])),
            "status": neutral_status(statuses.get(ind["code"])),
            "next_expected_period": _next_expected(ind, shown),
        }
        for ind in indicators_of({"catalogue": catalogue})
    ]
    return {"catalogue_version": catalogue["number"], "edition": about, "indicators": items}


# -- stored at publication ------------------------------------------------------------------


def main_responses() -> list[Response]:
    """What most visitors ask for: the latest edition, the archive and the API's lists."""
    latest = site.latest_published_id()
    responses = [api_editions(None), api_latest()]
    for lang in site.LANGS:
        responses += [index(lang), archive(lang)]
        if latest is not None:
            responses.append(edition_page(latest, lang))
    if latest is not None:
        responses.append(api_edition(latest))
    return responses


def store_main_responses_job() -> None:
    """Background job after a publication: store the main responses of the new set."""
    with current_app.test_request_context("/"):
        for key, make in main_responses():
            public_cache.store(key, make)
        try:
            db.session.commit()
        except IntegrityError:  # a job for the same publication stored them first
            db.session.rollback()
