"""A draft locked by a hearing says so on its page and offers nothing that would be refused."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from tests.hearing.factories import make_issued
from tests.web import login, text_of

EDIT_ROUTES = ("/approve", "/import", "/discard", "/focus-areas/new")
EDIT_LINKS = ("/edit", "/goals/new", "/indicators/new", "/criteria/new", "/move")


def test_a_locked_draft_names_its_hearing_and_hides_every_change(
    client: FlaskClient, db: Any
) -> None:
    hearing = make_issued()
    number, hearing_id = hearing.version.number, hearing.id
    db.session.commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/barometer/catalogue/versions/{number}"))
    words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Låst af høring BIU 227/2006: Høring over koncept og oversigtsskema til 1. feb" in words
    assert "2007" in words.split("Låst af høring", 1)[1][:120]  # the hearing's deadline
    assert f'href="/hearings/{hearing_id}"' in page
    base = f"/barometer/catalogue/versions/{number}"
    for route in EDIT_ROUTES:
        assert f'href="{base}{route}"' not in page, route
    for fragment in EDIT_LINKS:
        assert f'{fragment}"' not in page, fragment


def test_an_unlocked_draft_still_offers_its_changes(client: FlaskClient, db: Any) -> None:
    from tests.barometer.factories import make_draft_with_content
    from tests.factories import make_secretariat

    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    make_secretariat()
    db.session.commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/barometer/catalogue/versions/{draft.number}"))
    assert "Låst af høring" not in page
    assert f'href="/barometer/catalogue/versions/{draft.number}/approve"' in page
