"""Publishing deliberately: gaps are acknowledged, the public page names the body (issue 13)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from barometer.models import Edition
from barometer.services import editions as svc
from core.errors import ValidationFailed
from core.models import Role
from tests.barometer.edition_factories import NOW, make_draft, make_periods
from tests.factories import make_user
from tests.web import login, post, text_of

BODY = "Integrationssekretariatet, Københavns Kommune"


@pytest.fixture
def draft(db: Any, configured: Any) -> Edition:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False, PUBLISHER_NAME=BODY)
    make_periods()  # 2007-H2 lacks a value of A1-M1-I2 and has no assessment for some areas
    edition = make_draft("2007-H2")
    make_user("clerk@example.dk", role=Role.SECRETARIAT, name="Karen Sagsbehandler")
    db.session.commit()
    return edition


def _fingerprint(page: str) -> str:
    found = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', page)
    assert found
    return found.group(1)


def test_the_service_refuses_gaps_that_were_not_acknowledged(db: Any, draft: Edition) -> None:
    with pytest.raises(ValidationFailed):
        svc.publish(draft, actor=None, now=NOW, render_documents=False)
    assert not draft.is_published
    svc.publish(draft, actor=None, now=NOW, render_documents=False, acknowledged=True)
    assert draft.is_published


def test_the_confirmation_lists_the_gaps_and_needs_the_box_ticked(
    client: FlaskClient, db: Any, draft: Edition
) -> None:
    login(client, "clerk@example.dk")
    page = text_of(client.get(f"/barometer/editions/{draft.id}/publish"))
    assert "A1-M1-I2" in page and 'name="acknowledged"' in page
    refused = post(client, f"/barometer/editions/{draft.id}/publish",
                   {"fingerprint": _fingerprint(page)})  # fmt: skip
    assert refused.status_code == 400
    assert "Intet blev offentliggjort" in text_of(refused)
    db.session.expire_all()
    assert not db.session.get(Edition, draft.id).is_published
    done = post(client, f"/barometer/editions/{draft.id}/publish",
                {"fingerprint": _fingerprint(page), "acknowledged": "y"})  # fmt: skip
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Edition, draft.id).is_published


def test_the_public_page_names_the_publishing_body_never_the_clerk(
    client: FlaskClient, db: Any, draft: Edition
) -> None:
    login(client, "clerk@example.dk")
    page = text_of(client.get(f"/barometer/editions/{draft.id}/publish"))
    post(client, f"/barometer/editions/{draft.id}/publish",
         {"fingerprint": _fingerprint(page), "acknowledged": "y"})  # fmt: skip
    for url in (f"/barometer/editions/{draft.id}/", f"/barometer/editions/{draft.id}/data.json"):
        shown = text_of(client.get(url))
        assert "Karen Sagsbehandler" not in shown, url
        assert BODY in shown, url
