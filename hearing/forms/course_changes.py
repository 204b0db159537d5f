"""Forms of the secretariat's corrections: shorten or reopen (a new deadline and a reason),
cancel (a reason and a confirmation), and the second sending of the note and decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from core.forms import Form
from hearing.forms.hearings import CheckedOnSave, ExtensionForm


class NewDeadlineForm(ExtensionForm):
    """A new deadline for the whole hearing, with the reason (told to every body)."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[CheckedOnSave(), Length(max=1000)],
        description=_l(
            "The reason is e-mailed to every consulted body and kept in the audit log: write "
            "nothing confidential."
        ),
    )


class CancelForm(Form):
    reason = TextAreaField(
        _l("Reason for cancelling"),
        validators=[
            DataRequired(_l("Give the reason for cancelling the hearing.")),
            Length(max=1000),
        ],
        description=_l(
            "The reason is e-mailed to every consulted body and shown on the hearing's public "
            "page: write nothing confidential."
        ),
    )
    confirm = BooleanField(
        _l("Yes, cancel the hearing. This cannot be undone."),
        validators=[InputRequired(_l("Tick the box to confirm the cancellation."))],
    )


class SendToPartiesForm(Form):
    again = BooleanField(_l("Yes, send the note and the decision again"))
