"""Domain errors of responses. Messages are English msgids marked with ``N_``."""

from __future__ import annotations

from datetime import datetime

from core.errors import N_, DomainError, FrozenError, StaleEdit, ValidationFailed
from hearing.response_content import Merge


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


class ProposalsInvalid(ValidationFailed):
    """One or more proposals of a registration are invalid: ``problems`` by number (from 1)."""

    def __init__(self, problems: dict[int, DomainError]) -> None:
        super().__init__(N_("A proposal has errors. Nothing was registered."))
        self.problems = problems
