"""Files a hearing's mail carries (``core.mail_attachments``): the letter as issued and
the body's deadline as a calendar file. Each is made when the message is sent, in the
recipient's language; the deadline file is also what the hearing's page offers."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _

from core.extensions import db
from core.mail_attachments import Attachment
from core.routing import external_url
from hearing import workflow
from hearing.calendar import deadline_ics
from hearing.models import Consultee, Hearing
from hearing.pdf import letter_filename, letter_pdf

LETTER = "hearing_letter"  # key: the hearing's id
DEADLINE = "hearing_deadline"  # key: the consultee's id
LANGUAGES = ("da", "en")


def letter(key: str, locale: str) -> Attachment | None:
    """The letter as issued, in the recipient's language."""
    hearing = db.session.get(Hearing, int(key)) if key.isdigit() else None
    if hearing is None or hearing.issued_at is None:
        return None
    lang = locale if locale in LANGUAGES else "da"
    if has_request_context():
        data = letter_pdf(hearing, lang=lang, now=hearing.issued_at)
    else:  # the mail job: the templates' context processors need a request
        with current_app.test_request_context("/"):
            data = letter_pdf(hearing, lang=lang, now=hearing.issued_at)
    return Attachment(letter_filename(hearing, lang), "application/pdf", data)


def deadline(key: str, locale: str) -> Attachment | None:
    """The body's effective deadline as an iCalendar file."""
    consultee = db.session.get(Consultee, int(key)) if key.isdigit() else None
    if consultee is None or consultee.hearing.issued_at is None:
        return None
    with force_locale(locale if locale in LANGUAGES else "da"):
        return deadline_file(consultee, stamp=consultee.hearing.issued_at)


def deadline_file(consultee: Consultee, *, stamp: datetime) -> Attachment:
    """The calendar file of a body's effective deadline, in the current language."""
    hearing = consultee.hearing
    until = workflow.to_utc(consultee.effective_deadline)
    code = consultee.body.code
    link = external_url("hearing.show", hearing_id=hearing.id)
    text = deadline_ics(
        uid=f"hearing-{hearing.id}-body-{consultee.body_id}-{until:%Y%m%dT%H%M%S}"
        "@integrationsbarometer",
        summary=_(
            "Deadline for the response of %(body)s: %(reference)s",
            body=code,
            reference=hearing.reference,
        ),
        description=f"{hearing.reference}: {hearing.title}\n{link}",
        url=link,
        deadline=until,
        stamp=stamp,
        alarm_text=_("Two days left to answer hearing %(reference)s", reference=hearing.reference),
    )
    name = f"frist-{hearing.reference}-{code}.ics".replace("/", "-").replace(" ", "-")
    return Attachment(name, "text/calendar", text.encode("utf-8"))
