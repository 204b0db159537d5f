"""Helpers for tests that use the Flask test client with CSRF protection on."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from tests.factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """A token bound to the client's session: every page's language form carries one."""
    page = client.get(path)
    match = _CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def post(
    client: FlaskClient, path: str, data: dict[str, Any] | None = None, **kw: Any
) -> TestResponse:
    payload = {"csrf_token": csrf_token(client), **(data or {})}
    return client.post(path, data=payload, **kw)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    response = post(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """The app on a port of its own in a thread, as a browser or another program reaches it."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
