"""Small but visible defects of the staff and public pages (issue 13), each shown once."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from barometer.models import CatalogueVersion
from barometer.services import catalogue_nodes, catalogue_versions
from barometer.services import editions as edition_svc
from tests.barometer.edition_factories import NOW, make_periods, make_published
from tests.barometer.factories import administration, indicator, indicator_data
from tests.barometer.reading_factories import add_values, make_period, make_reading_catalogue
from tests.factories import make_data_contact, make_secretariat
from tests.web import csrf_token, login, post, text_of

D = Decimal


def english(client: FlaskClient) -> None:
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "en"})


@pytest.fixture
def site(db: Any) -> dict[str, Any]:
    make_reading_catalogue()
    earlier, period = make_period("2006-H2", closed=True), make_period("2007-H1")
    add_values(earlier, {"A1-M1-I1": D("45.0")})
    make_data_contact(administration("BIF"), "bif@example.dk")
    make_secretariat()
    db.session.commit()
    return {"period": period}


def test_correction_links_name_the_edition_they_point_to(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    make_periods()
    original = make_published("2007-H2")
    correction = edition_svc.create_correction(original, "Forkert tal", actor=None, now=NOW)
    edition_svc.publish(correction, actor=None, now=NOW, render_documents=False, acknowledged=True)
    db.session.commit()
    title = "Integrationsbarometer, 2. halvår 2007"
    old = text_of(client.get(f"/barometer/editions/{original.id}/"))
    new = text_of(client.get(f"/barometer/editions/{correction.id}/"))
    assert f">{title} (udgave {correction.id})</a>" in old
    assert f">{title} (udgave {original.id})</a>" in new
    english_page = text_of(client.get(f"/barometer/editions/{correction.id}/?lang=en"))
    assert f">Integration barometer, 2nd half 2007 (edition {original.id})</a>" in english_page


def test_a_correction_without_reason_names_the_old_value_the_danish_way(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "bif@example.dk")
    path = "/barometer/measurements/2007-H1/values/A1-M1-I1"
    assert post(client, path, {"value": "46,4", "lock_version": "0"}).status_code == 302
    refused = text_of(post(client, path, {"value": "46,9", "lock_version": "1"}))
    assert "(46,4)" in refused and "(46.4)" not in refused


def test_too_many_decimals_shows_the_value_the_danish_way(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "bif@example.dk")
    rows = "\ufeffPeriode;Indikatorkode;Værdi\r\n2007-H1;A1-M1-I1;46,45\r\n"
    page = text_of(
        post(client, "/barometer/measurements/2007-H1/import",
             {"file": (io.BytesIO(rows.encode()), "v.csv")},
             content_type="multipart/form-data")
    )  # fmt: skip
    assert "46,45 har for mange decimaler" in page


def test_filling_a_value_registered_as_missing_needs_no_reason(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "bif@example.dk")
    path = "/barometer/measurements/2007-H1/values/A1-M1-I1"
    missing = {"value": "", "note": "Tallet kommer senere", "lock_version": "0"}
    assert post(client, path, missing).status_code == 302
    filled = post(client, path, {"value": "46,9", "lock_version": "1"})
    assert filled.status_code == 302, text_of(filled)[:2000]


def test_counts_of_one_are_singular(client: FlaskClient, db: Any, site: Any) -> None:
    login(client, "bif@example.dk")
    page = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-I1"))
    assert "1 decimal" in page and "1 decimaler" not in page
    rows = "\ufeffPeriode;Indikatorkode;Værdi\r\n2007-H1;A1-M1-I1;46,4\r\n"
    preview = text_of(
        post(client, "/barometer/measurements/2007-H1/import",
             {"file": (io.BytesIO(rows.encode()), "v.csv")},
             content_type="multipart/form-data")
    )  # fmt: skip
    assert "1 ny værdi" in preview and "1 nye værdier" not in preview


def test_the_staff_indicator_page_shows_no_value_of_a_later_period(
    client: FlaskClient, db: Any, site: Any
) -> None:
    add_values(site["period"], {"A1-M1-I1": D("47.3")})
    later = make_period("2007-H2")
    add_values(later, {"A1-M1-I1": D("49.7")})
    db.session.commit()
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-I1"))
    assert "47,3 %" in page
    # The later half-year may be named only as the next expected value, never as a row.
    assert "49,7" not in page and ">2. halvår 2007</th>" not in page


def test_the_danish_diff_writes_numbers_with_a_decimal_comma(
    client: FlaskClient, db: Any, site: Any
) -> None:
    v1 = db.session.get(CatalogueVersion, 1)
    v2 = catalogue_versions.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    catalogue_nodes.update_indicator(
        indicator(v2, "A1-M1-I1"),
        indicator_data("A1-M1-I1", baseline_value=D("1047.5")),
        actor=None,
        now=NOW,
    )
    db.session.commit()
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/catalogue/diff?from=1&to=2"))
    assert "1.047,5" in page and "1047.5" not in page


def test_english_pages_show_neither_us_nor_iso_dates(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    make_periods()
    make_published("2007-H2")
    make_secretariat()
    db.session.commit()
    english(client)
    login(client, "sek@example.dk")
    catalogue = text_of(client.get("/barometer/catalogue/"))
    assert "12/14/06" not in catalogue and "14 Dec 2006" in catalogue
    editions = text_of(client.get("/barometer/editions/manage"))
    assert " AM" not in editions and " PM" not in editions
    assert "1 Oct 2007" in editions
