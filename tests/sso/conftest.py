"""A real OpenID Provider for the single sign-on tests, and the app served over HTTP.

``provider.mjs`` runs the npm package ``oidc-provider`` (``make install-dev`` installs it)
in Node on 127.0.0.1; the app runs in a thread on a port of its own, so the browser of
the tests (``requests``) goes back and forth between the two as a person's would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from flask import Flask

from config import BASE_DIR
from tests.conftest import free_port
from tests.web import served

NODE = shutil.which("node")
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "integrationsbarometer"
CLIENT_SECRET = "test-only-client-secret"
_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


@dataclass
class Provider:
    issuer: str
    users_file: Path
    process: subprocess.Popen[str]
    people: dict[str, dict[str, Any]] = field(default_factory=dict)

    def person(self, login: str, email: str, name: str, groups: list[str]) -> None:
        """Add or change a person (read by the provider at each log-in)."""
        self.people[login] = {"email": email, "name": name, "groups": groups}
        self.users_file.write_text(json.dumps(self.people), encoding="utf-8")


@pytest.fixture(scope="session")
def app_server(app: Flask) -> Iterator[str]:
    """The test app on a port of its own, as a person's browser reaches it."""
    with served(app) as url:
        yield url


def _wait_ready(process: subprocess.Popen[str], log: Path) -> str:
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("ready "):
        process.kill()
        process.wait(5)
        err = log.read_text(encoding="utf-8", errors="replace")
        raise RuntimeError(f"the OpenID Provider did not start: {line}{err}")
    return line.split()[1]


@pytest.fixture
def start_provider(app_server: str, tmp_path: Path) -> Iterator[Callable[..., Provider]]:
    """Start a provider for the app (``env``: TOKEN_CLOCK_OFFSET, FOREIGN_JWKS)."""
    yield from providers_for(app_server, tmp_path)


def providers_for(app_url: str, folder: Path) -> Iterator[Callable[..., Provider]]:
    """A function starting providers whose client is the app at ``app_url``; they are
    stopped when the generator is closed. Skips without Node.js."""
    if NODE is None:
        pytest.skip("Node.js is not installed: the tests run the OpenID Provider in node")
    if not (BASE_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("node_modules/oidc-provider is missing: run `make install-dev`")
    started: list[Provider] = []

    def start(**env: str) -> Provider:
        users = folder / f"users-{len(started)}.json"
        users.write_text("{}", encoding="utf-8")
        log = folder / f"provider-{len(started)}.log"  # its warnings, never a full pipe
        settings = {
            "PORT": str(free_port()),
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "REDIRECT_URI": f"{app_url}/login/sso/callback",
            "POST_LOGOUT_REDIRECT_URI": f"{app_url}/",
            "USERS_FILE": str(users),
            **env,
        }
        with log.open("w", encoding="utf-8") as errors:
            process = subprocess.Popen(  # noqa: S603 - our own script
                [str(NODE), str(SCRIPT)],
                cwd=BASE_DIR,
                env={**os.environ, **settings},
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
            )
        provider = Provider(_wait_ready(process, log), users, process)
        started.append(provider)
        return provider

    try:
        yield start
    finally:
        for provider in started:
            _stop(provider.process)


def _stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
    if process.stdout is not None:
        process.stdout.close()


def sso_settings(provider: Provider, app_url: str) -> dict[str, Any]:
    return {
        "OIDC_ISSUER": provider.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_SCOPES": "openid email profile groups",
        "PUBLIC_BASE_URL": app_url,
    }


@pytest.fixture
def use_provider(configured: Any, app_server: str) -> Callable[[Provider], None]:
    """Point the app's single sign-on at ``provider``."""

    def use(provider: Provider, **settings: Any) -> None:
        configured(**sso_settings(provider, app_server), **settings)

    return use


@pytest.fixture
def agent() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def is_redirect(response: requests.Response) -> bool:
    return response.status_code in (301, 302, 303, 307, 308)


def go(agent: requests.Session, url: str, stop: str) -> requests.Response:
    """GET ``url`` and follow redirects, but not into an address starting with ``stop``."""
    response = agent.get(url, allow_redirects=False, timeout=10)
    for _ in range(20):
        if not is_redirect(response):
            return response
        target = urljoin(response.url, response.headers["Location"])
        if target.startswith(stop):
            return response
        response = agent.get(target, allow_redirects=False, timeout=10)
    raise AssertionError("too many redirects")


def sign_in_at_provider(agent: requests.Session, page: requests.Response, login: str) -> str:
    """Fill in the provider's log-in form; the address it sends the agent back to."""
    match = _ACTION.search(page.text)
    assert match, page.text[:500]
    response = agent.post(
        urljoin(page.url, match.group(1)),
        data={"prompt": "login", "login": login, "password": "any"},
        allow_redirects=False,
        timeout=10,
    )
    app_host = None
    for _ in range(20):
        assert is_redirect(response), (response.status_code, response.text[:500])
        target = urljoin(response.url, response.headers["Location"])
        if urlsplit(target).path == "/login/sso/callback":
            app_host = target
            break
        response = agent.get(target, allow_redirects=False, timeout=10)
    assert app_host, "the provider never sent the agent back"
    return app_host


def start_sign_in(agent: requests.Session, app_server: str) -> requests.Response:
    """Press "Log in with the municipality's account": the provider's log-in page."""
    page = go(agent, f"{app_server}/login/sso", stop=f"{app_server}/login/sso/callback")
    assert page.status_code == 200, (page.status_code, page.text[:500])
    return page


def wait_for(check: Callable[[], bool], seconds: float = 5) -> None:
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)
