"""Security headers on every response.

No inline script or style is allowed anywhere, so the policy can stay strict:
JavaScript lives in static files and is loaded from our own origin only. Nothing a
logged-in user is shown (pages, files, API answers) may be kept by the browser or a
proxy; the public pages anonymous visitors see keep their own caching.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

# Endpoints serving the same files to everyone; they stay cacheable when logged in.
SHARED_FILES = frozenset({"static", "assets.dkfds"})

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
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if _personal(response):
            response.headers["Cache-Control"] = "no-store"
        return response
