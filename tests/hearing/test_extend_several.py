"""One extension for several bodies at once: all or none, each body told."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from core.extensions import db as _db
from tests.factories import commit
from tests.hearing.factories import FUTURE
from tests.hearing.response_factories import consultee, open_hearing, submitted
from tests.web import login, post, text_of


def _extended(hearing: Any) -> dict[str, bool]:
    _db.session.expire_all()
    return {c.body.code: c.extension_until is not None for c in hearing.consultees}


def test_several_bodies_get_the_same_extension(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(deadline=FUTURE, codes=("ØU", "BUU", "IR"))
    submitted(hearing, "BUU")
    commit()
    login(client, "sek@example.dk")
    url = f"/hearings/{hearing.id}/extend"
    page = text_of(client.get(url))
    ids = {code: consultee(hearing, code).id for code in ("ØU", "BUU", "IR")}
    assert f'value="{ids["IR"]}" checked' in page and f'value="{ids["BUU"]}" checked' not in page
    form = {
        "consultee_ids": [str(ids["ØU"]), str(ids["IR"])],
        "until_date": "2099-03-01",
        "until_time": "",
        "reason": "Udvalgsmøder efter fristen",
    }
    answer = post(client, url, form, follow_redirects=True)
    assert "Fristen er forlænget for IR, ØU." in text_of(answer)
    assert _extended(hearing) == {"ØU": True, "BUU": False, "IR": True}


def test_a_refused_extension_changes_no_body(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(deadline=FUTURE, codes=("ØU", "IR"))
    commit()
    login(client, "sek@example.dk")
    url = f"/hearings/{hearing.id}/extend"
    ids = [str(c.id) for c in hearing.consultees]
    none_chosen = post(client, url, {"until_date": "2099-03-01", "reason": "x"})
    assert none_chosen.status_code == 400 and "Vælg mindst én part." in text_of(none_chosen)
    too_early = post(
        client, url, {"consultee_ids": ids, "until_date": "2099-01-01", "reason": "Møder"}
    )
    assert too_early.status_code == 400
    assert "IR: " in text_of(too_early) or "ØU: " in text_of(too_early)
    assert "Møder</textarea>" in text_of(too_early)  # what was typed is kept
    assert _extended(hearing) == {"ØU": False, "IR": False}
