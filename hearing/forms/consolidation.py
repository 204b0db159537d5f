"""Forms of consolidation and the decision. Each hands plain data on through ``to_data()``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from barometer import units
from barometer.forms.catalogue import DIRECTION_CHOICES, KIND_CHOICES
from barometer.labels import FIELD_LABELS
from core.errors import DomainError
from core.forms import Form, choices
from core.i18n import error_text
from hearing.confidentiality import public_sources
from hearing.forms.hearings import CheckedOnSave
from hearing.forms.values import iso_date, shown_value
from hearing.models.consolidation import DecisionResult, RecommendationOutcome
from hearing.proposals import ProposalKind
from hearing.services.decision import DecisionData, OutcomeData
from hearing.services.proposal_changes import proposal_fields
from hearing.services.recommendations import NO_OUTCOME, NO_REASONING, RecommendationData

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

# What became of the proposal when the committee followed a recommendation not to take it up.
_FOLLOWED = {
    RecommendationOutcome.REJECT: _l("Rejected, as recommended"),
    RecommendationOutcome.OUT_OF_SCOPE: _l("Not taken up, as recommended"),
}


def decision_result_label(result: str, recommendation: str | None = None) -> str:
    """The committee's outcome as what became of the proposal: "approved as recommended"
    only when the recommendation was to accept it."""
    if result == DecisionResult.APPROVED and recommendation in _FOLLOWED:
        return str(_FOLLOWED[RecommendationOutcome(recommendation)])
    return str(RESULT_LABELS.get(DecisionResult(result), result))


BODY_OUTCOME_LABELS = {
    "answered": _l("Answered"),
    "no_remarks": _l("No remarks"),
    "late": _l("Late (accepted)"),
    "not_answered": _l("Not answered"),
}


def body_outcome_label(outcome: str) -> str:
    return str(BODY_OUTCOME_LABELS.get(str(outcome), outcome))


# The fields of the change edited in place, per proposal type, by the change contract's
# names; the form field of ``name`` is ``changed_<name>``. One list for the
# recommendation's "accept with changes" and the committee's "approved with a change".
_INDICATOR = (
    "name_da",
    "name_en",
    "definition",
    "kind",
    "unit",
    "decimals",
    "direction",
    "owner_code",
    "data_source",
)
CHANGE_FIELDS: dict[str, tuple[str, ...]] = {
    ProposalKind.ADD_SUCCESS_CRITERION: (
        "text",
        "target_value",
        "target_period",
        "decision_reference",
        "decision_date",
    ),
    ProposalKind.ADD_INDICATOR: ("code", *_INDICATOR),
    ProposalKind.CHANGE_INDICATOR: _INDICATOR,  # an indicator keeps its code
    ProposalKind.REMOVE_INDICATOR: (),
    ProposalKind.OTHER: ("text",),
}
_NUMBERS = {"target_value"}
# The catalogue's name of a refused field, by the change contract's (``owner_code``).
_REFUSAL_FIELDS = {n: n for names in CHANGE_FIELDS.values() for n in names} | {
    "owner": "owner_code"
}


def changed_fields(proposal_kind: str) -> tuple[tuple[str, str], ...]:
    """(form field, change field) of a proposal type's changed content."""
    return tuple((f"changed_{n}", n) for n in CHANGE_FIELDS.get(ProposalKind(proposal_kind), ()))


def prefill_values(group: Any, indicators: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """What the changed content starts from: for a change of an indicator its current values
    in the consulted version (``indicators`` by code, as ``catalogue_of`` gives them), then
    what the first proposal that is not confidential asks for (a confidential proposal's
    text is never copied), then the content the recommendation already has."""
    values: dict[str, Any] = {}
    if group.proposal_kind == ProposalKind.CHANGE_INDICATOR:
        current = indicators.get(group.target_code) or {}
        values = {n: current.get(n) for n in _INDICATOR if n in current}
        if "owner" in current:
            values["owner_code"] = current["owner"]
    sources = public_sources(group.proposals)
    if sources:
        values |= proposal_fields(sources[0])
    rec = group.recommendation
    if rec is not None and rec.changed_content:
        values |= rec.changed_content
    return values


class _ChangedContent:
    """The fields of a change: labels and choices are the catalogue's own. Values are
    checked by the catalogue's rules when the recommendation or decision is saved."""

    changed_text = TextAreaField(FIELD_LABELS["text"], validators=[Length(max=TEXT_MAX)])
    changed_target_value = StringField(FIELD_LABELS["target_value"], validators=[Length(max=30)])
    changed_target_period = StringField(
        FIELD_LABELS["target_period"],
        validators=[Length(max=7)],
        description=_l("A year or a half-year, e.g. 2010-H2."),
    )
    changed_decision_reference = StringField(
        FIELD_LABELS["decision_reference"], validators=[Length(max=100)]
    )
    changed_decision_date = StringField(
        FIELD_LABELS["decision_date"],
        validators=[Length(max=10)],
        description=_l("As day.month.year, e.g. 14.12.2006."),
    )
    changed_code = StringField(FIELD_LABELS["code"], validators=[Length(max=20)])
    changed_name_da = StringField(FIELD_LABELS["name_da"], validators=[Length(max=300)])
    changed_name_en = StringField(FIELD_LABELS["name_en"], validators=[Length(max=300)])
    changed_definition = TextAreaField(
        FIELD_LABELS["definition"], validators=[Length(max=TEXT_MAX)]
    )
    changed_kind = SelectField(
        FIELD_LABELS["kind"], choices=choices([("", ""), *KIND_CHOICES]), validate_choice=False
    )
    changed_unit = SelectField(
        FIELD_LABELS["unit"], choices=choices([("", ""), *units.CHOICES]), validate_choice=False
    )
    changed_decimals = StringField(FIELD_LABELS["decimals"], validators=[Length(max=2)])
    changed_direction = SelectField(
        FIELD_LABELS["direction"],
        choices=choices([("", ""), *((str(v), label) for v, label in DIRECTION_CHOICES)]),
        validate_choice=False,
    )
    changed_owner_code = SelectField(FIELD_LABELS["owner"], validate_choice=False)
    changed_data_source = StringField(FIELD_LABELS["data_source"], validators=[Length(max=300)])

    proposal_kind: str

    def setup_change(self, proposal_kind: str, owners: Sequence[tuple[str, str]]) -> None:
        self.proposal_kind = proposal_kind
        self["changed_owner_code"].choices = choices([("", ""), *owners])  # type: ignore[index]
        if proposal_kind == ProposalKind.OTHER:
            self["changed_text"].label.text = _l("Text")  # type: ignore[index]

    def change_fields(self) -> list[Any]:
        """The bound fields of this proposal type's changed content, in order."""
        return [self[form_name] for form_name, _ in changed_fields(self.proposal_kind)]  # type: ignore[index]

    def prefill(self, values: Mapping[str, Any]) -> None:
        for form_name, change_name in changed_fields(self.proposal_kind):
            self[form_name].data = shown_value(values.get(change_name))  # type: ignore[index]

    def attach_refusal(self, err: DomainError) -> list[str]:
        """Show a refusal beside the changed field it names (a change the catalogue would
        refuse names its field); return the text when it names none of this form's."""
        problem = getattr(err, "problem", None)
        name = _REFUSAL_FIELDS.get(str(getattr(problem, "field", "")), "")
        field = self._fields.get(f"changed_{name}") if name else None  # type: ignore[attr-defined]
        if field is None or field not in self.change_fields():
            return [error_text(err)]
        field.errors = [*field.errors, error_text(err)]
        return []

    def changed_content(self) -> dict[str, Any]:
        """The given fields by the change contract's names (a decimal comma becomes a point)."""
        values = {}
        for form_name, change_name in changed_fields(self.proposal_kind):
            value = (self[form_name].data or "").strip()[:TEXT_MAX]  # type: ignore[index]
            if change_name in _NUMBERS:
                value = value.replace(",", ".")
            elif change_name == "decision_date":
                value = iso_date(value)
            if value:
                values[change_name] = value
        return values


class ChangeForm(Form, _ChangedContent):
    """The committee's "approved with a change" content of one recommendation (a part of
    the decision form, which carries the CSRF token)."""

    class Meta:
        csrf = False

    def __init__(
        self, *args: Any, proposal_kind: str, owners: Sequence[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_change(proposal_kind, owners)


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
    confirm_rewrite = BooleanField(
        _l("I have rewritten the text so it reveals nothing confidential"),
        description=_l(
            "The group holds a confidential proposal. Until you confirm this, the changed "
            "content, the comment and the reasoning are left out of the public hearing note, "
            "the public pages and the API."
        ),
    )
    revision = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])
    # Problems of a refused save that name no field: listed in the form's error summary.
    problems: list[str]

    def __init__(
        self,
        *args: Any,
        proposal_kind: str,
        owners: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_change(proposal_kind, owners)
        self.problems = []

    def refused(self, err: DomainError) -> None:
        """Show the service's refusal on the form: beside the field it names, else in the
        summary at the top of the form."""
        named = {NO_REASONING: self.reasoning, NO_OUTCOME: self.outcome}.get(err.message)
        if named is not None:
            named.errors = [*named.errors, error_text(err)]
            return
        self.problems.extend(self.attach_refusal(err))

    def problem_links(self) -> list[tuple[str, str]]:
        """The problems beside no field, for the error summary: each links to the form."""
        return [(self.outcome.id, text) for text in self.problems]

    def to_data(self) -> RecommendationData:
        outcome = self.outcome.data or ""
        changed = (
            self.changed_content() if outcome == RecommendationOutcome.ACCEPT_WITH_CHANGES else None
        )
        return RecommendationData(
            outcome=outcome,
            administration_comment=self.administration_comment.data or "",
            reasoning=self.reasoning.data or "",
            changed_content=changed,
            confirm_rewrite=bool(self.confirm_rewrite.data),
        )


class SummaryForm(Form):
    text = TextAreaField(_l("Summary"), validators=[Length(max=TEXT_MAX)])
    confirm_rewrite = BooleanField(
        _l("I have rewritten the text so it reveals nothing confidential"),
        description=_l(
            "This focus area has confidential input. Until you confirm this, the summary is "
            "left out of the public hearing note."
        ),
    )
    revision = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])


class DecisionForm(Form):
    """The decision's fields are checked by the service on save, together with every
    recommendation's outcome, so one submit names all their problems."""

    deciding_body_id = SelectField(_l("Deciding body"), coerce=int, validators=[InputRequired()])
    meeting_date = DateField(_l("Meeting date"), validators=[CheckedOnSave(), Optional()])
    case_reference = StringField(
        _l("Case reference"),
        validators=[CheckedOnSave(), Length(max=100)],
        description=_l("The decision's case number, e.g. BIU 227/2006."),
    )

    def __init__(
        self,
        *args: Any,
        bodies: Sequence[tuple[int, str]],
        groups: Sequence[Any],
        owners: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.deciding_body_id.choices = choices(list(bodies))
        self.groups = list(groups)
        # A refused outcome per recommendation, by the id of its select (``r<id>-result``).
        self.result_errors: dict[str, str] = {}
        # The committee's changed content per recommendation, named r<id>-changed_<field>.
        self.change_forms = {
            g.recommendation.id: ChangeForm(
                prefix=f"r{g.recommendation.id}", proposal_kind=g.proposal_kind, owners=owners
            )
            for g in self.groups
            if g.recommendation is not None
        }

    def prefill(self, indicators: Mapping[str, Mapping[str, Any]]) -> None:
        """Start each change from what the recommendation would make."""
        for group in self.groups:
            if group.recommendation is not None:
                values = prefill_values(group, indicators)
                self.change_forms[group.recommendation.id].prefill(values)

    def outcome_data(self, values: Mapping[str, str]) -> tuple[OutcomeData, ...]:
        """The per-recommendation fields, named ``r<id>-result`` and ``r<id>-<field>``."""
        outcomes = []
        for group in self.groups:
            rec = group.recommendation
            if rec is None:
                continue
            result = values.get(f"r{rec.id}-result", "")
            changed = None
            if result == DecisionResult.APPROVED_WITH_CHANGE:
                changed = self.change_forms[rec.id].changed_content()
            outcomes.append(OutcomeData(rec.id, result, changed))
        return tuple(outcomes)

    def summary_links(self) -> list[tuple[str, str]]:
        """The outcomes' problems for the error summary, each linking to its select."""
        return list(self.result_errors.items())

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
    "ChangeForm",
    "DecisionForm",
    "RecommendationForm",
    "SummaryForm",
    "body_outcome_label",
    "changed_fields",
    "decision_result_label",
    "prefill_values",
]
