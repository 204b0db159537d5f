"""The group table (administrators only, audited, bad input changes nothing), the log-in
page with single sign-on, and the password log-in when single sign-on is required."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db as _db
from core.models import AuditEvent, Role, SsoGroupMapping
from core.sso import SsoIdentity, SsoRefused, identity_from_claims
from tests.factories import commit, make_admin, make_body, make_member, make_user
from tests.web import login, post, text_of

SSO = {
    "OIDC_ISSUER": "http://127.0.0.1:9/",
    "OIDC_CLIENT_ID": "barometer",
    "OIDC_CLIENT_SECRET": "secret",
}
CLAIMS = {
    "OIDC_SUBJECT_CLAIM": "sub",
    "OIDC_EMAIL_CLAIM": "email",
    "OIDC_NAME_CLAIM": "name",
    "OIDC_GROUPS_CLAIM": "groups",
}


def _count(model: Any) -> int:
    return int(_db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_an_administrator_adds_and_removes_a_group_and_both_are_audited(
    client: FlaskClient, db: Any
) -> None:
    make_admin()
    biu = make_body("BIU")
    commit()
    login(client, "admin@example.dk")

    answer = post(
        client,
        "/admin/sso-groups/",
        {"group_name": " BIU-medlemmer ", "grant": f"member:{biu.id}"},
        follow_redirects=True,
    )

    assert "Gruppen BIU-medlemmer blev tilføjet." in text_of(answer)
    mapping = _db.session.scalars(select(SsoGroupMapping)).one()
    assert (mapping.group_name, mapping.role, mapping.body_id) == (
        "BIU-medlemmer",
        Role.MEMBER,
        biu.id,
    )
    answer = post(client, f"/admin/sso-groups/{mapping.id}/remove", follow_redirects=True)
    assert "Gruppen BIU-medlemmer blev fjernet." in text_of(answer)
    assert _count(SsoGroupMapping) == 0
    actions = _db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["sso_group.added", "sso_group.removed"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"group_name": "", "grant": "admin"}, "Gruppe"),
        ({"group_name": "x" * 256, "grant": "admin"}, "Gruppe"),
        ({"group_name": "Admins", "grant": "member:999999"}, "Ikke et gyldigt valg"),
        ({"group_name": "Admins", "grant": "emperor"}, "Ikke et gyldigt valg"),
        ({"group_name": "Admins", "grant": "member"}, "Ikke et gyldigt valg"),
    ],
)
def test_bad_input_on_the_group_table_changes_nothing_and_says_why(
    client: FlaskClient, db: Any, data: dict[str, str], message: str
) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    before = _count(AuditEvent)

    answer = post(client, "/admin/sso-groups/", data)

    assert answer.status_code == 400
    assert message in text_of(answer)
    assert _count(SsoGroupMapping) == 0
    assert _count(AuditEvent) == before


def test_the_same_group_cannot_give_the_same_role_twice(client: FlaskClient, db: Any) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    post(client, "/admin/sso-groups/", {"group_name": "Admins", "grant": "admin"})

    answer = post(client, "/admin/sso-groups/", {"group_name": "ADMINS", "grant": "admin"})

    assert answer.status_code == 400
    assert "Gruppen ADMINS giver allerede denne rolle." in text_of(answer)
    assert _count(SsoGroupMapping) == 1


def test_only_administrators_see_or_change_the_group_table(client: FlaskClient, db: Any) -> None:
    make_member(email="m@example.dk")
    make_user("s@example.dk", role=Role.SECRETARIAT)
    commit()
    assert client.get("/admin/sso-groups/").status_code == 302
    for email in ("m@example.dk", "s@example.dk"):
        login(client, email)
        assert client.get("/admin/sso-groups/").status_code == 403
        answer = post(client, "/admin/sso-groups/", {"group_name": "X", "grant": "admin"})
        assert answer.status_code == 403
        post(client, "/logout")
    assert _count(SsoGroupMapping) == 0


def test_the_log_in_page_offers_the_municipalitys_account_only_when_configured(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    assert "Log ind med kommunens konto" not in text_of(client.get("/login"))
    assert client.get("/login/sso").status_code == 404
    configured(**SSO)
    page = text_of(client.get("/login?next=/audit/"))
    assert "Log ind med kommunens konto" in page
    assert 'href="/login/sso?next=/audit/"' in page


def test_when_sso_is_required_only_administrators_log_in_with_a_password(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    make_admin()
    make_member(email="member@example.dk")
    commit()
    configured(SSO_REQUIRED=True, **SSO)
    before = _count(AuditEvent)
    assert "Kun administratorer logger ind med adgangskode." in text_of(client.get("/login"))

    answer = post(
        client, "/login", {"email": "member@example.dk", "password": "correct-horse-battery"}
    )

    assert answer.status_code == 403
    assert "Log ind med kommunens konto." in text_of(answer)
    assert client.get("/account/password").status_code == 302
    assert _count(AuditEvent) == before
    login(client, "admin@example.dk")
    assert client.get("/account/password").status_code == 200


def test_sso_required_has_no_effect_without_sso(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    make_member(email="member@example.dk")
    commit()
    configured(SSO_REQUIRED=True)
    login(client, "member@example.dk")


def test_claims_are_read_by_the_configured_names() -> None:
    claims = {
        "iss": "https://login.example/tenant/v2.0",
        "oid": "0f1e",
        "preferred_username": " Anna@Kommune.DK ",
        "name": "Anna",
        "roles": "Barometer-admin",
    }
    config = {
        **CLAIMS,
        "OIDC_SUBJECT_CLAIM": "oid",
        "OIDC_EMAIL_CLAIM": "preferred_username",
        "OIDC_GROUPS_CLAIM": "roles",
    }
    assert identity_from_claims(claims, config) == SsoIdentity(
        "https://login.example/tenant/v2.0", "0f1e", "anna@kommune.dk", "Anna", ("Barometer-admin",)
    )


@pytest.mark.parametrize(
    "claims",
    [
        {"iss": "https://idp", "email": "a@example.dk"},
        {"iss": "https://idp", "sub": " ", "email": "a@example.dk"},
        {"iss": "https://idp", "sub": "a"},
        {"iss": "https://idp", "sub": "a", "email": "not an address"},
    ],
)
def test_claims_without_a_subject_or_an_address_are_refused(claims: dict[str, Any]) -> None:
    with pytest.raises(SsoRefused):
        identity_from_claims(claims, CLAIMS)


def test_erasing_a_user_forgets_their_identity_at_the_provider(db: Any) -> None:
    from core.clock import utcnow
    from core.services import sso as sso_service
    from core.services.user_privacy import erase_user, export_user

    admin = make_admin()
    identity = SsoIdentity("https://idp.example", "subject-1", "kim@example.dk", "Kim")
    user = sso_service.sign_in(identity, now=utcnow(), create_users=True, link_by_email=True)
    assert export_user(user)["account"]["sso_subject"] == "subject-1"

    erase_user(user, actor=admin, now=utcnow())

    assert (user.sso_issuer, user.sso_subject) == (None, None)
    assert sso_service.find_user_by_subject("https://idp.example", "subject-1") is None


def test_an_administrators_account_is_never_taken_over_by_its_address(db: Any) -> None:
    from core.clock import utcnow
    from core.services import sso as sso_service

    admin = make_admin("chef@example.dk")
    commit()
    identity = SsoIdentity("https://idp.example", "someone", "chef@example.dk", "Chef")
    with pytest.raises(SsoRefused):
        sso_service.sign_in(identity, now=utcnow(), create_users=True, link_by_email=True)
    assert (admin.sso_issuer, admin.sso_subject) == (None, None)


def test_an_address_the_provider_has_not_verified_links_no_account(db: Any) -> None:
    from core.clock import utcnow
    from core.services import sso as sso_service

    member = make_user("kim@example.dk")
    commit()
    claims = {"iss": "https://idp", "sub": "x", "email": "kim@example.dk", "email_verified": False}
    identity = identity_from_claims(claims, CLAIMS)
    with pytest.raises(SsoRefused):
        sso_service.sign_in(identity, now=utcnow(), create_users=True, link_by_email=True)
    assert member.sso_subject is None
