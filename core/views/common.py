"""Small helpers shared by views of every package."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash
from flask_babel import gettext

from core.errors import DomainError


def error_text(err: DomainError) -> str:
    """The domain error's message in the user's language."""
    return gettext(err.message, **err.params) if err.params else gettext(err.message)


def flash_error(err: DomainError) -> None:
    flash(error_text(err), "error")


def safe_next(target: str | None, default: str) -> str:
    """Only follow a ``next`` that stays on this site (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
