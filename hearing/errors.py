"""Domain errors of ``hearing``. Messages are English msgids marked with ``N_``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext

from barometer.labels import FIELD_LABELS
from core.errors import (
    N_,
    DomainError,
    FrozenError,
    StaleEdit,
    TransitionNotAllowed,
    ValidationFailed,
)
from hearing.response_content import Merge


class HearingNotDraft(FrozenError):
    """An issued hearing's letter, questions, annexes or list were to be changed."""

    def __init__(self) -> None:
        super().__init__(
            N_("The hearing has been issued: its letter, questions and annexes cannot change.")
        )


# The pure rules in ``hearing.workflow`` raise these messages; listing them here puts them
# in the translation catalogue (the pure module stays free of any i18n marker).
WORKFLOW_MESSAGES = (
    N_("That time does not exist on that date (summer time begins)."),
    N_("Cannot move a hearing from %(current)s to %(target)s."),
    N_("Cannot move a response from %(current)s to %(target)s."),
    N_("The new deadline must be earlier than the present one (%(deadline)s)."),
    N_("The new deadline must be in the future."),
)

# The lock on a consulted draft lives in ``barometer.services.version_lock``; its messages
# are translated here, beside the hearing that causes the lock.
LOCK_MESSAGES = (
    N_("Version %(number)s is locked (%(reason)s) and cannot be changed now."),
    N_("A lock needs a reason of at most 200 characters."),
    N_("Only a draft version can be locked."),
)


class _Shown:
    """A lazily translated text as a param of another message: translated when shown in a
    request, ``plain`` elsewhere (a log line, a test outside a request)."""

    def __init__(self, lazy: Any, plain: str) -> None:
        self.lazy, self.plain = lazy, plain

    def __str__(self) -> str:
        try:
            return str(self.lazy)
        except RuntimeError:  # outside a request: no locale to translate into
            return self.plain

    def __repr__(self) -> str:
        return repr(self.plain)


def translated(message: str, **params: Any) -> Any:
    """A message id with its params, translated when shown: a param of another message."""
    plain = message % {k: str(v) for k, v in params.items()} if params else message
    return _Shown(lazy_gettext(message, **params), plain)


# Field names of the change contract that the catalogue's labels name differently.
_FIELD_ALIASES = {"owner_code": "owner", "fields": "changed_content"}
_CHANGE_LABELS = {"changed_content": lazy_gettext("The changed content")}


def change_field_label(name: str) -> Any:
    """The label of a field of a catalogue change, translated when shown."""
    alias = _FIELD_ALIASES.get(name, name)
    label = _CHANGE_LABELS[alias] if alias in _CHANGE_LABELS else FIELD_LABELS.get(alias)
    return _Shown(label, name) if label is not None else name


class ChangeRefused(ValidationFailed):
    """The catalogue would refuse the change an approved recommendation makes.

    ``problem`` is the catalogue's :class:`~barometer.validation.Problem`; the message gets
    its field's label as ``field`` and its own text as ``problem``, both translated when
    the message is shown.
    """

    def __init__(self, message: str, problem: Any, **params: object) -> None:
        self.problem = problem
        super().__init__(
            message,
            field=change_field_label(problem.field),
            problem=translated(problem.message, **problem.params),
            **params,
        )


# Responses
class DeadlinePassed(DomainError):
    """The body's effective deadline has passed (or the hearing is no longer open)."""

    def __init__(self, deadline: datetime) -> None:
        super().__init__(
            N_("The deadline has passed: the response can no longer be changed or submitted.")
        )
        self.deadline = deadline


class HearingNotOpen(DomainError):
    def __init__(self) -> None:
        super().__init__(N_("The hearing is not open for responses."))


class ResponseNotDraft(DomainError):
    def __init__(self) -> None:
        super().__init__(
            N_("The response has been submitted or withdrawn. Amend it to make changes.")
        )


class AlreadySubmitted(TransitionNotAllowed):
    """The response was submitted already, for instance by a second click or another
    member at the same moment; ``number`` and ``receipt_number`` name the version that
    counts."""

    def __init__(self, number: int, receipt_number: str) -> None:
        super().__init__(
            N_(
                "The response has already been submitted (receipt %(receipt_number)s). "
                "The receipt is below."
            ),
            receipt_number=receipt_number,
        )
        self.number = number
        self.receipt_number = receipt_number


class DecisionAlreadyRecorded(TransitionNotAllowed):
    """The committee's decision on the hearing was recorded already, for instance by another
    secretary at the same moment; nothing of this one was applied. (Deciding a decided
    hearing is a transition the table does not list; this says why.)"""

    def __init__(self, case_reference: str) -> None:
        super().__init__(
            N_(
                "The decision on this hearing has already been recorded (%(reference)s), "
                "perhaps by someone else just now. Nothing of yours was applied."
            ),
            reference=case_reference,
        )


class VersionFrozen(FrozenError):
    def __init__(self) -> None:
        super().__init__(N_("A submitted version of a response can never be changed."))


class StaleDraft(StaleEdit):
    """Someone else saved the draft after the form was loaded, and the changes collide.

    ``merge`` holds the merged fields (the user's text where both changed) and the keys in
    conflict; ``current_version`` is the draft's counter now.
    """

    def __init__(
        self, merge: Merge | None, current_version: int, editors: tuple[str, ...] = ()
    ) -> None:
        super().__init__(
            N_(
                "Someone else saved the response while you were editing it. Your text is "
                "kept in the form; compare it with theirs and save again."
            )
        )
        self.merge = merge
        self.current_version = current_version
        self.editors = editors


class FieldInvalid(ValidationFailed):
    """A value refused, naming the form ``field`` it concerns (shown beside that field)."""

    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


class FieldsInvalid(ValidationFailed):
    """Several values refused at once: the message is the first's, ``problems`` holds them
    all (each a :class:`FieldInvalid` naming its field), so one submit names every one."""

    def __init__(self, problems: Sequence[FieldInvalid]) -> None:
        first = problems[0]
        super().__init__(first.message, **first.params)
        self.problems = list(problems)
        self.field = first.field


def raise_all(problems: Sequence[FieldInvalid]) -> None:
    """Refuse with every problem found, if any: one alone as itself."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise FieldsInvalid(problems)


class ProposalsInvalid(ValidationFailed):
    """One or more proposals of a registration are invalid: ``problems`` by number (from 1).

    ``others`` are the registration's other problems found in the same check, each with
    the form ``field`` it concerns, so one submit names them all."""

    def __init__(
        self, problems: dict[int, DomainError], others: Sequence[DomainError] = ()
    ) -> None:
        if problems:
            super().__init__(N_("A proposal has errors. Nothing was registered."))
        else:
            super().__init__(N_("The registration has errors. Nothing was registered."))
        self.problems = problems
        self.others = list(others)
