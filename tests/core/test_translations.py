"""Every message is translated into Danish and English; Danish is the default."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from flask.testing import FlaskClient

from tests.web import post, text_of

ROOT = Path(__file__).resolve().parents[2]


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts/translations.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_no_message_in_the_danish_or_english_catalogues_is_untranslated() -> None:
    assert _tool().untranslated() == []


def test_the_catalogues_are_compiled() -> None:
    for package in ("core", "barometer", "hearing"):
        for locale in ("da", "en"):
            assert (
                ROOT / package / "translations" / locale / "LC_MESSAGES" / "messages.mo"
            ).exists()


def test_danish_is_the_default_and_english_can_be_chosen(client: FlaskClient) -> None:
    page = text_of(client.get("/login"))
    assert 'lang="da"' in page and "Log ind" in page
    post(client, "/language", {"locale": "en", "next": "/login"})
    page = text_of(client.get("/login"))
    assert 'lang="en"' in page and "Log in" in page


def test_an_unknown_language_is_ignored(client: FlaskClient) -> None:
    post(client, "/language", {"locale": "xx", "next": "/"})
    assert 'lang="da"' in text_of(client.get("/"))


def test_wtforms_messages_are_danish(client: FlaskClient) -> None:
    response = post(client, "/login", {"email": "", "password": ""})
    assert "Dette felt skal udfyldes." in text_of(response)


def test_a_message_shared_by_two_catalogues_has_the_same_danish_translation() -> None:
    """Flask-Babel merges the catalogues; a msgid translated two ways would show one at random."""
    from babel.messages.pofile import read_po

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for package in ("core", "barometer", "hearing"):
        path = ROOT / package / "translations" / "da" / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as fh:
            for message in read_po(fh):
                if not message.id:
                    continue
                key, value = str(message.id), str(message.string)
                if key in seen and seen[key][1] != value:
                    clashes.append(f"{key!r}: {seen[key][0]}={seen[key][1]!r}, {package}={value!r}")
                seen.setdefault(key, (package, value))
    assert clashes == []
