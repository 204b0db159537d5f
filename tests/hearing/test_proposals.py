"""The pure proposal rules: the one dict a proposal is shown as, and cleaning per kind."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ValidationFailed
from hearing.proposals import (
    PROPOSAL_FIELDS,
    ConsultedCodes,
    ProposalData,
    ProposalKind,
    clean_proposal,
    parse_decimal,
    proposal_values,
)
from hearing.response_content import ProposalPart

CODES = ConsultedCodes(
    goals={"A1-M1", "A2-M1"}, indicators={"A1-M1-I1"}, units={"percent", "count"}
)


def _data(**values: object) -> ProposalData:
    base: dict[str, object] = {
        "kind": "other",
        "text": "Hold et dialogmøde",
        "justification": "Dialog.",
    }
    return ProposalData(**(base | values))  # type: ignore[arg-type]


def test_proposal_values_names_the_targets_goal_and_indicator_and_the_kind_as_text() -> None:
    part = ProposalPart(
        kind=ProposalKind.ADD_SUCCESS_CRITERION,
        target_goal_code="A1-M1",
        text="Mindst 60 %",
        target_value=Decimal("60"),
        decision_date=date(2006, 6, 14),
        justification="Besluttet.",
    )
    values = proposal_values(part)
    assert values["kind"] == "add_success_criterion"
    assert type(values["kind"]) is str
    assert values["goal"] == "A1-M1"
    assert values["indicator"] is None
    assert values["target_value"] == Decimal("60")
    assert "target_goal_code" not in values


def test_proposal_values_has_one_key_per_content_field_in_field_order() -> None:
    values = proposal_values(ProposalPart(kind="other"))
    renamed = {"target_goal_code": "goal", "target_indicator_code": "indicator"}
    assert list(values) == [renamed.get(name, name) for name in PROPOSAL_FIELDS]


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        clean_proposal(_data(kind="rewrite_everything"), CODES)


def test_every_proposal_needs_a_justification() -> None:
    with pytest.raises(ValidationFailed):
        clean_proposal(_data(justification="  "), CODES)


def test_a_goal_outside_the_consulted_version_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        clean_proposal(_data(target_goal_code="Z9-M9"), CODES)


def test_a_criterion_names_exactly_one_target_and_its_political_decision() -> None:
    criterion = _data(
        kind="add_success_criterion",
        target_goal_code="A1-M1",
        text="Mindst 60 % i 2010",
        target_value="47,5",
        target_period="2010-h2",
        decision_reference="BR 395/06",
    )
    values = clean_proposal(criterion, CODES)
    assert values["kind"] == ProposalKind.ADD_SUCCESS_CRITERION
    assert values["target_value"] == Decimal("47.5")
    assert values["target_period"] == "2010-H2"
    with pytest.raises(ValidationFailed):
        clean_proposal(_data(**{**criterion.__dict__, "target_indicator_code": "A1-M1-I1"}), CODES)
    with pytest.raises(ValidationFailed):
        clean_proposal(_data(**{**criterion.__dict__, "decision_reference": ""}), CODES)
    with pytest.raises(ValidationFailed):
        clean_proposal(_data(**{**criterion.__dict__, "target_period": "2010-Q3"}), CODES)


def test_a_new_indicator_drops_an_indicator_target_and_checks_its_unit() -> None:
    indicator = _data(
        kind="add_indicator",
        target_goal_code="A1-M1",
        target_indicator_code="A1-M1-I1",
        name="Andel i uddannelse",
        unit="percent",
        direction=1,
    )
    values = clean_proposal(indicator, CODES)
    assert values["target_indicator_code"] is None
    assert values["unit"] == "percent"
    with pytest.raises(ValidationFailed):
        clean_proposal(_data(**{**indicator.__dict__, "unit": "furlongs"}), CODES)
    with pytest.raises(ValidationFailed):
        clean_proposal(_data(**{**indicator.__dict__, "direction": 2}), CODES)


def test_a_change_to_an_indicator_drops_a_goal_target_and_needs_a_description() -> None:
    change = _data(
        kind="change_indicator", target_goal_code="A1-M1", target_indicator_code="A1-M1-I1"
    )
    assert clean_proposal(change, CODES)["target_goal_code"] is None
    with pytest.raises(ValidationFailed):
        clean_proposal(_data(**{**change.__dict__, "text": ""}), CODES)
    removal = _data(kind="remove_indicator", target_indicator_code="A1-M1-I1", text="")
    assert clean_proposal(removal, CODES)["kind"] == ProposalKind.REMOVE_INDICATOR


def test_a_confidential_proposal_needs_its_reason() -> None:
    with pytest.raises(ValidationFailed):
        clean_proposal(_data(confidential=True), CODES)
    values = clean_proposal(_data(confidential=True, confidential_reason="Udkast"), CODES)
    assert values["confidential_reason"] == "Udkast"


@pytest.mark.parametrize(
    ("text", "number"),
    [("47,5", "47.5"), ("1.234,5", "1234.5"), ("47.5", "47.5"), (" 1 000 ", "1000"), ("", None)],
)
def test_a_target_value_is_read_as_written_in_danish_or_english(
    text: str, number: str | None
) -> None:
    assert parse_decimal(text) == (Decimal(number) if number is not None else None)


@given(st.decimals(min_value=-(10**13), max_value=10**13, places=4, allow_nan=False))
def test_every_value_the_column_can_hold_is_read_back(value: Decimal) -> None:
    assert parse_decimal(str(value)) == value


@pytest.mark.parametrize("text", ["abc", "1e20", "0,00001", "NaN"])
def test_what_is_not_a_storable_number_is_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_decimal(text)


def test_the_proposal_rules_import_neither_flask_nor_sqlalchemy() -> None:
    root = Path(__file__).resolve().parents[2] / "hearing"
    for name in ("proposals.py", "response_fields.py"):
        tree = ast.parse((root / name).read_text())
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m.split(".")[0] for m in modules if m} & {"flask", "sqlalchemy"}, name
