"""A body's deadline as an iCalendar file (RFC 5545), pure: text in, text out.

One event at the instant of the deadline (``DTSTART`` in UTC, no end: an instant), with an
alarm two days before. Lines end in CRLF and are folded at 75 octets; text is escaped.
"""

from __future__ import annotations

from datetime import UTC, datetime

PRODID = "-//Integrationsbarometer//Hearing deadline//DA"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets (continuations start with a
    space), never inside a UTF-8 character."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not pieces else 74
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return [pieces[0], *(" " + p for p in pieces[1:])]


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def deadline_ics(
    *,
    uid: str,
    summary: str,
    description: str,
    url: str,
    deadline: datetime,
    stamp: datetime,
    alarm_text: str,
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_instant(stamp)}",
        f"DTSTART:{_instant(deadline)}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-P2D",
        f"DESCRIPTION:{_escape(alarm_text)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(piece + "\r\n" for line in lines for piece in _fold(line))
