"""The favicon is a file, never a 404 page, and sets no cookie; public pages describe
themselves for search engines and link previews."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def test_the_favicon_is_an_icon_without_a_cookie(client: FlaskClient) -> None:
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200
    assert answer.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert answer.data[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    assert "Set-Cookie" not in answer.headers
    assert "max-age" in answer.headers["Cache-Control"]


def test_pages_link_the_icon_and_public_pages_have_a_description(
    client: FlaskClient, db: Any
) -> None:
    assert 'rel="icon" href="/favicon.ico"' in client.get("/login").get_data(as_text=True)
    danish = client.get("/barometer/").get_data(as_text=True)
    assert '<meta name="description" content="Integrationsbarometeret for' in danish
    english = client.get("/barometer/?lang=en").get_data(as_text=True)
    assert '<meta name="description" content="The integration barometer of' in english


def test_the_public_hearing_pages_describe_themselves_in_the_reader_s_language(
    client: FlaskClient, db: Any
) -> None:
    from tests.factories import commit
    from tests.hearing.response_factories import open_hearing

    hearing = open_hearing()
    commit()
    index = client.get("/hearings/public/").get_data(as_text=True)
    assert '<meta name="description" content="Offentlige høringer i' in index
    page = client.get(f"/hearings/public/{hearing.id}").get_data(as_text=True)
    assert f'<meta name="description" content="Høring {hearing.reference} i' in page
    with client.session_transaction() as session:
        session["locale"] = "en"
    index = client.get("/hearings/public/").get_data(as_text=True)
    assert '<meta name="description" content="The public hearings of' in index
    page = client.get(f"/hearings/public/{hearing.id}").get_data(as_text=True)
    assert f'<meta name="description" content="Hearing {hearing.reference} of' in page
