"""Every page carries the security headers; the session cookie has its flags."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from core.security import SECURITY_HEADERS
from tests.factories import commit, make_admin
from tests.web import login

PAGES = ["/", "/login", "/healthz", "/does-not-exist", "/admin/users"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_pages_have_no_inline_script_or_event_handler_attributes(client: FlaskClient) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    for path in ["/", "/admin/users", "/admin/users/new", "/admin/bodies", "/audit/"]:
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html
        assert " onclick=" not in html and " onsubmit=" not in html and " onload=" not in html
        assert "style=" not in html


def test_session_cookie_is_httponly_and_samesite_lax(client: FlaskClient) -> None:
    make_admin()
    commit()
    response = login(client, "admin@example.dk")
    cookie = next(v for k, v in response.headers.items() if k == "Set-Cookie" and "session=" in v)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure() -> None:
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True
