"""A user's personal data (docs/privacy.md): the administrator's export and erasure, and
inactive accounts warned, deactivated and anonymised by ``privacy purge``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core import audit
from core.mail_models import OutboundEmail
from core.mail_sending import send_due_emails
from core.models import AuditEvent, User
from core.services import user_privacy
from core.services.user_privacy import purge_inactive_users
from tests.conftest import SmtpSink
from tests.factories import make_admin, make_body, make_member, make_user
from tests.hearing.factories import NOW
from tests.hearing.response_factories import member, open_hearing, submitted
from tests.privacy_search import find_everywhere
from tests.web import login, post, text_of

NAME, EMAIL = "Vibeke Væring", "vibeke.vaering@example.org"


def _person() -> User:
    user = make_member(make_body("VU"), email=EMAIL)
    user.name = NAME
    audit.record(user, "user.updated", user, now=NOW, summary=EMAIL, changes={"name": NAME})
    return user


def test_the_export_holds_the_account_its_roles_and_what_it_did_in_hearings(
    db: Any, client: FlaskClient
) -> None:
    make_admin()
    hearing = open_hearing()
    version = submitted(hearing, "BUU", now=NOW)
    buu = member("BUU")
    db.session.commit()
    login(client, "admin@example.dk")
    response = post(client, f"/admin/users/{buu.id}/export.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="user-{buu.id}.json"'
    data = json.loads(text_of(response))
    assert data["format"] == "integrationsbarometer.user-export/1"
    assert data["account"]["email"] == buu.email and data["account"]["name"] == buu.name
    assert data["account"]["roles"] == [{"role": "member", "body": "BUU"}]
    assert [r["receipt_number"] for r in data["hearing"]["responses"]] == [version.receipt_number]
    assert data["hearing"]["responses"][0]["submitted_by_you"] is True
    assert any(e["action"] == "response.submitted" for e in data["audit_log"])
    assert data["emails"] and all("subject" in m for m in data["emails"])
    exported = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.exported"))
    assert exported is not None and exported.summary == f"#{buu.id}"


def test_erasure_leaves_nothing_of_the_name_or_address_and_audits_only_that_it_happened(
    db: Any, client: FlaskClient
) -> None:
    admin = make_admin()
    person = _person()
    hearing = open_hearing(contact_name=NAME, contact_email=EMAIL)
    db.session.commit()
    assert find_everywhere([NAME, EMAIL])
    login(client, admin.email)
    page = client.get(f"/admin/users/{person.id}/erase")
    assert page.status_code == 200 and "Ja, slet brugeren" in text_of(page)
    refused = post(client, f"/admin/users/{person.id}/erase", {})
    assert refused.status_code == 400 and "Sæt flueben" in text_of(refused)
    assert find_everywhere([NAME, EMAIL])
    done = post(client, f"/admin/users/{person.id}/erase", {"confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert find_everywhere([NAME, EMAIL]) == []
    erased = db.session.get(User, person.id)
    assert erased.email == f"anonymised-{person.id}@anonymised.invalid"
    assert not erased.active and erased.memberships == [] and erased.anonymised_at
    assert (hearing.contact_name, hearing.contact_email) == ("", "")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.erased"))
    assert event is not None and event.actor_id == admin.id and event.changes == {}
    assert event.summary == f"#{person.id}"


def test_receipts_and_hashes_of_an_erased_users_responses_still_verify(db: Any) -> None:
    from hearing.models.responses import ResponseVersion
    from hearing.services.frozen_versions import verify_version

    admin = make_admin()
    version = submitted(open_hearing(), "BUU", now=NOW)
    buu = member("BUU")
    db.session.commit()
    kept = (version.receipt_number, version.canonical_json, version.sha256)
    old = (buu.email, buu.name)
    user_privacy.erase_user(buu, actor=admin, now=NOW)
    db.session.commit()
    db.session.expire_all()
    version = db.session.get(ResponseVersion, version.id)
    assert (version.receipt_number, version.canonical_json, version.sha256) == kept
    assert verify_version(version) and version.submitted_by_id == buu.id
    assert not [value for value in old if value in version.canonical_json]


def test_a_subscription_of_the_users_address_is_exported_and_goes_with_the_erasure(
    db: Any,
) -> None:
    from core.models import Subscriber, Topic
    from core.services import subscriptions

    admin = make_admin()
    person = _person()
    wanted = subscriptions.SubscriptionRequest(EMAIL, frozenset({Topic.HEARINGS}), "en")
    subscriptions.request_subscription(EMAIL, ["hearings"], "en", now=NOW)
    subscriptions.confirm(subscriptions.confirm_token(wanted, NOW), now=NOW)
    db.session.commit()
    exported = user_privacy.export_user(person)["subscription"]
    assert exported == {"topics": ["hearings"], "locale": "en", "confirmed_at": NOW.isoformat()}
    user_privacy.erase_user(person, actor=admin, now=NOW)
    db.session.commit()
    assert db.session.scalars(select(Subscriber)).all() == []
    assert find_everywhere([NAME, EMAIL]) == []
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["subscription.ended", "user.erased"]


def test_erasure_without_the_csrf_token_changes_nothing(db: Any, client: FlaskClient) -> None:
    admin = make_admin()
    person = _person()
    db.session.commit()
    login(client, admin.email)
    response = client.post(f"/admin/users/{person.id}/erase", data={"confirm": "y"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, person.id).email == EMAIL


def test_an_administrator_cannot_erase_their_own_account(db: Any) -> None:
    import pytest

    from core.errors import ValidationFailed

    admin = make_admin()
    with pytest.raises(ValidationFailed):
        user_privacy.erase_user(admin, actor=admin, now=NOW)
    assert admin.anonymised_at is None


def test_only_administrators_export_or_erase(db: Any, client: FlaskClient) -> None:
    person = _person()
    other = make_member(make_body("XU"), email="other@example.dk")
    db.session.commit()
    login(client, other.email)
    assert post(client, f"/admin/users/{person.id}/export.json").status_code == 403
    assert post(client, f"/admin/users/{person.id}/erase", {"confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(User, person.id).email == EMAIL


# -- inactive accounts ----------------------------------------------------------------------

CREATED = datetime(2007, 1, 10, 11, 0, tzinfo=UTC)  # the factories' clock


def test_an_inactive_account_is_warned_then_deactivated_then_anonymised(
    app: Flask, db: Any, smtp_sink: SmtpSink, configured: Any
) -> None:
    configured(
        USER_INACTIVE_DEACTIVATE_DAYS=100,
        USER_INACTIVE_ANONYMISE_DAYS=200,
        USER_INACTIVE_WARNING_DAYS=14,
        MAIL_SEND_AFTER_COMMIT=False,
    )
    admin = make_admin()
    person = make_user(EMAIL, name=NAME)
    db.session.commit()
    day = CREATED + timedelta(days=85)
    assert purge_inactive_users(day) == {"warned": 0, "deactivated": 0, "anonymised": 0}
    day = CREATED + timedelta(days=86)
    assert purge_inactive_users(day)["warned"] == 1
    db.session.commit()
    send_due_emails(day)
    [message] = smtp_sink.messages()
    assert message["To"].addresses[0].addr_spec == EMAIL
    assert message["Subject"] == "Din konto bliver deaktiveret"
    assert "20. april 2007" in message.get_body(("plain",)).get_content()
    assert purge_inactive_users(day + timedelta(days=13))["deactivated"] == 0
    assert person.active
    assert purge_inactive_users(day + timedelta(days=14))["deactivated"] == 1
    assert not person.active
    assert purge_inactive_users(CREATED + timedelta(days=199))["anonymised"] == 0
    assert purge_inactive_users(CREATED + timedelta(days=200))["anonymised"] == 1
    db.session.commit()
    assert person.anonymised_at is not None and admin.anonymised_at is None and admin.active
    assert find_everywhere([NAME, EMAIL]) == []
    assert purge_inactive_users(CREATED + timedelta(days=400)) == {
        "warned": 0,
        "deactivated": 0,
        "anonymised": 0,
    }


def test_a_log_in_after_the_warning_keeps_the_account(db: Any, configured: Any) -> None:
    configured(USER_INACTIVE_DEACTIVATE_DAYS=100, USER_INACTIVE_WARNING_DAYS=14)
    person = make_user(EMAIL, name=NAME)
    warned = CREATED + timedelta(days=90)
    assert purge_inactive_users(warned)["warned"] == 1
    person.last_login_at = warned + timedelta(days=1)
    assert purge_inactive_users(warned + timedelta(days=20)) == {
        "warned": 0,
        "deactivated": 0,
        "anonymised": 0,
    }
    assert person.active
    sent = db.session.scalars(select(OutboundEmail).where(OutboundEmail.to_address == EMAIL))
    assert len(sent.all()) == 1
