"""Behind a reverse proxy, log-in throttling counts each client address on its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from config import TestingConfig
from core.extensions import db as _db
from tests.conftest import IsolatedClient
from tests.factories import commit
from tests.web import post


@pytest.fixture
def proxied(app: Flask) -> Iterator[Callable[[int], Flask]]:
    """A second app on the test database behind ``n`` proxies; its connections are closed."""
    made: list[Flask] = []

    def build(proxies: int) -> Flask:
        made.append(
            create_app(
                TestingConfig,
                SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                LOGIN_LIMIT_PER_ADDRESS="3 per 15 minutes",
                PROXY_COUNT=proxies,
            )
        )
        made[-1].test_client_class = IsolatedClient
        return made[-1]

    yield build
    for other in made:
        with other.app_context():
            _db.session.remove()
            _db.engine.dispose()


def _fail_from(client: FlaskClient, address: str, n: int) -> int:
    status = 0
    for i in range(n):
        status = post(
            client,
            "/login",
            {"email": f"u{address}-{i}@example.dk", "password": "wrong-password"},
            headers={"X-Forwarded-For": f"203.0.113.9, {address}"},
        ).status_code
    return status


def test_with_one_proxy_two_forwarded_addresses_are_throttled_separately(
    proxied: Callable[[int], Flask], db: Any
) -> None:
    commit()
    client = proxied(1).test_client()
    assert _fail_from(client, "198.51.100.1", 3) == 401
    assert _fail_from(client, "198.51.100.1", 1) == 429
    assert _fail_from(client, "198.51.100.2", 1) == 401


def test_without_a_proxy_a_forwarded_address_is_not_believed(
    proxied: Callable[[int], Flask], db: Any
) -> None:
    commit()
    client = proxied(0).test_client()
    assert _fail_from(client, "198.51.100.1", 3) == 401
    assert _fail_from(client, "198.51.100.2", 1) == 429  # the same peer: one address


@pytest.mark.parametrize("proxies", [1, 2])
def test_the_proxy_count_decides_which_forwarded_address_is_the_client(
    proxied: Callable[[int], Flask], proxies: int
) -> None:
    other = proxied(proxies)
    seen: list[str] = []

    @other.get("/_peer")
    def _peer() -> str:
        from flask import request

        seen.append(request.remote_addr or "")
        return "ok"

    other.test_client().get("/_peer", headers={"X-Forwarded-For": "192.0.2.7, 198.51.100.3"})
    assert seen == [{1: "198.51.100.3", 2: "192.0.2.7"}[proxies]]


def test_log_in_attempts_are_counted_in_redis_when_it_is_configured() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/3"}
    env.pop("RATELIMIT_STORAGE_URI", None)
    out = subprocess.run(  # a fresh interpreter: the settings are read at import
        [sys.executable, "-c", "import config; print(config.Config.RATELIMIT_STORAGE_URI)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "redis://127.0.0.1:6379/3"
