"""Forms of editions; each hands plain data on."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from barometer.services.editions import MAX_REASON, MAX_TITLE, EditionData
from core.forms import Form, choices


class EditionForm(Form):
    period = SelectField(_l("Period"), validators=[DataRequired()])
    version = SelectField(_l("Catalogue version"), validators=[DataRequired()])
    title_da = StringField(
        _l("Title in Danish"),
        validators=[Optional(), Length(max=MAX_TITLE)],
        description=_l("Leave empty for the usual title with the period."),
    )
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=MAX_TITLE)])

    def __init__(
        self,
        *args: object,
        periods: Sequence[tuple[str, str]] = (),
        versions: Sequence[tuple[str, str]] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.period.choices = choices(periods)
        self.version.choices = choices(versions)

    def to_data(self) -> EditionData:
        return EditionData(
            str(self.period.data),
            int(str(self.version.data)),
            (self.title_da.data or "").strip(),
            (self.title_en.data or "").strip(),
        )


class PublishForm(Form):
    fingerprint = HiddenField(validators=[DataRequired()])
    acknowledged = BooleanField(
        _l("I have seen the missing values and assessments listed above and publish anyway.")
    )


class CorrectionForm(Form):
    reason = TextAreaField(
        _l("What does the correction correct, and why?"),
        validators=[DataRequired(), Length(max=MAX_REASON)],
        description=_l("Shown publicly on both editions."),
    )
    reason_en = TextAreaField(
        _l("The same in English"),
        validators=[Optional(), Length(max=MAX_REASON)],
        description=_l("Optional. Without it, English pages show the Danish text, marked."),
    )


class ConfirmForm(Form):
    """A button that only needs the CSRF token."""
