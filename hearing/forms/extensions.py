"""Extending the deadline of several bodies at once: the bodies, then the one extension."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.validators import DataRequired

from core.forms import body_option, choices
from hearing.forms.hearings import ExtensionForm
from hearing.models import Consultee


class ExtendSeveralForm(ExtensionForm):
    consultee_ids = SelectMultipleField(
        _l("Bodies to give the extension"),
        coerce=int,
        validators=[DataRequired(_l("Choose at least one body."))],
        description=_l("Each gets the same new deadline and reason, and is told by e-mail."),
    )

    def __init__(self, *args: Any, consultees: Sequence[Consultee] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consultee_ids.choices = choices([(c.id, body_option(c.body)[1]) for c in consultees])
