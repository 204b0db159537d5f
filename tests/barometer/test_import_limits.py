"""Imports refuse files too large to read, and list only the first problems of a bad file.

On both import pages (the catalogue's and the measurements'): a small XLSX that unpacks
to more than the limit, a CSV with too many rows or columns are refused before they are
parsed, with a message in the user's language; a file with thousands of bad rows lists
the first 50 problems and how many more there are. The page stays small; nothing is stored.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from barometer.models import CatalogueVersion, Indicator, Measurement
from barometer.services import catalogue_versions
from core.models import AuditEvent
from tests.barometer.factories import NOW, administration, make_approved
from tests.barometer.reading_factories import make_period, make_reading_catalogue
from tests.factories import commit, make_data_contact, make_secretariat
from tests.spreadsheet_files import bomb, csv_of
from tests.web import login, post, text_of

CATALOGUE_HEADER = (
    "Indsatsområde;Målkode;Mål;Succeskriterium;Målværdi;Målperiode;Beslutning;Beslutningsdato;"
    "Indikatorkode;Indikator;Type;Enhed;Decimaler;Ønsket retning;Datakilde;"
    "Ansvarlig forvaltning;Udgangspunkt;Udgangspunktets periode"
)
SMALL_PAGE = 200_000  # bytes


def _catalogue_page(db: Any, client: FlaskClient) -> str:
    v1 = make_approved()
    draft = catalogue_versions.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    make_secretariat()
    commit()
    login(client, "sek@example.dk")
    return f"/barometer/catalogue/versions/{draft.number}/import"


def _measurement_page(db: Any, client: FlaskClient) -> str:
    make_reading_catalogue()
    make_period("2007-H1")
    make_data_contact(administration("BIF"), "bif@example.dk")
    commit()
    login(client, "bif@example.dk")
    return "/barometer/measurements/2007-H1/import"


PAGES: dict[str, Callable[[Any, FlaskClient], str]] = {
    "catalogue": _catalogue_page,
    "measurements": _measurement_page,
}


def _stored(db: Any) -> tuple[int, ...]:
    db.session.expire_all()
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (CatalogueVersion, Indicator, Measurement, AuditEvent)
    )


def _upload(client: FlaskClient, path: str, name: str, data: bytes) -> Any:
    return post(
        client, path, {"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bombe.xlsx", bomb(60), "Filen fylder mere end 50 MB, når den pakkes ud."),
        ("mange.csv", csv_of(25_000, 5), "Filen har mere end 20000 rækker."),
        ("brede.csv", csv_of(3, 300), "Filen har mere end 200 kolonner."),
    ],
    ids=["zip-bomb", "25000-rows", "300-columns"],
)
def test_a_file_too_large_to_read_is_refused_with_a_clear_message_and_nothing_stored(
    client: FlaskClient, db: Any, page: str, name: str, data: bytes, message: str
) -> None:
    path = PAGES[page](db, client)
    before = _stored(db)
    response = _upload(client, path, name, data)
    body = text_of(response)
    assert response.status_code == 400
    assert message in body
    assert len(response.data) < SMALL_PAGE
    assert _stored(db) == before


BAD_ROWS = {
    "catalogue": (
        "bad.csv",
        "\r\n".join(
            [CATALOGUE_HEADER]
            + [
                f"ZZ;G-M2;Mål;;;;;;G-{n};Navn;effekt;procent;1;op;DST;BIF;46,0;2006-H2"
                for n in range(5_000)
            ]
        ),
        "ZZ er ikke et indsatsområde i kladden.",
    ),
    "measurements": (
        "bad.csv",
        "\r\n".join(["Periode;Indikatorkode;Værdi"] + ["2008-H2;A1-M1-I1;46,4"] * 5_000),
        "Rækken gælder perioden 2008-H2, ikke 2007-H1.",
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_a_file_with_5000_bad_rows_lists_the_first_50_problems_and_counts_the_rest(
    client: FlaskClient, db: Any, page: str
) -> None:
    path = PAGES[page](db, client)
    before = _stored(db)
    name, text, problem = BAD_ROWS[page]
    response = _upload(client, path, name, text.encode("utf-8"))
    body = text_of(response)
    assert response.status_code == 400
    assert body.count(problem) == 50
    assert "og 4.950 flere" in body
    assert len(response.data) < SMALL_PAGE
    assert _stored(db) == before


def test_in_english_the_refusal_and_the_count_are_in_english(client: FlaskClient, db: Any) -> None:
    path = _measurement_page(db, client)
    post(client, "/language", {"locale": "en"})
    refused = text_of(_upload(client, path, "wide.csv", csv_of(3, 300)))
    assert "The file has more than 200 columns." in refused
    name, text, _ = BAD_ROWS["measurements"]
    listed = text_of(_upload(client, path, name, text.encode("utf-8")))
    assert "The row is for the period 2008-H2, not 2007-H1." in listed
    assert "and 4,950 more" in listed
