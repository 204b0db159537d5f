"""Languages, time zones and the formatting filters templates use.

Danish is the default. A visitor's choice (the language switch) is kept in the
session; a signed-in user's saved preference applies when no choice was made.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from flask import Flask, current_app, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale, gettext
from flask_login import current_user

from core.clock import LOCAL_TZ, ensure_utc
from core.errors import DomainError


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    choice = session.get("locale")
    if choice in languages:
        return str(choice)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def select_timezone() -> str:
    return str(current_app.config["TIMEZONE"])


def current_locale() -> str:
    return str(get_locale() or "da")


def localized(params: Mapping[str, object]) -> dict[str, object]:
    """A message's parameters with every Decimal written the active locale's way
    ("46,45" in Danish, "46.45" in English), keeping all of its decimals."""
    return {k: _decimal_text(v) if isinstance(v, Decimal) else v for k, v in params.items()}


def _decimal_text(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number(value, places)


def message_text(message: str, params: Mapping[str, object] | None = None) -> str:
    """A message (msgid) with its parameters, in the user's language."""
    return gettext(message, **localized(params)) if params else gettext(message)


def error_text(err: DomainError) -> str:
    """The domain error's message in the user's language."""
    return message_text(err.message, err.params)


# English pages write dates day-month-year with the month in words ("14 Dec 2006"), never
# the US order Babel's plain "en" gives ("12/14/06", "2:30 PM"); Danish keeps Babel's forms.
ENGLISH_DATES = {
    "short": "d MMM y",
    "medium": "d MMM y",
    "long": "d MMMM y",
    "full": "EEEE d MMMM y",
}
ENGLISH_TIMES = {"short": "d MMM y, HH:mm", "medium": "d MMM y, HH:mm", "long": "d MMMM y, HH:mm"}


def _pattern(fmt: str, english: Mapping[str, str]) -> str:
    return english.get(fmt, fmt) if current_locale().startswith("en") else fmt


def local_datetime(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return format_datetime(ensure_utc(value), _pattern(fmt, ENGLISH_TIMES))


def datetime_with_zone(value: datetime | None) -> str:
    """Date and time as every deadline is shown: in Danish as a Dane writes it, the time
    being Danish ('1. februar 2007 kl. 23.59'); in English with the zone, for a reader who
    may be elsewhere ('1 February 2007, 23:59 CET')."""
    if value is None:
        return ""
    if current_locale() == "da":
        return format_datetime(ensure_utc(value), "d. MMMM y 'kl.' HH.mm")
    local = ensure_utc(value).astimezone(LOCAL_TZ)
    zone = local.tzname() or ""
    return f"{format_datetime(ensure_utc(value), 'd MMMM y, HH:mm')} {zone}"


def local_date(value: date | datetime | None, fmt: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = ensure_utc(value).astimezone(LOCAL_TZ).date()
    return format_date(value, _pattern(fmt, ENGLISH_DATES))


def number(value: Decimal | float | int | None, decimals: int | None = None) -> str:
    if value is None:
        return ""
    if decimals is None:
        return format_decimal(value)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        datetime=local_datetime,
        deadline=datetime_with_zone,
        date=local_date,
        number=number,
    )
    app.jinja_env.globals["message_text"] = message_text

    @app.context_processor
    def _i18n_context() -> dict[str, object]:
        return {"current_locale": current_locale(), "request_path": request.full_path}
