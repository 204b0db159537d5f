"""The hearing letter shown in English says everything of its own in English: the headings,
the deadline sentence, the greeting, the bodies' names. The hearing's own texts (its title,
letter, questions, the signatory's title, the annexes' titles) are written in Danish and stay
so, marked ``lang="da"`` for screen readers."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

import config
from hearing.models import Hearing
from tests.core.test_translation_crawl import _choose, problems_of, visible_text
from tests.demo_cache import load_demo_once
from tests.web import login, text_of


@pytest.fixture
def demo(app: Flask, db: Any) -> None:
    load_demo_once()
    db.session.commit()


@cache
def _danish_words() -> frozenset[str]:
    """Every Danish translation of a short interface text (one or two words: "Bilag",
    "Med venlig hilsen", "Sagsnummer") that differs from its English msgid."""
    found: set[str] = set()
    for po in Path(config.BASE_DIR).glob("*/translations/da/LC_MESSAGES/messages.po"):
        with po.open("rb") as f:
            for message in read_po(f):
                if isinstance(message.id, str) and isinstance(message.string, str):
                    text = message.string.strip(" .:")
                    if text and text != message.id.strip(" .:") and "%" not in text:
                        found.add(text)
    return frozenset(t for t in found if len(t) >= 5 and len(t.split()) <= 3)


def danish_interface_words(text: str) -> list[str]:
    return sorted(w for w in _danish_words() if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))


@pytest.mark.parametrize("hearing_index", [0, 1])
def test_the_letter_in_english_has_no_danish_interface_words(
    app: Flask, demo: None, client: FlaskClient, db: Any, hearing_index: int
) -> None:
    hearing = db.session.query(Hearing).order_by(Hearing.id).all()[hearing_index]
    _choose(client, "en")
    login(client, "sekretariat@example.dk", app.config["DEMO_PASSWORD"])
    html = text_of(client.get(f"/hearings/{hearing.id}/letter"))
    letter = html[html.index('<article class="hearing-letter"') : html.index("</article>")]
    shown = visible_text(letter, "en")
    # The municipality's name is a proper name ("Københavns Kommune"), not interface text.
    words = danish_interface_words(shown.replace(app.config["MUNICIPALITY_NAME"], ""))
    assert not words, words
    assert not problems_of(shown, "en")
    # The hearing's own Danish texts are still there, marked as Danish.
    assert f'<h2 id="letter-title" lang="da">{hearing.title}</h2>' in letter.replace("&#39;", "'")
    assert '<div class="hearing-letter-text" lang="da">' in letter
    assert hearing.reply_body.name_en in shown


def test_the_letter_in_danish_marks_nothing_as_another_language(
    app: Flask, demo: None, client: FlaskClient, db: Any
) -> None:
    hearing = db.session.query(Hearing).order_by(Hearing.id).first()
    login(client, "sekretariat@example.dk", app.config["DEMO_PASSWORD"])
    html = text_of(client.get(f"/hearings/{hearing.id}/letter"))
    letter = html[html.index('<article class="hearing-letter"') : html.index("</article>")]
    assert "lang=" not in letter
    assert hearing.reply_body.name_da in letter
