"""Forms of consolidation and the decision. Each hands plain data on through ``to_data()``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from core.forms import Form, choices
from hearing.models_consolidation import DecisionResult, RecommendationOutcome
from hearing.models_responses import ProposalKind
from hearing.services.consolidation import RecommendationData
from hearing.services.decision import DecisionData, OutcomeData

TEXT_MAX = 10_000

RECOMMENDATION_LABELS = {
    RecommendationOutcome.ACCEPT: _l("Accept"),
    RecommendationOutcome.ACCEPT_WITH_CHANGES: _l("Accept with changes"),
    RecommendationOutcome.REJECT: _l("Reject"),
    RecommendationOutcome.OUT_OF_SCOPE: _l("Outside the hearing's scope"),
}
RESULT_LABELS = {
    DecisionResult.APPROVED: _l("Approved as recommended"),
    DecisionResult.APPROVED_WITH_CHANGE: _l("Approved with a change"),
    DecisionResult.REJECTED: _l("Rejected"),
}

BODY_OUTCOME_LABELS = {
    "answered": _l("Answered"),
    "no_remarks": _l("No remarks"),
    "late": _l("Late (accepted)"),
    "not_answered": _l("Not answered"),
}


def body_outcome_label(outcome: str) -> str:
    return str(BODY_OUTCOME_LABELS.get(str(outcome), outcome))


# The fields edited in place, per proposal type: (form field, change field).
_CHANGED = {
    ProposalKind.ADD_SUCCESS_CRITERION: (
        ("changed_text", "text"),
        ("changed_target_value", "target_value"),
        ("changed_target_period", "target_period"),
    ),
    ProposalKind.ADD_INDICATOR: (("changed_name", "name_da"), ("changed_text", "definition")),
    ProposalKind.CHANGE_INDICATOR: (("changed_name", "name_da"), ("changed_text", "definition")),
    ProposalKind.OTHER: (("changed_text", "text"),),
}


CHANGE_FIELD_LABELS = {
    "changed_text": _l("Changed text"),
    "changed_target_value": _l("Changed target value"),
    "changed_target_period": _l("Changed target period"),
    "changed_name": _l("Changed name"),
}


def change_field_label(form_name: str) -> str:
    return str(CHANGE_FIELD_LABELS.get(form_name, form_name))


def changed_fields(proposal_kind: str) -> tuple[tuple[str, str], ...]:
    return _CHANGED.get(ProposalKind(proposal_kind), ())


def _changed_content(form: Any, proposal_kind: str) -> dict[str, Any]:
    values = {}
    for form_name, change_name in changed_fields(proposal_kind):
        value = (form[form_name].data or "").strip()
        if value:
            values[change_name] = value.replace(",", ".") if "value" in change_name else value
    return values


class _ChangedContent:
    changed_text = TextAreaField(
        CHANGE_FIELD_LABELS["changed_text"], validators=[Length(max=TEXT_MAX)]
    )
    changed_target_value = StringField(
        CHANGE_FIELD_LABELS["changed_target_value"], validators=[Length(max=30)]
    )
    changed_target_period = StringField(
        CHANGE_FIELD_LABELS["changed_target_period"],
        validators=[Length(max=7)],
        description=_l("A year or a half-year, e.g. 2010-H2."),
    )
    changed_name = StringField(CHANGE_FIELD_LABELS["changed_name"], validators=[Length(max=300)])


class RecommendationForm(Form, _ChangedContent):
    outcome = SelectField(
        _l("Recommendation"),
        choices=choices([("", "")] + [(k.value, v) for k, v in RECOMMENDATION_LABELS.items()]),
        validators=[DataRequired()],
    )
    administration_comment = TextAreaField(
        _l("The administration's comment"), validators=[Length(max=TEXT_MAX)]
    )
    reasoning = TextAreaField(_l("Reasoning"), validators=[DataRequired(), Length(max=TEXT_MAX)])
    revision = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])

    def __init__(self, *args: Any, proposal_kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal_kind = proposal_kind

    def to_data(self) -> RecommendationData:
        outcome = self.outcome.data or ""
        changed = (
            _changed_content(self, self.proposal_kind)
            if outcome == RecommendationOutcome.ACCEPT_WITH_CHANGES
            else None
        )
        return RecommendationData(
            outcome=outcome,
            administration_comment=self.administration_comment.data or "",
            reasoning=self.reasoning.data or "",
            changed_content=changed,
        )


class SummaryForm(Form):
    text = TextAreaField(_l("Summary"), validators=[Length(max=TEXT_MAX)])
    revision = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])


class DecisionForm(Form):
    deciding_body_id = SelectField(_l("Deciding body"), coerce=int, validators=[InputRequired()])
    meeting_date = DateField(_l("Meeting date"), validators=[InputRequired()])
    case_reference = StringField(
        _l("Case reference"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("The decision's case number, e.g. BIU 227/2006."),
    )

    def __init__(
        self, *args: Any, bodies: Sequence[tuple[int, str]], groups: Sequence[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.deciding_body_id.choices = choices(list(bodies))
        self.groups = list(groups)

    def outcome_data(self, values: Mapping[str, str]) -> tuple[OutcomeData, ...]:
        """The per-recommendation fields, named ``r<id>-result`` and ``r<id>-<field>``."""
        outcomes = []
        for group in self.groups:
            rec = group.recommendation
            if rec is None:
                continue
            prefix = f"r{rec.id}-"
            result = values.get(prefix + "result", "")
            changed = None
            if result == DecisionResult.APPROVED_WITH_CHANGE:
                changed = {}
                for form_name, change_name in changed_fields(group.proposal_kind):
                    value = (values.get(prefix + form_name) or "").strip()[:TEXT_MAX]
                    if value:
                        changed[change_name] = (
                            value.replace(",", ".") if "value" in change_name else value
                        )
            outcomes.append(OutcomeData(rec.id, result, changed))
        return tuple(outcomes)

    def to_data(self, values: Mapping[str, str]) -> DecisionData:
        meeting: date | None = self.meeting_date.data
        return DecisionData(
            deciding_body_id=self.deciding_body_id.data,
            meeting_date=meeting,
            case_reference=self.case_reference.data or "",
            outcomes=self.outcome_data(values),
        )


__all__ = [
    "RECOMMENDATION_LABELS",
    "RESULT_LABELS",
    "DecisionForm",
    "RecommendationForm",
    "SummaryForm",
    "body_outcome_label",
    "change_field_label",
    "changed_fields",
]
