"""The DCAT-AP documents (JSON-LD) of the catalogue, each edition and each indicator.

Made from published snapshots only (:mod:`barometer.editions.dcat` builds the graph), under
store keys for :func:`public_cache.lookup`, with absolute URLs on ``PUBLIC_BASE_URL``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from barometer.bilingual import Text
from barometer.editions import dcat, public_cache
from barometer.editions.indicator_pages import Snapshots, absolute, document, published_snapshots
from barometer.editions.public_responses import Response, published
from barometer.editions.snapshot import indicators_of
from barometer.editions.workbook import XLSX_TYPE
from barometer.period import Period

JSONLD = "application/ld+json"
CSV_TITLE = Text("Data (CSV)", "Data (CSV)")
JSON_TITLE = Text("Data (JSON)", "Data (JSON)")
XLSX_TITLE = Text("Data (XLSX)", "Data (XLSX)")
PACKAGE_TITLE = Text("Datapakke (Frictionless)", "Data package (Frictionless)")


def _agent() -> dict[str, Any]:
    return dcat.publisher(
        current_app.config["MUNICIPALITY_NAME"], absolute("barometer.public_index")
    )


def _both(make: Callable[[str], str]) -> Text:
    """A translated text in both languages (``make`` gets the language)."""
    texts = {}
    for lang in ("da", "en"):
        with force_locale(lang):
            texts[lang] = make(lang)
    return Text(da=texts["da"], en=texts["en"])


def _edition_description(period: Period) -> Text:
    return _both(
        lambda lang: _(
            "Every indicator of the integration barometer with its values up to %(period)s, "
            "frozen at publication.",
            period=period.label(lang),
        )
    )


def _indicator_description(code: str) -> Text:
    return _both(
        lambda lang: _(
            "Every published value of the indicator %(code)s of the integration barometer, "
            "one row per period, dimension and category.",
            code=code,
        )
    )


def _edition_dataset(snapshot: Mapping[str, Any]) -> dcat.Dataset:
    edition = snapshot["edition"]
    number = edition["id"]

    def file(name: str, media: str, kind: str, title: Text) -> dcat.Distribution:
        url = absolute("barometer.public_file", edition_id=number, name=name)
        return dcat.Distribution(url, media, kind, title)

    workbook = absolute("barometer.public_workbook", edition_id=number)
    periods = [Period.parse(p["code"]) for p in snapshot["periods"]]
    return dcat.Dataset(
        id=absolute("barometer.public_edition_dcat", edition_id=number),
        landing_page=absolute("barometer.public_edition", edition_id=number),
        identifier=f"integrationsbarometer-udgave-{number}",
        title=Text(da=edition["title"]["da"], en=edition["title"]["en"]),
        description=_edition_description(Period.parse(snapshot["period"])),
        periodicity="NEVER",
        first=min(periods) if periods else None,
        last=Period.parse(snapshot["period"]),
        distributions=(
            file("data.csv", "text/csv", "CSV", CSV_TITLE),
            file("data.json", "application/json", "JSON", JSON_TITLE),
            dcat.Distribution(workbook, XLSX_TYPE, "XLSX", XLSX_TITLE),
            file(
                "datapackage.json",
                "application/json",
                "JSON",
                PACKAGE_TITLE,
            ),
        ),
        keywords=("integration", "barometer", snapshot["period"]),
        issued=(edition.get("published") or {}).get("at"),
    )


def _indicator_dataset(data: Mapping[str, Any]) -> dcat.Dataset:
    ind, urls = data["indicator"], data["links"]
    periods = [Period.parse(r["period"]) for r in data["rows"] if r["value"] is not None]
    return dcat.Dataset(
        id=urls["dcat"],
        landing_page=urls["page"],
        identifier=f"integrationsbarometer-indikator-{ind['code']}",
        title=Text(da=ind["name"]["da"], en=ind["name"]["en"] or ind["name"]["da"]),
        description=_indicator_description(ind["code"]),
        periodicity=dcat.PERIODICITY.get(ind["frequency"], "IRREG"),
        first=min(periods) if periods else None,
        last=max(periods) if periods else None,
        distributions=(
            dcat.Distribution(urls["csv"], "text/csv", "CSV", CSV_TITLE),
            dcat.Distribution(urls["json"], "application/json", "JSON", JSON_TITLE),
            dcat.Distribution(urls["xlsx"], XLSX_TYPE, "XLSX", XLSX_TITLE),
        ),
        keywords=("integration", "barometer", ind["code"]),
    )


def _all_indicator_codes(snapshots: Snapshots) -> list[str]:
    codes: dict[str, None] = {}
    for snapshot in snapshots:
        for ind in indicators_of(snapshot):
            codes.setdefault(ind["code"])
    return list(codes)


def _jsonld(data: Any) -> public_cache.Made:
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    return body, JSONLD


def catalog_jsonld() -> Response:
    def make() -> public_cache.Made:
        snapshots = published_snapshots()
        datasets = [_edition_dataset(s) for s in snapshots]
        for code in _all_indicator_codes(snapshots):
            data = document(snapshots, code)
            if data is not None:
                datasets.append(_indicator_dataset(data))
        municipality = current_app.config["MUNICIPALITY_NAME"]
        return _jsonld(
            dcat.catalog(
                url=absolute("barometer.public_catalog"),
                homepage=absolute("barometer.public_index"),
                title=_both(
                    lambda lang: _(
                        "Integration barometer – %(municipality)s", municipality=municipality
                    )
                ),
                description=_both(
                    lambda lang: _(
                        "The published editions of the integration barometer and the data of "
                        "each indicator."
                    )
                ),
                agent=_agent(),
                datasets=datasets,
            )
        )

    return "dcat:catalog", make


def edition_jsonld(edition_id: int) -> Response:
    def make() -> public_cache.Made:
        edition = published(edition_id)
        if edition is None:
            return None
        return _jsonld(dcat.document(_edition_dataset(edition.snapshot), _agent()))

    return f"dcat:edition:{edition_id}", make


def indicator_jsonld(code: str) -> Response:
    def make() -> public_cache.Made:
        data = document(published_snapshots(), code)
        return None if data is None else _jsonld(dcat.document(_indicator_dataset(data), _agent()))

    return f"dcat:indicator:{code}", make
