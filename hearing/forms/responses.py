"""Forms of responses. Each validates and hands plain data on through ``to_data()``.

The response form has one group of fields per goal of the consulted version, so its class
is built for the goals at hand (:func:`response_form`). Field names use the goal's index
(``g3_assessment``); the flat keys of the stale-edit merge use its code
(``coverage.A1-M2.assessment``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from core.forms import Form, choices
from hearing.forms.hearings import local_deadline, parse_time
from hearing.labels import ASSESSMENT_LABELS, UNIT_LABELS
from hearing.proposals import ProposalData, ProposalKind
from hearing.services.response_drafts import AssessmentData, DraftData
from hearing.services.response_registration import RegistrationData

ASSESSMENT_CHOICES = [("", _l("Not assessed yet"))] + [
    (a.value, label) for a, label in ASSESSMENT_LABELS.items()
]
TEXT = 10_000
REASON = 1_000
REASON_HINT = _l("Required when the part is confidential. Seen by the secretariat only.")


class ResponseForm(Form):
    """The draft: coverage per goal (added per goal by :func:`response_form`), remarks."""

    general_remarks = TextAreaField(
        _l("General remarks"), validators=[Optional(), Length(max=TEXT)]
    )
    confidential = BooleanField(_l("The whole response is confidential"))
    confidential_reason = TextAreaField(
        _l("Why the response is confidential"),
        validators=[Optional(), Length(max=REASON)],
        description=REASON_HINT,
    )
    attachment = FileField(_l("Attach a PDF"), description=_l("Only PDF documents."))
    attachment_confidential = BooleanField(_l("The attachment is confidential"))
    attachment_reason = StringField(
        _l("Why the attachment is confidential"),
        validators=[Optional(), Length(max=REASON)],
        description=REASON_HINT,
    )
    edit_version = HiddenField()
    base = HiddenField()

    codes: tuple[str, ...] = ()

    def goal_fields(self, index: int) -> tuple[Any, Any, Any, Any]:
        return (
            self[f"g{index}_assessment"],
            self[f"g{index}_comment"],
            self[f"g{index}_confidential"],
            self[f"g{index}_reason"],
        )

    def expected_version(self) -> int:
        value = self.edit_version.data or ""
        return int(value) if value.isdigit() else -1

    def base_digests(self) -> dict[str, str] | None:
        try:
            value = json.loads(self.base.data or "")
        except ValueError:
            return None
        if not isinstance(value, dict):
            return None
        return {str(k): str(v) for k, v in value.items()}

    def to_data(self) -> DraftData:
        assessments = []
        for i, code in enumerate(self.codes):
            value, comment, confidential, reason = self.goal_fields(i)
            assessments.append(
                AssessmentData(
                    code,
                    value.data or None,
                    comment.data or "",
                    bool(confidential.data),
                    reason.data or "",
                )
            )
        return DraftData(
            general_remarks=self.general_remarks.data or "",
            confidential=bool(self.confidential.data),
            confidential_reason=self.confidential_reason.data or "",
            assessments=tuple(assessments),
        )


def _add_goal_fields(cls: type, codes: Sequence[str]) -> None:
    for i, code in enumerate(codes):
        setattr(
            cls,
            f"g{i}_assessment",
            RadioField(
                _l("Do the indicators cover goal %(code)s?", code=code),
                choices=choices(ASSESSMENT_CHOICES),
                default="",
                validators=[Optional()],
            ),
        )
        setattr(
            cls,
            f"g{i}_comment",
            TextAreaField(
                _l("Comment on %(code)s", code=code), validators=[Optional(), Length(max=TEXT)]
            ),
        )
        setattr(cls, f"g{i}_confidential", BooleanField(_l("The comment is confidential")))
        setattr(
            cls,
            f"g{i}_reason",
            StringField(
                _l("Why the comment is confidential"),
                validators=[Optional(), Length(max=REASON)],
                description=REASON_HINT,
            ),
        )


def response_form(codes: Sequence[str], *args: Any, **kwargs: Any) -> ResponseForm:
    """A response form with a group of fields for each goal code, in this order."""

    class _ResponseForm(ResponseForm):
        pass

    _add_goal_fields(_ResponseForm, codes)
    _ResponseForm.codes = tuple(codes)
    return _ResponseForm(*args, **kwargs)


def form_values(flat: Mapping[str, str], codes: Sequence[str]) -> dict[str, Any]:
    """The form's field data for the flat draft fields (after a stale-edit merge)."""
    values: dict[str, Any] = {
        "general_remarks": flat.get("general_remarks", ""),
        "confidential": bool(flat.get("confidential")),
        "confidential_reason": flat.get("confidential_reason", ""),
    }
    for i, code in enumerate(codes):
        prefix = f"coverage.{code}."
        values[f"g{i}_assessment"] = flat.get(prefix + "assessment", "")
        values[f"g{i}_comment"] = flat.get(prefix + "comment", "")
        values[f"g{i}_confidential"] = bool(flat.get(prefix + "confidential"))
        values[f"g{i}_reason"] = flat.get(prefix + "confidential_reason", "")
    return values


# -- proposals --------------------------------------------------------------------------------


class ProposalForm(Form):
    kind = HiddenField()
    target_goal_code = SelectField(_l("Goal"), validators=[Optional()], default="")
    target_indicator_code = SelectField(_l("Indicator"), validators=[Optional()], default="")
    text = TextAreaField(_l("Text"), validators=[Optional(), Length(max=TEXT)])
    target_value = StringField(
        _l("Target value"),
        validators=[Optional(), Length(max=30)],
        description=_l("A number, e.g. 47,5. Leave empty if the criterion has none."),
    )
    target_period = StringField(
        _l("Target period"),
        validators=[Optional(), Length(max=7)],
        description=_l("A year or a half-year, e.g. 2010 or 2010-H2."),
    )
    decision_reference = StringField(
        _l("Political decision (case number)"),
        validators=[Optional(), Length(max=100)],
        description=_l(
            "The hearing asks for politically decided criteria: give the case number of the "
            "decision, e.g. BR 395/06."
        ),
    )
    decision_date = DateField(_l("Date of the decision"), validators=[Optional()])
    name = StringField(_l("Name of the indicator"), validators=[Optional(), Length(max=300)])
    definition = TextAreaField(_l("Definition"), validators=[Optional(), Length(max=TEXT)])
    unit = SelectField(_l("Unit"), validators=[Optional()], default="")
    direction = SelectField(
        _l("Direction"),
        choices=choices(
            [("", _l("Not given")), ("1", _l("Higher is better")), ("-1", _l("Lower is better"))]
        ),
        default="",
        validators=[Optional()],
    )
    source = StringField(_l("Data source"), validators=[Optional(), Length(max=300)])
    justification = TextAreaField(
        _l("Justification"),
        validators=[DataRequired(), Length(max=TEXT)],
        description=_l("Why the body proposes this."),
    )
    confidential = BooleanField(_l("The proposal is confidential"))
    confidential_reason = StringField(
        _l("Why the proposal is confidential"),
        validators=[Optional(), Length(max=REASON)],
        description=REASON_HINT,
    )
    revision = HiddenField()

    def __init__(
        self,
        *args: Any,
        goals: Sequence[tuple[str, str]] = (),
        indicators: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.target_goal_code.choices = choices([("", _l("Choose a goal")), *goals])
        self.target_indicator_code.choices = choices([("", _l("Choose an indicator")), *indicators])
        self.unit.choices = choices(
            [("", _l("Not given")), *[(u.value, label) for u, label in UNIT_LABELS.items()]]
        )

    def validate_kind(self, field: HiddenField) -> None:
        if field.data not in {k.value for k in ProposalKind}:
            raise ValidationError(_l("Choose the kind of proposal."))

    def expected_revision(self) -> int:
        value = self.revision.data or ""
        return int(value) if value.isdigit() else -1

    def to_data(self) -> ProposalData:
        return ProposalData(
            kind=self.kind.data or "",
            target_goal_code=self.target_goal_code.data or None,
            target_indicator_code=self.target_indicator_code.data or None,
            text=self.text.data or "",
            target_value=self.target_value.data or "",
            target_period=self.target_period.data or "",
            decision_reference=self.decision_reference.data or "",
            decision_date=self.decision_date.data,
            name=self.name.data or "",
            definition=self.definition.data or "",
            unit=self.unit.data or "",
            direction=int(self.direction.data) if self.direction.data else None,
            source=self.source.data or "",
            justification=self.justification.data or "",
            confidential=bool(self.confidential.data),
            confidential_reason=self.confidential_reason.data or "",
        )


# -- an attachment's confidentiality ------------------------------------------------------------


class AttachmentForm(Form):
    confidential = BooleanField(_l("The attachment is confidential"))
    confidential_reason = StringField(
        _l("Why the attachment is confidential"),
        validators=[Optional(), Length(max=REASON)],
        description=REASON_HINT,
    )
    state = HiddenField()


# -- confirmations -------------------------------------------------------------------------------


class ConfirmForm(Form):
    """Submit, no remarks, amend, withdraw: a button with the draft's counter."""

    edit_version = HiddenField()

    def expected_version(self) -> int:
        value = self.edit_version.data or ""
        return int(value) if value.isdigit() else -1


# -- registration by the secretariat ---------------------------------------------------------------


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
        from datetime import time

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

    _add_goal_fields(_RegistrationForm, codes)
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
    from hearing.labels import TEXT_LABELS

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


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str
    confidential: bool
    reason: str


def attachment_of(form: ResponseForm) -> Upload | None:
    upload = form.attachment.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return Upload(
        upload.read(),
        upload.filename or "",
        bool(form.attachment_confidential.data),
        form.attachment_reason.data or "",
    )
