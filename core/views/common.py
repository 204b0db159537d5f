"""Small helpers shared by views of every package."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash

from core.errors import DomainError
from core.i18n import error_text


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
