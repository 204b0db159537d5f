"""Domain errors of ``hearing``. Messages are English msgids marked with ``N_``."""

from __future__ import annotations

from core.errors import N_, FrozenError


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
)

# The lock on a consulted draft lives in ``barometer.services.hearing_lock``; its messages
# are translated here, beside the hearing that causes the lock.
LOCK_MESSAGES = (
    N_("Version %(number)s is locked (%(reason)s) and cannot be changed now."),
    N_("A lock needs a reason of at most 200 characters."),
    N_("Only a draft version can be locked."),
)
