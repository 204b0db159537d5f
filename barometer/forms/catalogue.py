"""Forms of the catalogue. Each checks its fields and hands plain data on (``to_data()``).

Rules that need the database (unique codes, known administrations) are the services';
a view shows a refused rule beside the field it concerns (``core.views.unit_of_work``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from barometer import catalogue_data as svc
from barometer import units
from barometer.forms.fields import LocalDecimalField, period_check
from barometer.frequency import parse_breaks
from barometer.models import IndicatorKind
from barometer.validation import MAX_DECIMALS, parse_period
from core.forms import Form, choices

KIND_CHOICES = (
    (IndicatorKind.EFFECT.value, _l("Effect indicator")),
    (IndicatorKind.ACTIVITY.value, _l("Activity indicator")),
    (IndicatorKind.BENCHMARK.value, _l("Benchmark (shown for context, never counted)")),
)
DIRECTION_CHOICES = ((1, _l("Higher is better")), (-1, _l("Lower is better")))
# Frequency and, for an annual indicator, its half-year in one choice ("annual-2").
CYCLE_CHOICES = (
    ("half_yearly", _l("Every half-year")),
    ("annual-1", _l("Annual, measured in the 1st half-year")),
    ("annual-2", _l("Annual, measured in the 2nd half-year")),
    ("irregular", _l("Irregular")),
)


def cycle_choice(frequency: str, measured_half: int | None) -> str:
    return f"{frequency}-{measured_half}" if frequency == "annual" else frequency


def _text(value: str | None) -> str:
    return (value or "").strip()


class LockedForm(Form):
    lock_version = HiddenField()

    def expected_version(self) -> int | None:
        value = self.lock_version.data or ""
        return int(value) if value.isdigit() else None


class PolicyForm(Form):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example Integrationspolitik 2007-2010."),
    )
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    case_reference = StringField(
        _l("Case reference"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("For example BR 395/06."),
    )
    adopted_on = DateField(_l("Adopted on"), validators=[InputRequired()])
    period = StringField(
        _l("Policy period"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("For example 2007-2010."),
    )

    def to_data(self) -> svc.PolicyData:
        return svc.PolicyData(
            _text(self.name.data),
            _text(self.case_reference.data),
            self.adopted_on.data,
            _text(self.period.data),
            _text(self.name_en.data) or None,
        )


@dataclass(frozen=True)
class DraftData:
    label: str
    based_on: int | None = None
    label_en: str | None = None


class DraftForm(Form):
    label = StringField(
        _l("Label of the new version"), validators=[DataRequired(), Length(max=200)]
    )
    label_en = StringField(_l("Label in English"), validators=[Optional(), Length(max=200)])
    # Only for a policy without an approved version (its choices are set by the view).
    based_on = SelectField(
        _l("Start from"),
        choices=[],
        validators=[Optional()],
        description=_l(
            "A new policy's first version may start as a copy of an approved version of "
            "another policy: indicators that keep their code continue their series."
        ),
    )

    def to_data(self) -> DraftData:
        number = str(self.based_on.data or "")
        based_on = int(number) if number.isdigit() else None
        return DraftData(_text(self.label.data), based_on, _text(self.label_en.data) or None)


@dataclass(frozen=True)
class ApprovalData:
    decision_text: str
    decision_date: date


class ApproveForm(Form):
    decision_text = StringField(
        _l("Decision"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("The committee and case number, e.g. BIU 227/2006."),
    )
    decision_date = DateField(_l("Date of the decision"), validators=[InputRequired()])
    confirm = BooleanField(
        _l("I confirm that this version is approved and can no longer be changed."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )

    def to_data(self) -> ApprovalData:
        return ApprovalData(_text(self.decision_text.data), self.decision_date.data)


class DiscardForm(Form):
    confirm = BooleanField(
        _l("I confirm that the draft and all its changes are deleted."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class ImportForm(Form):
    file = FileField(
        _l("File"),
        validators=[
            FileRequired(message=_l("Choose a file.")),
            FileAllowed(["xlsx", "csv"], message=_l("Choose an .xlsx or .csv file.")),
        ],
        description=_l("An XLSX or CSV file in the layout of the overview table."),
    )


class FocusAreaForm(LockedForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("A short code such as BES; kept across versions."),
    )
    number = IntegerField(_l("Number"), validators=[InputRequired(), NumberRange(min=1, max=99)])
    name_da = StringField(_l("Name in Danish"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(
        _l("Description in English"), validators=[Optional(), Length(max=5000)]
    )
    illustrative = BooleanField(_l("Illustrative demo data"))

    def to_data(self) -> svc.FocusAreaData:
        return svc.FocusAreaData(
            _text(self.code.data),
            self.number.data or 0,
            _text(self.name_da.data),
            _text(self.name_en.data) or None,
            _text(self.description.data),
            bool(self.illustrative.data),
            _text(self.description_en.data) or None,
        )


class GoalForm(LockedForm):
    focus_area = SelectField(_l("Focus area"), coerce=int, validators=[InputRequired()])
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("A short code such as BES-M1; kept across versions."),
    )
    text_da = TextAreaField(_l("Goal in Danish"), validators=[DataRequired(), Length(max=500)])
    text_en = TextAreaField(_l("Goal in English"), validators=[Optional(), Length(max=500)])
    illustrative = BooleanField(_l("Illustrative demo data"))

    def __init__(self, *args: Any, focus_areas: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.focus_area.choices = choices([(a.id, f"{a.number}. {a.name_da}") for a in focus_areas])

    def to_data(self) -> svc.GoalData:
        return svc.GoalData(
            _text(self.code.data),
            _text(self.text_da.data),
            _text(self.text_en.data) or None,
            bool(self.illustrative.data),
        )


class IndicatorForm(LockedForm):
    goal = SelectField(_l("Goal"), coerce=int, validators=[InputRequired()])
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("Stable across versions: measurements belong to the code."),
    )
    name_da = StringField(_l("Name in Danish"), validators=[DataRequired(), Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=choices(KIND_CHOICES), validators=[InputRequired()])
    definition = TextAreaField(_l("Definition"), validators=[Optional(), Length(max=5000)])
    definition_en = TextAreaField(
        _l("Definition in English"), validators=[Optional(), Length(max=5000)]
    )
    unit = SelectField(_l("Unit"), choices=choices(units.CHOICES), validators=[InputRequired()])
    decimals = IntegerField(
        _l("Decimals"),
        validators=[InputRequired(), NumberRange(min=0, max=MAX_DECIMALS)],
        default=1,
        description=_l("How many decimals values are shown and compared with (0 to 4)."),
    )
    direction = SelectField(
        _l("Desired direction"),
        coerce=int,
        choices=choices(DIRECTION_CHOICES),
        validators=[InputRequired()],
    )
    min_change = LocalDecimalField(
        _l("Minimum meaningful change"),
        validators=[Optional()],
        description=_l("Smaller changes count as unchanged. Empty: one unit of the last decimal."),
    )
    data_source = StringField(_l("Data source"), validators=[DataRequired(), Length(max=300)])
    data_source_en = StringField(
        _l("Data source in English"), validators=[Optional(), Length(max=300)]
    )
    owner = SelectField(_l("Owning administration"), validators=[InputRequired()])
    baseline_value = LocalDecimalField(_l("Baseline value"), validators=[Optional()])
    baseline_period = StringField(
        _l("Baseline period"),
        validators=[Optional(), Length(max=7), period_check],
        description=_l("A half-year such as 2006-H2."),
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
    notes_en = TextAreaField(_l("Notes in English"), validators=[Optional(), Length(max=5000)])
    cycle = SelectField(_l("Frequency"), choices=choices(CYCLE_CHOICES), default="half_yearly")
    data_breaks = TextAreaField(
        _l("Data breaks"),
        validators=[Optional(), Length(max=5000)],
        description=_l("One per line: the period and what changed, e.g. '2008-H2: New register'."),
    )
    data_breaks_en = TextAreaField(
        _l("Data breaks in English"), validators=[Optional(), Length(max=5000)]
    )
    limitations = TextAreaField(_l("Limitations"), validators=[Optional(), Length(max=5000)])
    limitations_en = TextAreaField(
        _l("Limitations in English"), validators=[Optional(), Length(max=5000)]
    )
    contact = StringField(_l("Contact"), validators=[Optional(), Length(max=300)])
    last_updated = DateField(_l("Description last updated"), validators=[Optional()])
    illustrative = BooleanField(_l("Illustrative demo data"))

    def __init__(
        self, *args: Any, goals: Sequence[Any] = (), owners: Sequence[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.goal.choices = choices([(g.id, f"{g.code} – {g.text_da[:80]}") for g in goals])
        self.owner.choices = choices(
            [("", _l("Choose"))] + [(b.code, f"{b.code} – {b.name_da}") for b in owners]
        )

    def validate_baseline_period(self, field: Field) -> None:
        if (self.baseline_value.data is None) != (not _text(field.data)):
            raise ValidationError(_l("Give the baseline value and its period together."))

    def validate_data_breaks(self, field: Field) -> None:
        bad = parse_breaks(field.data)[1]
        if bad:
            raise ValidationError(
                _l("Line %(line)s: write one break per line as '2008-H2: what changed'.",
                   line=bad[0].line)
            )  # fmt: skip

    validate_data_breaks_en = validate_data_breaks

    def to_data(self) -> svc.IndicatorData:
        frequency, _, half = (self.cycle.data or "").partition("-")
        return svc.IndicatorData(
            code=_text(self.code.data),
            name_da=_text(self.name_da.data),
            kind=self.kind.data or "",
            unit=self.unit.data or "",
            decimals=self.decimals.data if self.decimals.data is not None else -1,
            direction=self.direction.data or 0,
            owner_code=self.owner.data or "",
            name_en=_text(self.name_en.data) or None,
            definition=_text(self.definition.data),
            data_source=_text(self.data_source.data),
            min_change=self.min_change.data,
            baseline_value=self.baseline_value.data,
            baseline_period=_text(self.baseline_period.data).upper() or None,
            notes=_text(self.notes.data),
            illustrative=bool(self.illustrative.data),
            frequency=frequency,
            measured_half=int(half) if half else None,
            data_breaks=_text(self.data_breaks.data),
            limitations=_text(self.limitations.data),
            contact=_text(self.contact.data),
            last_updated=self.last_updated.data,
            definition_en=_text(self.definition_en.data) or None,
            data_source_en=_text(self.data_source_en.data) or None,
            notes_en=_text(self.notes_en.data) or None,
            limitations_en=_text(self.limitations_en.data) or None,
            data_breaks_en=_text(self.data_breaks_en.data) or None,
        )


class CriterionForm(LockedForm):
    code = StringField(
        _l("Code"),
        validators=[Optional(), Length(max=20)],
        description=_l("Leave empty to get one such as BES-01-S1."),
    )
    text = TextAreaField(
        _l("Success criterion"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("As decided, e.g. 'At least 50 % in employment by 2010'."),
    )
    text_en = TextAreaField(
        _l("Success criterion in English"), validators=[Optional(), Length(max=500)]
    )
    target_value = LocalDecimalField(_l("Target value"), validators=[Optional()])
    target_period = StringField(
        _l("Target period"),
        validators=[Optional(), Length(max=7), period_check],
        description=_l("The half-year the target is due, e.g. 2010-H2."),
    )
    decision_reference = StringField(
        _l("Political decision"),
        validators=[Optional(), Length(max=100)],
        description=_l("Case number of the decision, e.g. BIU 227/2006."),
    )
    decision_date = DateField(_l("Date of the decision"), validators=[Optional()])
    illustrative = BooleanField(_l("Illustrative demo data"))

    def __init__(self, *args: Any, baseline_period: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._baseline = parse_period(baseline_period or "")

    def validate_target_period(self, field: Field) -> None:
        target = parse_period(_text(field.data))
        if self.target_value.data is not None and not _text(field.data):
            raise ValidationError(_l("Give the period the target is due."))
        if target and self._baseline and target <= self._baseline:
            raise ValidationError(
                _l(
                    "The target period must come after the baseline period %(baseline)s.",
                    baseline=str(self._baseline),
                )
            )

    def to_data(self) -> svc.CriterionData:
        return svc.CriterionData(
            text=_text(self.text.data),
            target_value=self.target_value.data,
            target_period=_text(self.target_period.data).upper() or None,
            decision_reference=_text(self.decision_reference.data) or None,
            decision_date=self.decision_date.data,
            code=_text(self.code.data),
            illustrative=bool(self.illustrative.data),
            text_en=_text(self.text_en.data) or None,
        )
