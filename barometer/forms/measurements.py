"""Forms of measurements, periods and assessments; each hands plain data on."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import TextInput

from barometer.forms.fields import LocalDecimalField, period_check
from barometer.measurement_import import MAX_NOTE, MAX_REASON, MAX_SOURCE, Entry
from barometer.models import AssessmentState
from barometer.services.assessments import MAX_TEXT, AssessmentData
from barometer.services.measurements import PeriodData, end_of_day
from core.forms import Form, choices
from core.wtforms_i18n import translations_for


def _text(value: str | None) -> str:
    return (value or "").strip()


def _version(value: str | None) -> int | None:
    value = value or ""
    return int(value) if value.isdigit() else None


class DecimalTextField(LocalDecimalField):
    """A number field as text: a browser's number input refuses "46,4", the Danish way."""

    widget = TextInput()

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class PeriodForm(Form):
    code = StringField(
        _l("Period"),
        validators=[DataRequired(), Length(max=7), period_check],
        filters=[lambda text: text.strip().upper() if text else text],
        description=_l("A half-year, written like 2007-H1."),
    )
    deadline = DateField(
        _l("Collection deadline"),
        validators=[DataRequired()],
        description=_l("The values are due by the end of this day (Copenhagen time)."),
    )

    def to_data(self) -> PeriodData:
        return PeriodData(_text(self.code.data).upper(), end_of_day(self.deadline.data))


class _RowForm(PlainForm):
    """One indicator's row in the entry form (the outer form carries the CSRF token)."""

    class Meta:
        def get_translations(self, form: object) -> object:
            return translations_for(form)

    code = HiddenField()
    lock_version = HiddenField()
    value = DecimalTextField(_l("Value"), validators=[Optional()])
    provisional = BooleanField(_l("Provisional figure"))
    note = StringField(
        _l("Note"),
        validators=[Optional(), Length(max=MAX_NOTE)],
        description=_l("Without a value: say why there is none."),
    )
    source = StringField(_l("Source"), validators=[Optional(), Length(max=MAX_SOURCE)])
    reason = StringField(
        _l("Reason for the correction"),
        validators=[Optional(), Length(max=MAX_REASON)],
        description=_l("Required when you change a value already registered."),
    )

    def to_entry(self, row: int) -> Entry:
        return Entry(
            code=_text(self.code.data),
            value=self.value.data,
            provisional=bool(self.provisional.data),
            note=_text(self.note.data),
            source=_text(self.source.data),
            reason=_text(self.reason.data),
            expected_version=_version(self.lock_version.data),
            row=row,
        )

    def is_blank(self) -> bool:
        """A row left empty that had no value before: nothing to save."""
        return (
            self.value.data is None
            and not _text(self.note.data)
            and (self.lock_version.data or "0") == "0"
        )


class EntryForm(Form):
    rows = FieldList(FormField(_RowForm))

    def entries(self) -> list[Entry]:
        return [
            row.form.to_entry(i)
            for i, row in enumerate(self.rows, start=1)
            if not row.form.is_blank()
        ]


class MeasurementForm(Form):
    """One value: a first entry or a correction of the registered value."""

    lock_version = HiddenField()
    value = DecimalTextField(_l("Value"), validators=[Optional()])
    provisional = BooleanField(_l("Provisional figure"))
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=MAX_NOTE)],
        description=_l("Without a value: say why there is none."),
    )
    note_en = TextAreaField(_l("Note in English"), validators=[Optional(), Length(max=MAX_NOTE)])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=MAX_SOURCE)])
    source_en = StringField(
        _l("Source in English"), validators=[Optional(), Length(max=MAX_SOURCE)]
    )
    reason = TextAreaField(
        _l("Reason for the correction"),
        validators=[Optional(), Length(max=MAX_REASON)],
        description=_l("Required when you change a value already registered."),
    )

    def to_entry(self, code: str) -> Entry:
        return Entry(
            code=code,
            value=self.value.data,
            provisional=bool(self.provisional.data),
            note=_text(self.note.data),
            source=_text(self.source.data),
            reason=_text(self.reason.data),
            expected_version=_version(self.lock_version.data),
            row=1,
            note_en=_text(self.note_en.data),
            source_en=_text(self.source_en.data),
        )


class ImportForm(Form):
    file = FileField(
        _l("File"),
        validators=[
            FileRequired(message=_l("Choose a file.")),
            FileAllowed(["xlsx", "csv"], message=_l("Choose an .xlsx or .csv file.")),
        ],
        description=_l("An XLSX or CSV file in the layout of the template."),
    )


_DST_TYPE = _l("Choose a .csv or .xlsx file downloaded from Statistics Denmark.")
_DST_FILE = _l(
    "A table downloaded from Statistics Denmark (statistikbanken.dk): one row per area, "
    "one column per period."
)


class ComparisonImportForm(Form):
    file = FileField(
        _l("File"),
        validators=[
            FileRequired(message=_l("Choose a file.")),
            FileAllowed(["csv", "xlsx"], message=_DST_TYPE),
        ],
        description=_DST_FILE,
    )
    source = StringField(
        _l("Source"), validators=[Optional(), Length(max=300)],
        description=_l("For example: Statistics Denmark, table RAS300."),
    )  # fmt: skip
    illustrative = BooleanField(_l("Illustrative figures (not real data)"))


class DeleteComparisonForm(Form):
    pass


class ConfirmImportForm(Form):
    token = HiddenField(validators=[DataRequired()])


STATE_CHOICES = (
    (AssessmentState.DRAFT.value, _l("Draft")),
    (AssessmentState.FINAL.value, _l("Final")),
)


class AssessmentForm(Form):
    lock_version = HiddenField()
    text = TextAreaField(
        _l("Assessment"),
        validators=[Optional(), Length(max=MAX_TEXT)],
        description=_l(
            "How could the reading be improved? Markdown: **bold**, *italic*, lists with -."
        ),
    )
    text_en = TextAreaField(
        _l("Assessment in English"),
        validators=[Optional(), Length(max=MAX_TEXT)],
        description=_l("Optional. Without it, English pages show the Danish text, marked."),
    )
    state = SelectField(_l("State"), choices=choices(STATE_CHOICES), default="draft")

    def to_data(self) -> AssessmentData:
        return AssessmentData(
            _text(self.text.data), AssessmentState(self.state.data), _text(self.text_en.data)
        )

    def expected_version(self) -> int | None:
        return _version(self.lock_version.data)
