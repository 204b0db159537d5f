"""One unit of work per request that changes something.

A view loads, checks, then hands one service call to :func:`run`: it commits when the
service returns, or rolls back when a rule refused (a :class:`~core.errors.DomainError`)
and tells the user why, beside the form's fields where the error names them. Nothing is
ever left half changed, and no view writes its own rollback/flash/commit block.

    outcome = run(lambda: services.create_hearing(data, actor=current_user, now=utcnow()),
                  success=_("The hearing was saved as a draft."), form=form)
    if not outcome.ok:
        return render_template(...), outcome.status
    return redirect(url_for("hearing.show", hearing_id=outcome.value.id))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import flash, g
from wtforms import Field
from wtforms import Form as BaseForm

from core.errors import DomainError
from core.extensions import db
from core.i18n import error_text, message_text
from core.write_faults import FAULT_CLASSES, is_write_fault, write_failed

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What became of one unit of work: the service's value, or the error that refused it."""

    value: T | None = None
    error: DomainError | None = None
    problems: tuple[str, ...] = ()  # with ``list_problems``: the texts beside no field

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> int:
        """The HTTP status to answer with: 200, or the error's 4xx."""
        return 200 if self.error is None else self.error.status_code

    def result(self) -> T:
        """The service's value of a unit of work that succeeded."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


def run(
    operation: Callable[[], T],
    *,
    success: str | Callable[[T], str] | None = None,
    form: BaseForm | None = None,
    rows: Sequence[BaseForm] | None = None,
    list_problems: bool = False,
    flash_errors: bool = True,
) -> Outcome[T]:
    """Call ``operation`` (one service call) and commit, or roll back on a domain error.

    A write fault of the system (the database or the storage refused the change, see
    :mod:`core.write_faults`), in the call or at the commit, is refused the same way, as
    :class:`~core.errors.WriteFailed` (503): rolled back, files it wrote removed, and the
    form shown again with what was typed.

    On success ``success`` is flashed (called with the service's value when it is a
    function). On refusal the error is flashed in the user's language; with a ``form``,
    problems that name one of its fields are shown beside that field instead, and with
    ``rows`` (the forms of a spreadsheet's rows, row 1 first) a problem's ``row`` and
    ``column`` name the field (:func:`attach_problems`). With ``list_problems`` the
    error's problems that name no field are not flashed but kept in
    :attr:`Outcome.problems` for the page to list.
    """
    deferred = g.pop(_DEFERRED, None)
    if deferred is not None:
        error, flashed = deferred
        return _refused(error, form, rows, list_problems, flash_errors and not flashed)
    try:
        value = operation()
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        return _refused(err, form, rows, list_problems, flash_errors)
    except FAULT_CLASSES as exc:
        if not is_write_fault(exc):
            raise
        _roll_back_after_fault()
        return _refused(write_failed(exc), form, rows, list_problems, flash_errors)
    if success:
        flash(success(value) if callable(success) else success, "success")
    return Outcome(value=value)


_DEFERRED = "unit_of_work_refusal"


def refuse_next_run(error: DomainError, *, flashed: bool = False) -> None:
    """Make the request's next :func:`run` refuse with ``error`` without calling its
    service (a write fault before the unit of work, a request over the size limit)."""
    if _DEFERRED not in g:
        setattr(g, _DEFERRED, (error, flashed))


@contextmanager
def write_before_run() -> Iterator[None]:
    """Guard a write a view must make before its unit of work (the row a form edits,
    created by the first save). A write fault there is rolled back and kept: the view goes
    on with what it has, and its :func:`run` refuses with :class:`~core.errors.WriteFailed`
    without calling the service, so the form is shown again with what was typed."""
    try:
        yield
    except FAULT_CLASSES as exc:
        if not is_write_fault(exc):
            raise
        _roll_back_after_fault()
        refuse_next_run(write_failed(exc))


def _roll_back_after_fault() -> None:
    """Roll back after the database or the storage failed; a connection that is gone may
    fail its rollback too, and is then dropped from the pool (files written by the change
    are removed by the rollback, see ``core.uploads``)."""
    try:
        db.session.rollback()
    except FAULT_CLASSES:
        db.session.close()


def _refused(
    err: DomainError,
    form: BaseForm | None,
    rows: Sequence[BaseForm] | None,
    list_problems: bool,
    flash_errors: bool,
) -> Outcome[Any]:
    kept: list[str] = []
    if flash_errors:
        texts = attach_problems(form, err, rows) if form is not None else [error_text(err)]
        if list_problems and _problems(err):
            kept = texts
        else:
            for text in texts:
                flash(text, "error")
    return Outcome(error=err, problems=tuple(kept))


def attach_problems(
    form: BaseForm, err: DomainError, rows: Sequence[BaseForm] | None = None
) -> list[str]:
    """Show each problem of ``err`` beside the field it names; return the other texts.

    An error may carry ``problems`` (objects with ``field``, ``message``, ``params``) or a
    single ``field``; an error that names no field of the form is returned as text. A
    problem of a spreadsheet names its ``row`` (1: the first of ``rows``) and ``column``.
    """
    rest: list[str] = []
    attached = False
    for problem in _problems(err):
        name = getattr(problem, "field", None) or getattr(problem, "column", None)
        message = getattr(problem, "message", None)
        if message is None:
            continue
        params = getattr(problem, "params", None) or {}
        text = message_text(message, params)
        if _add_error(_row_form(form, rows, problem), name, text):
            attached = True
        else:
            rest.append(text)
    if attached or rest:
        return rest
    if _add_error(form, getattr(err, "field", None), error_text(err)):
        return []
    return [error_text(err)]


def _problems(err: DomainError) -> list[Any]:
    problems: Iterable[Any] = getattr(err, "problems", None) or ()
    if not isinstance(problems, Iterable) or isinstance(problems, dict):
        return []
    return list(problems)


def _row_form(form: BaseForm, rows: Sequence[BaseForm] | None, problem: Any) -> BaseForm | None:
    if rows is None:
        return form
    row = getattr(problem, "row", None)
    return rows[row - 1] if isinstance(row, int) and 0 < row <= len(rows) else None


def _add_error(form: BaseForm | None, name: object, text: str) -> bool:
    field = getattr(form, name, None) if isinstance(name, str) and name else None
    if not isinstance(field, Field):
        return False
    field.errors = [*field.errors, text]
    return True
