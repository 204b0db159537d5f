"""The form of the secretariat's choice of version for one period; hands plain data on."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from barometer.services.version_overrides import MAX_REASON
from core.forms import Form, choices


class OverrideForm(Form):
    version = SelectField(_l("Catalogue version"), validators=[DataRequired()])
    reason = TextAreaField(
        _l("Why does this period use another version?"),
        validators=[DataRequired(), Length(max=MAX_REASON)],
        description=_l("Kept with the choice and in the audit log."),
    )

    def __init__(
        self, *args: object, versions: Sequence[tuple[str, str]] = (), **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version.choices = choices(versions)

    def to_data(self) -> tuple[int, str]:
        return int(str(self.version.data)), (self.reason.data or "").strip()
