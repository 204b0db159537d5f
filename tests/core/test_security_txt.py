"""``/.well-known/security.txt`` (RFC 9116): who to tell about a security problem, set by
``SECURITY_CONTACT``; without it the file is not there."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask.testing import FlaskClient


def _fields(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def test_the_file_names_the_configured_contact(client: FlaskClient, configured: Any) -> None:
    configured(SECURITY_CONTACT="sikkerhed@kommune.dk", PUBLIC_BASE_URL="https://barometer.kk.dk")
    answer = client.get("/.well-known/security.txt")
    assert answer.status_code == 200
    assert answer.mimetype == "text/plain"
    fields = _fields(answer.get_data(as_text=True))
    assert fields["Contact"] == "mailto:sikkerhed@kommune.dk"
    assert fields["Canonical"] == "https://barometer.kk.dk/.well-known/security.txt"
    assert fields["Preferred-Languages"] == "da, en"
    expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert 300 < (expires - datetime.now(UTC)).days <= 366


def test_a_web_address_is_given_as_it_is(client: FlaskClient, configured: Any) -> None:
    configured(SECURITY_CONTACT="https://www.kk.dk/sikkerhed")
    fields = _fields(client.get("/.well-known/security.txt").get_data(as_text=True))
    assert fields["Contact"] == "https://www.kk.dk/sikkerhed"


def test_without_a_contact_there_is_no_file(client: FlaskClient, configured: Any) -> None:
    configured(SECURITY_CONTACT="")
    assert client.get("/.well-known/security.txt").status_code == 404
