"""Absolute links come from PUBLIC_BASE_URL, never from the Host header; hosts are trusted."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

import config
from app import create_app
from tests.barometer.factories import make_approved
from tests.factories import commit
from tests.hearing.factories import make_issued

BASE = "https://barometer.kk.dk"
FORGED = {"Host": "evil.example"}


def _links(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [link for item in value.values() for link in _links(item)]
    if isinstance(value, list):
        return [link for item in value for link in _links(item)]
    return [value] if isinstance(value, str) and "://" in value else []


@pytest.mark.parametrize("path", ["/api/v1/catalogue/versions", "/api/v1/hearings", "hearing"])
def test_api_links_use_the_public_base_url_whatever_the_host_header_says(
    client: FlaskClient, db: Any, configured: Any, path: str
) -> None:
    configured(PUBLIC_BASE_URL=BASE)
    make_approved()
    hearing = make_issued()
    commit()
    if path == "hearing":
        path = f"/api/v1/hearings/{hearing.id}"
    response = client.get(path, headers=FORGED)
    links = _links(response.json)
    assert response.status_code == 200 and links, response.json
    assert all(link.startswith(f"{BASE}/") for link in links), links


def test_a_forged_host_is_refused_when_trusted_hosts_are_set(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    configured(TRUSTED_HOSTS=["barometer.kk.dk"])
    assert client.get("/api/v1/hearings", headers=FORGED).status_code == 400
    trusted = client.get("/api/v1/hearings", headers={"Host": "barometer.kk.dk"})
    assert trusted.status_code == 200


def test_production_trusts_the_host_of_the_public_base_url_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://barometer.kk.dk/")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    assert create_app(config.ProductionConfig).config["TRUSTED_HOSTS"] == ["barometer.kk.dk"]
    monkeypatch.setenv("TRUSTED_HOSTS", "barometer.kk.dk, intern.kk.dk")
    app = create_app(config.ProductionConfig)
    assert app.config["TRUSTED_HOSTS"] == ["barometer.kk.dk", "intern.kk.dk"]
