"""The detector the hostile-text test relies on finds what each payload would make of a
page when it is not escaped, and nothing when it is (in text and in attributes)."""

from __future__ import annotations

import pytest
from markupsafe import escape

from tests.security.hostile import PAYLOADS, leaks

# Payloads that do harm only where Markdown or a template would interpret them.
TEXT_ONLY = {"[klik](javascript:alert(7))", "{{ 7*7 }}{% print(11) %}"}


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p not in TEXT_ONLY])
def test_an_unescaped_payload_is_found(payload: str) -> None:
    found = leaks(f"<p>{payload}</p>") + leaks(f'<div title="{payload}"></div>')
    found += leaks(f"<div title='{payload}'></div>")
    assert found, payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_escaped_payload_is_not(payload: str) -> None:
    assert not leaks(f'<p>{escape(payload)}</p><div title="{escape(payload)}"></div>')
