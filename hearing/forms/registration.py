"""Registering a response that came by letter or e-mail: the response form with the
channel, arrival and scan, and proposal rows added and removed without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from core.forms import choices
from hearing.forms.hearings import local_deadline, parse_time
from hearing.forms.proposals import ProposalForm
from hearing.forms.responses import REASON, ResponseForm, add_goal_fields
from hearing.labels import TEXT_LABELS
from hearing.proposals import ProposalKind
from hearing.services.response_registration import RegistrationData


class RegistrationForm(ResponseForm):
    body_id = SelectField(_l("Body"), coerce=int, validators=[InputRequired()])
    channel = RadioField(
        _l("The response arrived by"),
        choices=choices([("letter", _l("Letter")), ("email", _l("E-mail"))]),
        validators=[InputRequired()],
    )
    received_date = DateField(
        _l("Received on (date)"),
        validators=[InputRequired()],
        description=_l("Copenhagen time."),
    )
    received_time = StringField(
        _l("Received at (time, optional)"),
        validators=[Optional(), Length(max=5)],
        description=_l("HH:MM. Without a time, noon that day."),
    )
    scan = FileField(
        _l("The scanned letter or e-mail (PDF)"),
        validators=[FileRequired(message=_l("Choose a PDF file."))],
    )
    no_remarks = BooleanField(_l("The body has no remarks"))
    accepted_reason = TextAreaField(
        _l("Why a late response was accepted"),
        validators=[Optional(), Length(max=REASON)],
        description=_l("Required when the response arrived after the body's deadline."),
    )

    def __init__(self, *args: Any, bodies: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body_id.choices = choices(list(bodies))

    def validate_received_time(self, field: StringField) -> None:
        parse_time(field.data)

    def received_at(self) -> datetime:
        day: date = self.received_date.data
        clock = parse_time(self.received_time.data) or time(12, 0)
        return local_deadline(day, clock.strftime("%H:%M"))

    def to_registration(self, proposals: Sequence[ProposalForm] = ()) -> RegistrationData:
        draft = self.to_data()
        upload = self.scan.data
        return RegistrationData(
            channel=self.channel.data or "",
            received_at=self.received_at(),
            scan=upload.read(),
            scan_filename=upload.filename or "",
            general_remarks=draft.general_remarks,
            no_remarks=bool(self.no_remarks.data),
            accepted_reason=self.accepted_reason.data or "",
            confidential=draft.confidential,
            confidential_reason=draft.confidential_reason,
            assessments=tuple(draft.assessments),
            proposals=tuple(p.to_data() for p in proposals),
        )


def registration_form(codes: Sequence[str], *args: Any, **kwargs: Any) -> RegistrationForm:
    class _RegistrationForm(RegistrationForm):
        pass

    add_goal_fields(_RegistrationForm, codes)
    _RegistrationForm.codes = tuple(codes)
    return _RegistrationForm(*args, **kwargs)


# The proposals of a registration: rows prefixed p0-, p1-, ... (``p0-kind``, ``p0-text``), each
# a ProposalForm of a fixed kind. Rows are added and removed by buttons that re-render the page
# (no JavaScript), keeping what was typed.
MAX_PROPOSAL_ROWS = 30
_ROW = re.compile(r"^p(\d+)-(.+)$")


def proposal_row(
    n: int,
    formdata: Any,
    *,
    goals: Sequence[tuple[str, str]],
    indicators: Sequence[tuple[str, str]],
) -> ProposalForm:
    form = ProposalForm(
        formdata=formdata,
        prefix=f"p{n}-",
        meta={"csrf": False},
        goals=goals,
        indicators=indicators,
    )
    kind = form.kind.data or ""
    label = TEXT_LABELS.get(ProposalKind(kind)) if kind in _KINDS else None
    if label is not None:
        form.text.label.text = str(label)
    return form


def proposal_rows(
    formdata: Any,
    *,
    goals: Sequence[tuple[str, str]],
    indicators: Sequence[tuple[str, str]],
) -> list[ProposalForm]:
    """The proposal rows posted with a registration, in order."""
    rows = []
    for n in range(MAX_PROPOSAL_ROWS):
        if f"p{n}-kind" not in formdata:
            break
        rows.append(proposal_row(n, formdata, goals=goals, indicators=indicators))
    return rows


def with_rows_changed(
    formdata: Any, *, add: str | None = None, remove: int | None = None
) -> MultiDict[str, Any]:
    """The posted fields with a row of kind ``add`` appended, or row ``remove`` left out
    (the rows after it move up)."""
    out: MultiDict[str, Any] = MultiDict()
    count = 0
    for key, value in formdata.items(multi=True):
        match = _ROW.match(key)
        if match is None:
            out.add(key, value)
            continue
        n = int(match[1])
        if n == remove:
            continue
        new = n - 1 if remove is not None and n > remove else n
        out.add(f"p{new}-{match[2]}", value)
        count = max(count, new + 1)
    if add is not None and add in _KINDS and count < MAX_PROPOSAL_ROWS:
        out.add(f"p{count}-kind", add)
    return out


_KINDS = {k.value for k in ProposalKind}
