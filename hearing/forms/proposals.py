"""The form of one proposal: the fields of every kind, shown by kind in the template."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from barometer import units
from core.forms import Form, choices
from hearing.forms.responses import REASON, REASON_HINT, TEXT
from hearing.proposals import ProposalData, ProposalKind


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
        self.unit.choices = choices([("", _l("Not given")), *units.CHOICES])

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
