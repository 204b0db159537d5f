"""Creating a hearing on a policy that another hearing is under way on warns of the overlap
(at creation, on the draft hearing's page and before issuing)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from barometer.services import catalogue_versions as catalogue_services
from core.extensions import db as _db
from hearing.models import Hearing
from tests.barometer.factories import make_approved, make_policy
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER
from tests.hearing.factories import make_issued
from tests.hearing.test_views import _form
from tests.web import login, post, text_of

WARNING = (
    "En anden høring om samme politik er ikke afgjort endnu: BIU 9/2006 (Åben for høringssvar)"
)


def test_a_hearing_that_will_overlap_is_warned_about(client: FlaskClient, db: Any) -> None:
    v1 = make_approved(policy=make_policy("Politik med overlap"))
    v2 = catalogue_services.create_draft(v1.policy, label="Udkast", actor=None, now=LATER)
    make_issued(v2, reference="BIU 9/2006", codes=("ØU",))
    commit()
    login(client, "sek@example.dk")
    created = post(client, "/hearings/new", _form(v1.id), follow_redirects=True)
    assert created.status_code == 200
    assert WARNING in text_of(created)
    hearing = _db.session.scalar(select(Hearing).where(Hearing.reference == "BIU 1/2007"))
    assert WARNING in text_of(client.get(f"/hearings/{hearing.id}"))
    assert WARNING in text_of(client.get(f"/hearings/{hearing.id}/issue"))


def test_a_hearing_alone_on_its_policy_gets_no_warning(client: FlaskClient, db: Any) -> None:
    v1 = make_approved(policy=make_policy("Politik uden overlap"))
    make_issued(make_approved(policy=make_policy("En anden politik")), reference="BIU 9/2006")
    commit()
    login(client, "sek@example.dk")
    created = post(client, "/hearings/new", _form(v1.id), follow_redirects=True)
    assert created.status_code == 200 and "overlap" not in text_of(created)
    assert "ikke afgjort endnu" not in text_of(created)
