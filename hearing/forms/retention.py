"""The form of a hearing's retention date for personal data (docs/privacy.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, TextAreaField
from wtforms.validators import Length, Optional

from core.forms import Form
from hearing.forms.hearings import CheckedOnSave


@dataclass(frozen=True)
class RetentionData:
    retention_until: date | None
    reason: str


class RetentionForm(Form):
    retention_until = DateField(
        _l("Erase personal data on"),
        validators=[Optional()],
        description=_l("Leave it empty for the default: a number of days after the decision."),
    )
    # Required by the service, which names it beside the field.
    reason = TextAreaField(
        _l("Reason"),
        validators=[CheckedOnSave(), Length(max=1000)],
        description=_l("Kept in the audit log."),
    )

    def to_data(self) -> RetentionData:
        return RetentionData(self.retention_until.data, self.reason.data or "")
