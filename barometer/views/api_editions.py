"""The editions API (read-only, published data only): /api/v1/editions and /indicators.

Edition responses are rendered from the frozen snapshot and stored like the public pages
(``barometer.editions.public_responses``: strong ETag = SHA-256 of the body, long-lived
Cache-Control, 304 on If-None-Match).
"""

from __future__ import annotations

from typing import Any

from flask import request
from werkzeug.wrappers import Response

from barometer.editions import indicator_pages as open_data
from barometer.editions import public_responses as pages
from barometer.editions.public_cache import lookup
from barometer.models import CODE_PATTERN
from barometer.period import Period
from barometer.views.api_editions_paths import PATHS
from barometer.views.api_editions_schema import SCHEMAS
from barometer.views.api_indicator_data_schema import PATHS as DATA_PATHS
from barometer.views.api_indicator_data_schema import SCHEMAS as DATA_SCHEMAS
from barometer.views.public import DAY, SHORT, respond
from core.api import ID_MAX, api_abort, bp, register_paths, register_schemas

register_paths({**PATHS, **DATA_PATHS})
register_schemas({**SCHEMAS, **DATA_SCHEMAS})


@bp.get("/editions")
def editions() -> Response:
    period = request.args.get("period")
    if period is not None:
        try:
            period = str(Period.parse(period))
        except ValueError:
            api_abort(400, "Give 'period' as a half-year, e.g. ?period=2009-H2.")
    return respond(lookup(*pages.api_editions(period)), SHORT)


@bp.get("/editions/latest")
def latest_edition() -> Response:
    entry = lookup(*pages.api_latest())
    if entry is None:
        api_abort(404, "No edition has been published yet.")
    return respond(entry, SHORT)


@bp.get("/editions/<id>")
def edition(id: str) -> Response:
    # The bounds the OpenAPI document gives (1 to 2^31 - 1); ASCII digits only ("²" is a digit
    # to str.isdigit but not to int).
    if not (id.isascii() and id.isdigit() and 1 <= int(id) <= ID_MAX):
        api_abort(400, "Give the edition's id as a number, e.g. /api/v1/editions/3.")
    number = int(id)
    entry = lookup(*pages.api_edition(number))
    if entry is None:
        api_abort(404, f"No published edition {number}.")
    return respond(entry, DAY)


# -- indicators of the approved version, with their published values -------------------


def _period_arg() -> Period | None:
    text = request.args.get("period")
    if text is None:
        return None
    try:
        return Period.parse(text)
    except ValueError:
        api_abort(400, "Give 'period' as a half-year, e.g. ?period=2009-H2.")


def _published_indicators() -> dict[str, Any]:
    period = _period_arg()
    data = pages.published_indicators(period)
    if data is None:
        api_abort(404, f"No catalogue version is in force for {period or 'the latest period'}.")
    return data


def _conditional(data: Any) -> Response:
    return respond(pages.json_document(data), SHORT)


@bp.get("/indicators")
def indicators() -> Response:
    return _conditional(_published_indicators())


@bp.get("/indicators/<code>")
def indicator(code: str) -> Response:
    if len(code) > 20 or not CODE_PATTERN.match(code):
        api_abort(400, "Give an indicator code, e.g. /api/v1/indicators/BES-01.")
    data = _published_indicators()
    item = next((i for i in data["indicators"] if i["code"] == code), None)
    if item is None:
        api_abort(404, f"No indicator {code} in catalogue version {data['catalogue_version']}.")
    return _conditional(item)


@bp.get("/indicators/<code>/data")
def indicator_data(code: str) -> Response:
    """The indicator's published data in tidy rows: the body of its ``data.json``."""
    if len(code) > 20 or not CODE_PATTERN.match(code):
        api_abort(400, "Give an indicator code, e.g. /api/v1/indicators/BES-01/data.")
    entry = lookup(*open_data.indicator_json(code))
    if entry is None:
        api_abort(404, f"No published edition has an indicator {code}.")
    return respond(entry, SHORT)
