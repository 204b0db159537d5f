"""The public edition opens in plain words; the method page explains the method (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from barometer.editions import pdf as edition_pdf
from barometer.models import Edition
from tests.barometer.edition_factories import make_periods, make_published
from tests.web import text_of


@pytest.fixture
def published(db: Any, configured: Any) -> Edition:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    make_periods()
    edition = make_published("2007-H2")
    db.session.commit()
    return edition


def test_the_edition_opens_with_the_summary_then_the_caveat_and_ends_with_the_hash(
    client: FlaskClient, published: Edition
) -> None:
    page = text_of(client.get(f"/barometer/editions/{published.id}/"))
    summary = page.index("1 af 2 indikatorer går i den rigtige retning, 1 i den forkerte.")
    caveat = page.index("Barometeret er ikke en evaluering")
    method, sha = page.index('id="method-heading"'), page.index(published.sha256)
    assert summary < caveat < method < sha
    assert "/barometer/metode#verify" in page
    english = text_of(client.get(f"/barometer/editions/{published.id}/?lang=en"))
    assert "1 of 2 indicators is moving in the right direction, 1 in the wrong one." in english
    assert "/barometer/metode?lang=en#verify" in english


def test_jargon_is_explained_and_parameters_are_words(
    client: FlaskClient, published: Edition
) -> None:
    page = text_of(client.get(f"/barometer/editions/{published.id}/"))
    assert "Forholdstallet siger, hvor stor en del af den planlagte fremgang" in page
    assert "Scoren går fra -1 til +1" in page
    assert "Forholdstal på mindst 0,95" in page
    assert "<code>on_track</code>" not in page and "min_coverage" not in page


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_method_page_has_the_rules_in_words_and_a_computed_example(
    client: FlaskClient, db: Any, lang: str
) -> None:
    response = client.get("/barometer/metode" + ("?lang=en" if lang == "en" else ""))
    assert response.status_code == 200
    page = text_of(response)
    assert f'<html lang="{lang}">' in page
    if lang == "da":
        assert "Forholdstal fra 0,60 op til 0,95" in page
        assert "Faldt fra 49,0 % til 48,3 % (-0,7 procentpoint). Højere er bedre: rød." in page
        assert "0,77 gange den forventede fremgang" in page
        assert "Færre end 50 % af indikatorerne" in page
    else:
        assert "A ratio from 0.60 up to 0.95" in page
        assert "Fell from 49.0% to 48.3% (-0.7 points). Higher is better: red." in page
    assert 'id="verify"' in page
    assert client.get("/barometer/method").headers["Location"].endswith("/barometer/metode?lang=en")


def test_the_report_opens_with_the_caveat_then_the_summary_and_ends_with_the_hash(
    client: FlaskClient, published: Edition
) -> None:
    with client.application.test_request_context():
        html = edition_pdf.report_html(published.snapshot, "da")
    summary = html.index("1 af 2 indikatorer går i den rigtige retning, 1 i den forkerte.")
    caveat = html.index("Barometeret er ikke en evaluering")
    assert caveat < html.index('id="rp-summary"') < summary < html.index(published.sha256)
    assert "Forholdstal på mindst 0,95" in html and "on_track =" not in html
