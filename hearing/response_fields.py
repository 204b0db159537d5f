"""The free-text fields of a response, cleaned: length limits and the reason every
confidential part needs. Pure: no Flask, no database."""

from __future__ import annotations

from core.errors import N_, ValidationFailed

TEXT_MAX = 10_000
SHORT_MAX = 300
REASON_MAX = 1_000


def clean_text(value: str | None, max_length: int = TEXT_MAX) -> str:
    text = (value or "").strip().replace("\r\n", "\n")
    if len(text) > max_length:
        raise ValidationFailed(N_("A text is longer than %(max)s characters."), max=max_length)
    return text


def clean_reason(confidential: bool, reason: str | None) -> str | None:
    """The reason a part is confidential: required when it is, dropped when it is not."""
    if not confidential:
        return None
    text = clean_text(reason, REASON_MAX)
    if not text:
        raise ValidationFailed(N_("Give the reason a part is confidential."))
    return text
