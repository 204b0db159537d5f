"""A data break's "what changed" has an optional English text (issue 13), written like the
Danish one, one ``2009-H2: what changed`` per line: forms, the spreadsheet, the API and
frozen editions carry it; English pages and the English status sentence use it, and an
English page without it shows the Danish text marked "only in Danish" with lang="da"."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from barometer.catalogue_sheet import export_xlsx
from barometer.errors import CatalogueInvalid
from barometer.models import Indicator
from barometer.services import catalogue_import as ie
from barometer.services import catalogue_nodes as cat
from tests.barometer.edition_factories import make_draft, publish
from tests.barometer.factories import NOW, indicator, indicator_data
from tests.barometer.test_catalogue_views import _draft_with_client, _indicator_form
from tests.barometer.test_editions_api import _validate
from tests.barometer.test_indicator_metadata import _draft, _snapshot, _snapshot_indicator
from tests.barometer.test_metadata_web import build_site, row
from tests.factories import make_secretariat
from tests.web import login, post, text_of

MARK = '(<span lang="da">kun på dansk</span> / only in Danish)'
DA = "2009-H2: Ny opgørelse i Danmarks Statistik"
EN = "2009-H2: New count by Statistics Denmark"


def test_the_english_break_is_stored_copied_exported_and_imported(db: Any) -> None:
    draft = _draft()
    data = replace(indicator_data("A1-M1-I2"), data_breaks=DA, data_breaks_en=EN)
    cat.update_indicator(indicator(draft, "A1-M1-I2"), data, actor=None, now=NOW)
    assert _snapshot_indicator(draft, "A1-M1-I2")["data_breaks_en"] == EN
    exported = export_xlsx(_snapshot(draft), "en", "Version 2")
    plain = indicator_data("A1-M1-I2", data_breaks=DA)  # the English text cleared
    cat.update_indicator(indicator(draft, "A1-M1-I2"), plain, actor=None, now=NOW)
    assert _snapshot_indicator(draft, "A1-M1-I2")["data_breaks_en"] is None
    ie.import_file(draft, "catalogue.xlsx", exported, actor=None, now=NOW)
    db.session.expire_all()
    assert _snapshot_indicator(draft, "A1-M1-I2")["data_breaks_en"] == EN


@pytest.mark.parametrize(
    "english",
    ["New count by Statistics Denmark",  # no period
     "2008-H1: A break the Danish text does not record"],
)  # fmt: skip
def test_a_bad_english_break_is_refused_and_changes_nothing(db: Any, english: str) -> None:
    draft = _draft()
    before = _snapshot(draft)
    data = replace(indicator_data("A1-M1-I2"), data_breaks=DA, data_breaks_en=english)
    with pytest.raises(CatalogueInvalid) as refused:
        cat.update_indicator(indicator(draft, "A1-M1-I2"), data, actor=None, now=NOW)
    assert "data_breaks_en" in {p.field for p in refused.value.problems}
    assert _snapshot(draft) == before


def test_the_staff_form_takes_the_english_break(client: FlaskClient, db: Any) -> None:
    draft = _draft_with_client(client, db)
    ind = indicator(draft, "A1-M1-I2")
    form = _indicator_form(ind, data_breaks=DA, data_breaks_en=EN)
    assert post(client, f"/barometer/catalogue/indicators/{ind.id}/edit", form).status_code == 302
    db.session.expire_all()
    assert _snapshot_indicator(draft, "A1-M1-I2")["data_breaks_en"] == EN
    post(client, "/language", {"locale": "en"})
    page = text_of(client.get(f"/barometer/catalogue/indicators/{ind.id}/edit"))
    assert "Data breaks in English" in page and EN in page


def test_an_english_break_for_a_period_without_a_danish_one_is_refused_in_the_form(
    client: FlaskClient, db: Any
) -> None:
    draft = _draft_with_client(client, db)
    ind = indicator(draft, "A1-M1-I2")
    form = _indicator_form(ind, data_breaks=DA, data_breaks_en="2008-H1: Something else")
    response = post(client, f"/barometer/catalogue/indicators/{ind.id}/edit", form)
    assert response.status_code == 400
    assert "2008-H1" in text_of(response)
    db.session.expire_all()
    assert _snapshot_indicator(draft, "A1-M1-I2")["data_breaks_en"] is None


@pytest.fixture
def edition(db: Any, configured: Any) -> int:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    build_site()
    # The site's break on A1-M1-I1 gets an English text; A1-M1-T gets a break in Danish only.
    rows = {i.code: i for i in db.session.scalars(select(Indicator))}
    rows["A1-M1-I1"].data_breaks_en = EN
    rows["A1-M1-T"].data_breaks = "2009-H2: Nyt spørgeskema"
    published = publish(make_draft("2009-H2"))
    make_secretariat()
    db.session.commit()
    return int(published.id)


def test_the_api_and_the_edition_carry_the_english_break(
    client: FlaskClient, db: Any, edition: int
) -> None:
    item = _validate(client, "/indicators/A1-M1-I1").json
    assert item["data_breaks_en"] == EN
    doc = client.get("/api/v1/openapi.json").json
    assert "data_breaks_en" in doc["components"]["schemas"]["Indicator"]["properties"]
    body = _validate(client, f"/editions/{edition}").json["edition"]
    ind = body["catalogue"]["focus_areas"][0]["goals"][0]["indicators"][0]
    assert (ind["code"], ind["data_breaks_en"]) == ("A1-M1-I1", EN)


def test_english_pages_show_the_english_break_or_mark_the_danish_one(
    client: FlaskClient, db: Any, edition: int
) -> None:
    base = f"/barometer/editions/{edition}/indicators"
    english = text_of(client.get(f"{base}/A1-M1-I1?lang=en"))
    assert "2nd half 2009: New count by Statistics Denmark" in english
    assert "Ny opgørelse i Danmarks Statistik" not in english
    # The status sentence of the movement says what changed in English too.
    assert "data break in 2nd half 2009: New count by Statistics Denmark." in english
    danish = text_of(client.get(f"{base}/A1-M1-I1"))
    assert "2. halvår 2009: Ny opgørelse i Danmarks Statistik" in danish
    assert "New count" not in danish
    only_danish = text_of(client.get(f"{base}/A1-M1-T?lang=en"))
    assert f'<span lang="da">Nyt spørgeskema</span> <span class="app-only-danish">{MARK}' in (
        only_danish
    )


def test_the_staff_pages_in_english_show_the_english_break(
    client: FlaskClient, db: Any, edition: int
) -> None:
    login(client, "sek@example.dk")
    post(client, "/language", {"locale": "en"})
    page = text_of(client.get("/barometer/reading/2009-H2/indicators/A1-M1-I1"))
    assert "2nd half 2009: New count by Statistics Denmark" in page
    line = row(text_of(client.get("/barometer/reading/2009-H2")), "A1-M1-I1")
    assert "data break in 2nd half 2009: New count by Statistics Denmark." in line
