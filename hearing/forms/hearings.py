"""Forms of ``hearing``. Each validates and hands plain data on through ``to_data()``.

Deadlines are typed as a Copenhagen date and an optional time (HH:MM); a date alone is
the end of that day (``workflow.deadline_from_local``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from barometer.models import CatalogueVersion
from core.errors import ValidationFailed
from core.forms import Form, body_option, choices
from core.i18n import current_locale, error_text
from core.models import Body, User
from hearing import workflow
from hearing.labels import QUESTION_KIND_LABELS
from hearing.models import QuestionKind
from hearing.services.hearings import HearingData, QuestionData

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
EXTRA_QUESTION_ROWS = 2


def standard_questions() -> list[dict[str, str]]:
    """The two questions of the 2007 letter, pre-filled on a new hearing."""
    return [
        {
            "kind": QuestionKind.COVERAGE.value,
            "text": str(
                _l(
                    "Do the indicators in the overview table cover the administration's effort "
                    "in the integration area, measured against the goals of the policy?"
                )
            ),
        },
        {
            "kind": QuestionKind.PROPOSALS.value,
            "text": str(
                _l(
                    "Are there politically decided success criteria that should be added to the "
                    "list (column 2 of the overview table)?"
                )
            ),
        },
    ]


def parse_time(text: str | None) -> time | None:
    value = (text or "").strip()
    if not value:
        return None
    match = TIME.match(value)
    if match is None:
        raise ValidationError(_l("Write the time as HH:MM, for example 12:00."))
    return time(int(match.group(1)), int(match.group(2)))


def local_deadline(day: Any, clock: str | None) -> datetime:
    """The instant of a date and optional time typed in Copenhagen time."""
    try:
        return workflow.deadline_from_local(day, parse_time(clock))
    except ValidationFailed as err:
        raise ValidationError(error_text(err)) from err


class CheckedOnSave:
    """Marks a field required (shown as such) whose value the service checks on save, so
    its problem is named together with the others of the same submit."""

    field_flags = {"required": True}

    def __call__(self, form: Any, field: Any) -> None:
        return None


class QuestionForm(PlainForm):
    """One question row; a row with an empty text is dropped."""

    text = TextAreaField(_l("Question"), validators=[Optional(), Length(max=2000)])
    kind = SelectField(
        _l("Kind of answer"),
        choices=choices([(k.value, label) for k, label in QUESTION_KIND_LABELS.items()]),
        default=QuestionKind.FREE_TEXT.value,
    )


class HearingForm(Form):
    reference = StringField(
        _l("Case reference"),
        validators=[DataRequired(), Length(max=50)],
        description=_l("For example BIU 227/2006."),
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    issuing_body_id = SelectField(_l("Issued by"), coerce=int, validators=[InputRequired()])
    version_id = SelectField(
        _l("Catalogue version consulted"),
        coerce=int,
        validators=[InputRequired()],
        description=_l(
            "A draft or the approved version. Issuing the hearing on a draft makes the draft "
            "read-only until the hearing is decided."
        ),
    )
    letter_text = TextAreaField(
        _l("Letter text"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Markdown: a blank line starts a new paragraph, *italic*, **bold**."),
    )
    questions = FieldList(FormField(QuestionForm), min_entries=1)
    reply_body_id = SelectField(
        _l("Responses are sent to"), coerce=int, validators=[InputRequired()]
    )
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(
        _l("Contact e-mail"), validators=[Optional(), Email(), Length(max=254)]
    )
    signatory_id = SelectField(_l("Signed by"), coerce=int, validators=[InputRequired()])
    signatory_title = StringField(_l("Signatory's title"), validators=[Optional(), Length(max=200)])
    deadline_date = DateField(
        _l("Deadline (date)"),
        validators=[InputRequired()],
        description=_l("Copenhagen time. A date alone means the end of that day."),
    )
    deadline_time = StringField(
        _l("Deadline (time, optional)"),
        validators=[Optional(), Length(max=5)],
        description=_l("HH:MM, for example 12:00."),
    )
    is_public = BooleanField(_l("Public hearing (shown on the public site once issued)"))
    lock_version = HiddenField()

    def __init__(
        self,
        *args: Any,
        bodies: Sequence[Body] = (),
        versions: Sequence[CatalogueVersion] = (),
        signatories: Sequence[User] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        body_choices = [body_option(b) for b in bodies]
        self.issuing_body_id.choices = choices(body_choices)
        self.reply_body_id.choices = choices(body_choices)
        locale = current_locale()  # an option cannot carry lang="da": the label as it is
        self.version_id.choices = choices(
            [(v.id, f"{v.number}: {v.label_in(locale)} ({_status_label(str(v.status))})")
             for v in versions]
        )  # fmt: skip
        self.signatory_id.choices = choices([(u.id, u.name) for u in signatories])
        filled = sum(1 for e in self.questions.entries if (e.form.text.data or "").strip())
        while len(self.questions.entries) < filled + EXTRA_QUESTION_ROWS:
            self.questions.append_entry()

    def validate_deadline_time(self, field: StringField) -> None:
        parse_time(field.data)

    def validate_questions(self, field: FieldList) -> None:
        if not any((entry.form.text.data or "").strip() for entry in field.entries):
            raise ValidationError(_l("A hearing needs at least one question."))

    def deadline(self) -> datetime:
        return local_deadline(self.deadline_date.data, self.deadline_time.data)

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok:
            try:
                self.deadline()
            except ValidationError as err:
                self.deadline_time.errors = [*self.deadline_time.errors, str(err)]
                return False
        return ok

    def to_data(self) -> HearingData:
        return HearingData(
            reference=self.reference.data or "",
            title=self.title.data or "",
            issuing_body_id=self.issuing_body_id.data,
            version_id=self.version_id.data,
            reply_body_id=self.reply_body_id.data,
            signatory_id=self.signatory_id.data,
            deadline=self.deadline(),
            letter_text=self.letter_text.data or "",
            contact_name=self.contact_name.data or "",
            contact_email=self.contact_email.data or "",
            signatory_title=self.signatory_title.data or "",
            is_public=bool(self.is_public.data),
            questions=tuple(
                QuestionData(e.form.text.data.strip(), QuestionKind(e.form.kind.data))
                for e in self.questions.entries
                if (e.form.text.data or "").strip()
            ),
        )

    def expected_version(self) -> int | None:
        return int(self.lock_version.data) if (self.lock_version.data or "").isdigit() else None


def _status_label(status: str) -> str:
    labels = {"draft": _l("draft"), "approved": _l("approved"), "superseded": _l("superseded")}
    return str(labels.get(status, status))


class HearingListForm(Form):
    bodies = SelectMultipleField(
        _l("Bodies consulted"),
        coerce=int,
        description=_l("Committees, the Integration Council and other bodies asked to respond."),
    )

    def __init__(self, *args: Any, bodies: Sequence[Body] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies.choices = choices([body_option(b) for b in bodies])

    def to_data(self) -> list[int]:
        return list(self.bodies.data or [])


class AddConsulteeForm(Form):
    body_id = SelectField(_l("Body to add"), coerce=int, validators=[InputRequired()])

    def __init__(self, *args: Any, bodies: Sequence[Body] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body_id.choices = choices([body_option(b) for b in bodies])

    def to_data(self) -> int:
        return int(self.body_id.data)


@dataclass(frozen=True)
class ExtensionData:
    until: datetime
    reason: str


class ExtensionForm(Form):
    until_date = DateField(
        _l("New deadline (date)"),
        validators=[InputRequired()],
        description=_l("Copenhagen time. A date alone means the end of that day."),
    )
    until_time = StringField(
        _l("New deadline (time, optional)"),
        validators=[Optional(), Length(max=5)],
        description=_l("HH:MM, for example 12:00."),
    )
    # Required by the service, which names it together with a refused date.
    reason = TextAreaField(
        _l("Reason for the extension"),
        validators=[CheckedOnSave(), Length(max=1000)],
        description=_l(
            "The reason is shown with the new deadline on the hearing's public page and in "
            "the e-mail to the body: write nothing confidential."
        ),
    )

    def validate_until_time(self, field: StringField) -> None:
        parse_time(field.data)

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok:
            try:
                local_deadline(self.until_date.data, self.until_time.data)
            except ValidationError as err:
                self.until_time.errors = [*self.until_time.errors, str(err)]
                return False
        return ok

    def to_data(self) -> ExtensionData:
        return ExtensionData(
            local_deadline(self.until_date.data, self.until_time.data), self.reason.data or ""
        )


@dataclass(frozen=True)
class AnnexUpload:
    data: bytes
    filename: str
    title: str


class AnnexForm(Form):
    title = StringField(
        _l("Title of the annex"),
        validators=[Optional(), Length(max=300)],
        description=_l("Shown in the letter's list of annexes. Leave empty to use the file name."),
    )
    file = FileField(
        _l("PDF file"),
        validators=[FileRequired(message=_l("Choose a PDF file."))],
        description=_l("Only PDF documents."),
    )

    def to_data(self) -> AnnexUpload:
        upload = self.file.data
        return AnnexUpload(upload.read(), upload.filename or "", self.title.data or "")
