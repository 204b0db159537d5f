"""The views' unit of work: commit after the service, or roll back and say why."""

from __future__ import annotations

from typing import Any

from flask import Flask, get_flashed_messages
from sqlalchemy import func, select
from wtforms import StringField

from core.errors import ValidationFailed
from core.forms import Form
from core.models import Body
from core.views.unit_of_work import run
from tests.factories import make_body


class _Problem:
    def __init__(self, field: str, message: str) -> None:
        self.field, self.message, self.params = field, message, {}


class _Refused(ValidationFailed):
    def __init__(self, problems: list[_Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


class _NameForm(Form):
    name = StringField()


def _bodies(db: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(Body)))


def test_a_service_that_returns_is_committed_and_its_message_flashed(app: Flask, db: Any) -> None:
    with app.test_request_context("/"):
        outcome = run(lambda: make_body("ABC"), success="Gemt.")
        db.session.rollback()  # a rollback after the commit keeps the body
        assert outcome.ok and outcome.status == 200
        assert outcome.result().code == "ABC"
        assert _bodies(db) == 1
        assert get_flashed_messages(with_categories=True) == [("success", "Gemt.")]


def test_a_refused_service_is_rolled_back_and_its_error_flashed(app: Flask, db: Any) -> None:
    def refuse() -> None:
        make_body("XYZ")
        raise ValidationFailed("Not like this.")

    with app.test_request_context("/"):
        outcome = run(refuse, success="Gemt.")
        assert not outcome.ok and outcome.status == 400
        assert _bodies(db) == 0
        assert get_flashed_messages(with_categories=True) == [("error", "Not like this.")]


def test_problems_that_name_a_field_are_shown_beside_it(app: Flask, db: Any) -> None:
    problems = [_Problem("name", "Name is taken."), _Problem("nowhere", "Something else.")]

    def refuse() -> None:
        raise _Refused(problems)

    with app.test_request_context("/", method="POST", data={"name": "x"}):
        form = _NameForm(meta={"csrf": False})
        outcome = run(refuse, form=form)
        assert not outcome.ok
        assert list(form.name.errors) == ["Name is taken."]
        assert get_flashed_messages() == ["Something else."]


def test_the_success_message_may_be_made_from_the_service_value(app: Flask, db: Any) -> None:
    with app.test_request_context("/"):
        run(lambda: make_body("ABC"), success=lambda body: f"{body.code} gemt.")
        assert get_flashed_messages() == ["ABC gemt."]


class _CellProblem:
    def __init__(self, row: int, column: str, message: str) -> None:
        self.row, self.column, self.message, self.params = row, column, message, {}


def test_problems_of_a_spreadsheet_row_are_shown_beside_that_row_or_listed(
    app: Flask, db: Any
) -> None:
    problems = [_CellProblem(2, "name", "Not a name."), _CellProblem(0, "", "Not a row.")]

    def refuse() -> None:
        raise _Refused(problems)  # type: ignore[arg-type]

    with app.test_request_context("/", method="POST", data={"name": "x"}):
        rows = [_NameForm(meta={"csrf": False}), _NameForm(meta={"csrf": False})]
        outcome = run(refuse, form=_NameForm(meta={"csrf": False}), rows=rows, list_problems=True)
        assert list(rows[1].name.errors) == ["Not a name."] and not rows[0].name.errors
        assert outcome.problems == ("Not a row.",)
        assert get_flashed_messages() == []
