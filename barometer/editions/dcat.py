"""DCAT-AP metadata as JSON-LD: the catalogue, each published edition, each indicator (pure).

Data portals such as Open Data DK harvest a ``dcat:Catalog`` whose ``dcat:dataset`` entries
each carry a title and description (Danish and English), the publisher (the municipality),
the licence, how often it is updated (``dct:accrualPeriodicity``, from the EU frequency
vocabulary), the time it covers (``dct:temporal``) and its distributions with their
download URLs and media types. A published edition is frozen, so it never changes
(``NEVER``); an indicator's data gain rows with every edition, at the indicator's own
rhythm. URLs come in absolute; nothing here reads Flask or the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from barometer.bilingual import Text
from barometer.period import Period

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
# Our indicators' frequencies in the EU vocabulary (ANNUAL_2: twice a year).
PERIODICITY = {"half_yearly": "ANNUAL_2", "annual": "ANNUAL", "irregular": "IRREG"}
JSONLD_TYPE = "application/ld+json"


@dataclass(frozen=True)
class Distribution:
    url: str
    media_type: str  # e.g. "text/csv"
    file_type: str  # the EU file-type code, e.g. "CSV"
    title: Text


@dataclass(frozen=True)
class Dataset:
    id: str  # the dataset's own URL (its DCAT document)
    landing_page: str
    identifier: str
    title: Text
    description: Text
    periodicity: str  # a code of the EU frequency vocabulary
    first: Period | None
    last: Period | None
    distributions: Sequence[Distribution]
    keywords: Sequence[str] = ()
    issued: str | None = None  # ISO date-time


def period_start(period: Period) -> date:
    return date(period.year, 1 if period.half == 1 else 7, 1)


def period_end(period: Period) -> date:
    return date(period.year, 6, 30) if period.half == 1 else date(period.year, 12, 31)


def _texts(text: Text) -> list[dict[str, str]]:
    return [{"@value": v, "@language": lang} for lang, v in text.to_dict().items() if v]


def _date(day: date) -> dict[str, str]:
    return {"@value": day.isoformat(), "@type": "xsd:date"}


def publisher(name: str, homepage: str) -> dict[str, Any]:
    return {"@id": homepage + "#publisher", "@type": "foaf:Agent", "foaf:name": name}


def _distribution(d: Distribution) -> dict[str, Any]:
    return {
        "@id": d.url + "#distribution",
        "@type": "dcat:Distribution",
        "dct:title": _texts(d.title),
        "dcat:accessURL": {"@id": d.url},
        "dcat:downloadURL": {"@id": d.url},
        "dcat:mediaType": {"@id": MEDIA_TYPE + d.media_type},
        "dct:format": {"@id": FILE_TYPE + d.file_type},
        "dct:license": {"@id": LICENCE},
    }


def dataset_node(dataset: Dataset, agent: Mapping[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": dataset.id,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.identifier,
        "dct:title": _texts(dataset.title),
        "dct:description": _texts(dataset.description),
        "dct:publisher": dict(agent),
        "dct:license": {"@id": LICENCE},
        "dct:accrualPeriodicity": {"@id": FREQUENCY + dataset.periodicity},
        "dct:language": [
            {"@id": "http://publications.europa.eu/resource/authority/language/DAN"},
            {"@id": "http://publications.europa.eu/resource/authority/language/ENG"},
        ],
        "dcat:landingPage": {"@id": dataset.landing_page},
        "dcat:keyword": list(dataset.keywords),
        "dcat:distribution": [_distribution(d) for d in dataset.distributions],
    }
    if dataset.first is not None and dataset.last is not None:
        node["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date(period_start(dataset.first)),
            "dcat:endDate": _date(period_end(dataset.last)),
        }
    if dataset.issued:
        node["dct:issued"] = {"@value": dataset.issued, "@type": "xsd:dateTime"}
    return node


def document(dataset: Dataset, agent: Mapping[str, Any]) -> dict[str, Any]:
    """One dataset as a JSON-LD document of its own."""
    return {"@context": CONTEXT, **dataset_node(dataset, agent)}


def catalog(
    *,
    url: str,
    homepage: str,
    title: Text,
    description: Text,
    agent: Mapping[str, Any],
    datasets: Sequence[Dataset],
) -> dict[str, Any]:
    """The whole catalogue: every edition and every indicator as a dataset."""
    return {
        "@context": CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "dct:title": _texts(title),
        "dct:description": _texts(description),
        "dct:publisher": dict(agent),
        "dct:license": {"@id": LICENCE},
        "foaf:homepage": {"@id": homepage},
        "dcat:dataset": [dataset_node(d, agent) for d in datasets],
    }
