"""Single sign-on over OpenID Connect: the provider's client, and what its answer says.

The authorisation code flow with PKCE, ``state`` and ``nonce`` is Authlib's: the client
finds the provider's endpoints and keys in its metadata (``OIDC_ISSUER`` +
``/.well-known/openid-configuration``), keeps the state, nonce and code verifier in the
session, and checks the ID token's signature, issuer, audience, nonce and times. This
module reads the settings, builds the client and turns the claims into an
:class:`SsoIdentity`; :mod:`core.services.sso` signs the person in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from joserfc.errors import JoseError

from core.errors import N_, ValidationFailed

_KEY = "core.sso_client"
# In the session of a person signed in through the provider (log-out goes there too).
SIGNED_IN = "sso_signed_in"
ID_TOKEN = "sso_id_token"  # noqa: S105 - a session key
# What can go wrong between the browser's return and a checked ID token: a mismatching
# state, an error from the provider, a bad signature, nonce or time, an unreachable provider.
FLOW_ERRORS = (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError)


class SsoRefused(ValidationFailed):
    """The provider's answer does not let us sign the person in."""

    status_code = 403


@dataclass(frozen=True)
class SsoIdentity:
    issuer: str
    subject: str
    email: str
    name: str
    groups: tuple[str, ...] = ()
    # False only when the provider says so (``email_verified: false``): such an address
    # never links an existing account.
    email_verified: bool = True


def enabled(app: Flask | None = None) -> bool:
    config = (app or current_app).config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


def metadata_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def client() -> Any:
    """Authlib's client for the configured provider, made again when the settings change."""
    config = current_app.config
    key = (
        config["OIDC_ISSUER"],
        config["OIDC_CLIENT_ID"],
        config["OIDC_CLIENT_SECRET"],
        config["OIDC_SCOPES"],
    )
    cached = current_app.extensions.get(_KEY)
    if cached is not None and cached[0] == key:
        return cached[1]
    oauth = OAuth()
    oauth.init_app(current_app)
    remote = oauth.register(
        "oidc",
        overwrite=True,
        client_id=key[1],
        client_secret=key[2] or None,
        server_metadata_url=metadata_url(key[0]),
        client_kwargs={"scope": key[3], "code_challenge_method": "S256", "timeout": 10},
    )
    current_app.extensions[_KEY] = (key, remote)
    return remote


def receive_claims() -> dict[str, Any]:
    """The checked claims of the ID token of the request the provider sent the browser back
    with, completed from the userinfo endpoint when the ID token lacks the e-mail or the
    groups. Raises one of ``FLOW_ERRORS`` when anything does not check out."""
    remote = client()
    token = remote.authorize_access_token(leeway=current_app.config["OIDC_CLOCK_SKEW"])
    claims = dict(token.get("userinfo") or {})
    if not claims:
        raise ValueError("the provider sent no ID token")
    claims["_id_token"] = token.get("id_token", "")
    wanted = (current_app.config["OIDC_EMAIL_CLAIM"], current_app.config["OIDC_GROUPS_CLAIM"])
    endpoint = remote.load_server_metadata().get("userinfo_endpoint")
    if endpoint and any(name not in claims for name in wanted):
        extra = remote.userinfo(token=token)
        if extra.get("sub") == claims.get("sub"):  # OIDC Core 5.3.2
            claims = {**extra, **claims}
    return claims


def identity_from_claims(claims: Mapping[str, Any], config: Mapping[str, Any]) -> SsoIdentity:
    """Who the claims name, read by the configured claim names."""
    subject = claims.get(config["OIDC_SUBJECT_CLAIM"])
    issuer = claims.get("iss")
    if not isinstance(subject, str | int) or not str(subject).strip() or not issuer:
        raise SsoRefused(N_("The identity provider did not say who you are."))
    email = claims.get(config["OIDC_EMAIL_CLAIM"])
    if not isinstance(email, str) or "@" not in email or len(email) > 254:
        raise SsoRefused(N_("The identity provider gave no e-mail address for your account."))
    name = claims.get(config["OIDC_NAME_CLAIM"])
    groups = claims.get(config["OIDC_GROUPS_CLAIM"]) or ()
    if isinstance(groups, str):
        groups = (groups,)
    return SsoIdentity(
        issuer=str(issuer),
        subject=str(subject).strip(),
        email=email.strip().lower(),
        name=(name.strip() if isinstance(name, str) and name.strip() else email)[:200],
        groups=tuple(str(g) for g in groups if isinstance(g, str | int)),
        email_verified=claims.get("email_verified") is not False,
    )


def logout_url(id_token: str | None, post_logout_redirect_uri: str, locale: str) -> str | None:
    """The provider's end-session address (RP-initiated log-out), when it offers one."""
    try:
        endpoint = client().load_server_metadata().get("end_session_endpoint")
    except FLOW_ERRORS:
        current_app.logger.warning("The identity provider's metadata could not be read.")
        return None
    if not endpoint:
        return None
    params = {
        "client_id": current_app.config["OIDC_CLIENT_ID"],
        "post_logout_redirect_uri": post_logout_redirect_uri,
        "ui_locales": locale,
    }
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
