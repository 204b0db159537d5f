"""The demo's 2007 hearing is past its retention date: ``flask privacy purge`` erases its
personal data, and its public page, responses and hashes still work (docs/privacy.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.clock import utcnow
from core.demo import load_demo
from hearing.demo.hearings import CONTACT_EMAIL, CONTACT_NAME, FIRST_REFERENCE
from hearing.demo.responses import SIGNED_BY
from hearing.models import Hearing
from hearing.queries.responses import current_submitted_versions
from hearing.services.frozen_versions import verify_version
from tests.core.test_translation_crawl import _choose
from tests.privacy_search import find_everywhere
from tests.web import text_of

PERSONAL = (CONTACT_NAME, CONTACT_EMAIL, *(name.split(",")[0] for name in SIGNED_BY.values()))


def test_the_2007_hearing_is_purged_and_its_page_and_hashes_still_work(
    app: Flask, db: Any, client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Folders of this test's own: the suite's are shared, and other tests' demos store the
    # same signed scans in them.
    for key in ("UPLOAD_FOLDER", "STORAGE_DIR"):
        (tmp_path / key).mkdir()
        monkeypatch.setitem(app.config, key, str(tmp_path / key))
    load_demo(utcnow())
    db.session.commit()
    hearing = db.session.scalar(select(Hearing).where(Hearing.reference == FIRST_REFERENCE))
    assert hearing is not None and hearing.state == "decided"
    page = text_of(client.get(f"/hearings/public/{hearing.id}"))
    # 730 days after BIU's meeting of 18 April 2007.
    assert "Personoplysninger slettes 17. april 2009." in page
    before = find_everywhere(PERSONAL)
    assert {h.rsplit(": ", 1)[1].lower() for h in before} >= {
        "lone sagsbehandler",
        "birthe bønnelykke",
    }
    hashes = {v.receipt_number: v.sha256 for v in current_submitted_versions(hearing)}
    assert "/attachments/" in text_of(client.get(f"/hearings/public/{hearing.id}/responses"))
    runner = app.test_cli_runner()

    first = runner.invoke(args=["privacy", "purge"])
    assert first.exit_code == 0, first.output
    assert "hearings: hearings 1, files 6" in first.output
    again = runner.invoke(args=["privacy", "purge"])
    assert again.exit_code == 0 and "hearings: hearings 0, files 0" in again.output

    db.session.expire_all()
    assert find_everywhere(PERSONAL) == []
    versions = current_submitted_versions(hearing)
    assert {v.receipt_number: v.sha256 for v in versions} == hashes
    assert all(verify_version(v) for v in versions)
    page = text_of(client.get(f"/hearings/public/{hearing.id}"))
    assert "Personoplysninger blev slettet" in page and "Lone" not in page
    responses = client.get(f"/hearings/public/{hearing.id}/responses")
    assert responses.status_code == 200
    for sha in hashes.values():
        assert sha in text_of(responses)
    # The scans are named with their fingerprint, marked erased and no longer linked.
    assert "slettet med personoplysningerne" in text_of(responses)
    assert "/attachments/" not in text_of(responses)
    _choose(client, "en")
    english = text_of(client.get(f"/hearings/public/{hearing.id}"))
    assert "Personal data was erased on" in english
