"""The filter forms of the secretariat's lists (GET: a filter changes nothing, no CSRF)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from core.forms import Form
from hearing.labels import HEARING_STATE_LABELS
from hearing.search import Answer, HearingFilter, ResponseFilter

ANSWER_LABELS = {
    Answer.ANSWERED: _l("Has answered"),
    Answer.NO_REMARKS: _l("Answered with no remarks"),
    Answer.UNANSWERED: _l("Has not answered"),
    Answer.WITHDRAWN: _l("Withdrew the answer"),
    Answer.LATE: _l("Answered after the deadline"),
    Answer.BY_LETTER: _l("Received by letter or e-mail"),
}


class HearingSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(
        _l("Search"),
        validators=[Optional(), Length(max=200)],
        description=_l("Words in the case reference or the title."),
    )
    state = SelectField(_l("State"), validators=[Optional()])
    year = IntegerField(
        _l("Deadline in the year"),
        validators=[Optional(), NumberRange(min=1900, max=2999)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state.choices = [("", _l("All states"))] + [
            (state.value, label) for state, label in HEARING_STATE_LABELS.items()
        ]

    def to_filter(self) -> HearingFilter:
        return HearingFilter(
            text=self.q.data or "", state=self.state.data or "", year=self.year.data
        )


class ResponseFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField(
        _l("Body"),
        validators=[Optional(), Length(max=200)],
        description=_l("Words in the body's code or name."),
    )
    answer = SelectField(_l("Answer"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer.choices = [("", _l("All bodies"))] + [
            (answer.value, label) for answer, label in ANSWER_LABELS.items()
        ]

    def to_filter(self) -> ResponseFilter:
        return ResponseFilter(text=self.q.data or "", answer=self.answer.data or "")
