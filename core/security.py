"""Security headers on every response.

No inline script or style is allowed anywhere, so the policy can stay strict:
JavaScript lives in static files and is loaded from our own origin only. Nothing a
logged-in user is shown (pages, files, API answers) may be kept by the browser or a
proxy; the public pages anonymous visitors see keep their own caching.
"""

from __future__ import annotations

import re

from flask import Flask, Response, request
from flask_login import current_user

# Endpoints serving the same files to everyone; they stay cacheable when logged in.
SHARED_FILES = frozenset({"static", "assets.dkfds"})
# Endpoints other sites may show in a frame (embeddable charts): only these relax
# ``frame-ancestors`` (to the setting EMBED_FRAME_ANCESTORS) and drop X-Frame-Options.
FRAMEABLE: set[str] = set()
_SOURCE = re.compile(r"^(\*|'self'|https?://[A-Za-z0-9.-]+(:[0-9]+)?|https?://\*\.[A-Za-z0-9.-]+)$")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def allow_framing(endpoint: str) -> None:
    """Let other sites frame the pages of ``endpoint`` (see :data:`FRAMEABLE`)."""
    FRAMEABLE.add(endpoint)


def frame_ancestors(setting: str) -> str:
    """The ``frame-ancestors`` sources of the setting; a source that is not an origin (or
    ``*`` or ``'self'``) is refused, so the setting cannot add other directives."""
    sources = setting.split()
    bad = [s for s in sources if not _SOURCE.match(s)]
    if bad or not sources:
        raise ValueError(f"EMBED_FRAME_ANCESTORS: not an origin: {' '.join(bad) or '(empty)'}")
    return " ".join(sources)


def _framed_policy(app: Flask) -> str:
    ancestors = frame_ancestors(app.config.get("EMBED_FRAME_ANCESTORS", "*"))
    return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")


def _personal(response: Response) -> bool:
    """A response for a logged-in user that does not already forbid storing it."""
    return (
        "no-store" not in response.headers.get("Cache-Control", "")
        and request.endpoint not in SHARED_FILES
        and current_user.is_authenticated
    )


def init_app(app: Flask) -> None:
    @app.after_request
    def _add_security_headers(response: Response) -> Response:
        framed = request.endpoint in FRAMEABLE
        for name, value in SECURITY_HEADERS.items():
            if framed and name == "X-Frame-Options":
                continue  # it cannot name several sites; frame-ancestors does
            framed_csp = framed and name == "Content-Security-Policy"
            response.headers.setdefault(name, _framed_policy(app) if framed_csp else value)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if _personal(response):
            response.headers["Cache-Control"] = "no-store"
        return response
