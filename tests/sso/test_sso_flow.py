"""Single sign-on against a real OpenID Provider (oidc-provider in Node, tests/sso/provider.mjs):
the code flow with PKCE, state and nonce, the group table, and the checks of the ID token."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from flask import Flask
from sqlalchemy import select

from core.extensions import db as _db
from core.models import AuditEvent, Role, User
from core.services import sso as sso_service
from core.services.sso import GroupMappingData
from tests.factories import make_body, make_user
from tests.sso.conftest import (
    CLIENT_ID,
    is_redirect,
    sign_in_at_provider,
    start_sign_in,
)


def _map(group: str, role: Role, body_id: int | None = None) -> None:
    admin = _user("admin.sso@example.dk") or make_user("admin.sso@example.dk", role=Role.ADMIN)
    sso_service.add_group_mapping(GroupMappingData(group, role, body_id), actor=admin, now=_now())
    _db.session.commit()


def _now() -> Any:
    from core.clock import utcnow

    return utcnow()


def _log_in(agent: requests.Session, app_server: str, login: str) -> requests.Response:
    """The whole flow; the app's answer to the provider sending the agent back."""
    page = start_sign_in(agent, app_server)
    callback = sign_in_at_provider(agent, page, login)
    return agent.get(callback, allow_redirects=False, timeout=10)


def _logged_in(agent: requests.Session, app_server: str) -> bool:
    answer = agent.get(f"{app_server}/account/password", allow_redirects=False, timeout=10)
    return answer.status_code == 200


def _user(email: str) -> User | None:
    _db.session.rollback()
    _db.session.expire_all()
    return _db.session.scalar(select(User).where(User.email == email))


def _roles(user: User) -> set[tuple[str, str | None]]:
    return {(str(m.role), m.body.code if m.body else None) for m in user.memberships}


def test_first_log_in_creates_the_user_with_the_roles_of_their_groups(
    db: Any, start_provider: Any, use_provider: Any, agent: requests.Session, app_server: str
) -> None:
    biu = make_body("BIU")
    _db.session.commit()
    _map("BIU-medlemmer", Role.MEMBER, biu.id)
    provider = start_provider()
    provider.person("anna", "Anna@Example.dk", "Anna Andersen", ["BIU-medlemmer", "Alle"])
    use_provider(provider)

    answer = _log_in(agent, app_server, "anna")

    assert answer.status_code == 302, answer.text[:500]
    assert urlsplit(answer.headers["Location"]).path == "/"
    assert _logged_in(agent, app_server)
    user = _user("anna@example.dk")
    assert user is not None
    assert (user.name, user.sso_issuer, user.sso_subject) == (
        "Anna Andersen",
        provider.issuer,
        "anna",
    )
    assert _roles(user) == {("member", "BIU")}
    assert all(m.granted_by_sso for m in user.memberships)
    actions = set(_db.session.scalars(select(AuditEvent.action)).all())
    assert {"user.created", "user.logged_in_sso"} <= actions


def test_a_removed_group_takes_the_role_away_at_the_next_log_in_and_hand_given_roles_stay(
    db: Any, start_provider: Any, use_provider: Any, app_server: str
) -> None:
    biu = make_body("BIU")
    _db.session.commit()
    _map("BIU-medlemmer", Role.MEMBER, biu.id)
    _map("Barometer-admin", Role.ADMIN)
    provider = start_provider()
    provider.person("bo", "bo@example.dk", "Bo", ["BIU-medlemmer", "Barometer-admin"])
    use_provider(provider)
    with requests.Session() as first:
        assert _log_in(first, app_server, "bo").status_code == 302
    user = _user("bo@example.dk")
    assert user is not None
    assert _roles(user) == {("member", "BIU"), ("admin", None)}
    from core.models import Membership

    user.memberships.append(Membership(role=Role.SECRETARIAT))  # given by hand
    _db.session.commit()

    provider.person("bo", "bo@example.dk", "Bo", ["BIU-medlemmer"])
    with requests.Session() as second:
        assert _log_in(second, app_server, "bo").status_code == 302
        assert _logged_in(second, app_server)

    user = _user("bo@example.dk")
    assert user is not None
    assert _roles(user) == {("member", "BIU"), ("secretariat", None)}
    entry = _db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.logged_in_sso").order_by(AuditEvent.id)
    ).all()[-1]
    assert entry.changes["roles"]["old"] != entry.changes["roles"]["new"]


def test_the_same_subject_is_the_same_user_after_a_change_of_address(
    db: Any, start_provider: Any, use_provider: Any, app_server: str
) -> None:
    provider = start_provider()
    provider.person("cai", "cai@example.dk", "Cai", [])
    use_provider(provider)
    with requests.Session() as first:
        assert _log_in(first, app_server, "cai").status_code == 302
    provider.person("cai", "cai.new@example.dk", "Cai Clausen", [])
    with requests.Session() as second:
        assert _log_in(second, app_server, "cai").status_code == 302
    assert _db.session.scalar(select(_db.func.count()).select_from(User)) == 1
    user = _user("cai.new@example.dk")
    assert user is not None
    assert user.name == "Cai Clausen"
    entry = _db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.logged_in_sso").order_by(AuditEvent.id)
    ).all()[-1]
    assert entry.changes["email"] == {"old": "cai@example.dk", "new": "cai.new@example.dk"}


def test_a_wrong_state_is_refused_and_logs_no_one_in(
    db: Any, start_provider: Any, use_provider: Any, agent: requests.Session, app_server: str
) -> None:
    provider = start_provider()
    provider.person("dan", "dan@example.dk", "Dan", [])
    use_provider(provider)
    page = start_sign_in(agent, app_server)
    callback = sign_in_at_provider(agent, page, "dan")
    query = parse_qs(urlsplit(callback).query)
    forged = callback.replace(f"state={query['state'][0]}", "state=forged-state")

    answer = agent.get(forged, allow_redirects=False, timeout=10)

    assert answer.status_code == 401
    assert "Log-in med kommunens konto mislykkedes" in answer.text
    assert not _logged_in(agent, app_server)
    assert _user("dan@example.dk") is None


def test_a_wrong_nonce_is_refused_and_logs_no_one_in(
    app: Flask,
    db: Any,
    start_provider: Any,
    use_provider: Any,
    agent: requests.Session,
    app_server: str,
) -> None:
    provider = start_provider()
    provider.person("eva", "eva@example.dk", "Eva", [])
    use_provider(provider)
    page = start_sign_in(agent, app_server)
    # The nonce the app keeps for this log-in (in its signed session cookie) is not the one
    # it sent the provider, as if the ID token had been made for another log-in.
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    cookie = next(c for c in agent.cookies if c.name == "session")
    data = serializer.loads(cookie.value)
    key = next(k for k in data if k.startswith("_state_oidc_"))
    data[key]["data"]["nonce"] = "another-nonce"
    agent.cookies.set("session", serializer.dumps(data), domain=cookie.domain, path=cookie.path)
    callback = sign_in_at_provider(agent, page, "eva")

    answer = agent.get(callback, allow_redirects=False, timeout=10)

    assert answer.status_code == 401
    assert not _logged_in(agent, app_server)
    assert _user("eva@example.dk") is None


def test_an_expired_id_token_is_refused(
    db: Any, start_provider: Any, use_provider: Any, agent: requests.Session, app_server: str
) -> None:
    # The provider's clock is two hours behind when it issues the tokens: the ID token
    # (valid one hour) has expired when it arrives, beyond the allowed clock skew.
    provider = start_provider(TOKEN_CLOCK_OFFSET="-7200")
    provider.person("finn", "finn@example.dk", "Finn", [])
    use_provider(provider)

    answer = _log_in(agent, app_server, "finn")

    assert answer.status_code == 401
    assert not _logged_in(agent, app_server)
    assert _user("finn@example.dk") is None


def test_an_id_token_signed_with_a_key_the_provider_does_not_publish_is_refused(
    db: Any, start_provider: Any, use_provider: Any, agent: requests.Session, app_server: str
) -> None:
    provider = start_provider(FOREIGN_JWKS="1")
    provider.person("gry", "gry@example.dk", "Gry", [])
    use_provider(provider)

    answer = _log_in(agent, app_server, "gry")

    assert answer.status_code == 401
    assert not _logged_in(agent, app_server)
    assert _user("gry@example.dk") is None


def test_log_out_ends_the_local_session_and_the_providers(
    db: Any, start_provider: Any, use_provider: Any, agent: requests.Session, app_server: str
) -> None:
    provider = start_provider()
    provider.person("hans", "hans@example.dk", "Hans", [])
    use_provider(provider)
    assert _log_in(agent, app_server, "hans").status_code == 302
    token = csrf_token_over_http(agent, app_server)

    answer = agent.post(
        f"{app_server}/logout", data={"csrf_token": token}, allow_redirects=False, timeout=10
    )

    # A page of the app's own leads on (the log-out form may only lead to the app itself).
    assert answer.status_code == 200
    assert not _logged_in(agent, app_server)
    end_session = html.unescape(_link(answer.text, "Fortsæt"))
    assert f'content="0;url={html.escape(end_session)}"' in answer.text
    target = urlsplit(end_session)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{provider.issuer}/session/end"
    params = parse_qs(target.query)
    assert params["client_id"] == [CLIENT_ID]
    assert params["post_logout_redirect_uri"] == [f"{app_server}/"]
    assert params["id_token_hint"][0].count(".") == 2
    # The provider accepts the request and, once confirmed, sends the agent back.
    confirm = agent.get(end_session, timeout=10)
    assert confirm.status_code == 200, confirm.text[:500]
    xsrf = _hidden(confirm.text, "xsrf")
    done = agent.post(
        _form_action(confirm),
        data={"xsrf": xsrf, "logout": "yes"},
        allow_redirects=False,
        timeout=10,
    )
    while is_redirect(done) and not done.headers["Location"].startswith(app_server):
        done = agent.get(done.headers["Location"], allow_redirects=False, timeout=10)
    assert done.headers["Location"].rstrip("/") == app_server
    # The provider's session is over too: the next log-in asks for the password again.
    assert 'name="login"' in start_sign_in(agent, app_server).text


def test_without_create_users_a_person_without_an_account_is_refused(
    db: Any, start_provider: Any, use_provider: Any, agent: requests.Session, app_server: str
) -> None:
    provider = start_provider()
    provider.person("ib", "ib@example.dk", "Ib", [])
    use_provider(provider, OIDC_CREATE_USERS=False)

    answer = _log_in(agent, app_server, "ib")

    assert answer.status_code == 403
    assert "Du har ikke en konto her endnu" in answer.text
    assert _user("ib@example.dk") is None
    assert _db.session.scalar(select(_db.func.count()).select_from(AuditEvent)) == 0


def test_a_deactivated_account_is_refused(
    db: Any, start_provider: Any, use_provider: Any, agent: requests.Session, app_server: str
) -> None:
    make_user("jo@example.dk", active=False)
    _db.session.commit()
    provider = start_provider()
    provider.person("jo", "jo@example.dk", "Jo", [])
    use_provider(provider)

    answer = _log_in(agent, app_server, "jo")

    assert answer.status_code == 403
    assert not _logged_in(agent, app_server)


def csrf_token_over_http(agent: requests.Session, app_server: str) -> str:
    page = agent.get(f"{app_server}/", timeout=10)
    return _hidden(page.text, "csrf_token")


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]+)"', page)
    assert match, page[:800]
    return match.group(1)


def _link(page: str, text: str) -> str:
    match = re.search(rf'<a[^>]*href="([^"]+)"[^>]*>{text}</a>', page)
    assert match, page[:1500]
    return match.group(1)


def _form_action(page: requests.Response) -> str:
    match = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert match, page.text[:800]
    return urljoin(page.url, match.group(1))
