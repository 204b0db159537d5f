"""Models of ``hearing``: hearings and their hearing list (``hearings``), consultee
responses (``responses``), consolidation and the decision (``consolidation``).

``from hearing.models.hearings import Hearing`` names the hearing's own models; importing the
package registers every table of ``hearing`` on the metadata.
"""

from __future__ import annotations

from hearing.models import consolidation, responses  # noqa: F401 - register their tables
from hearing.models.hearings import (
    Annex,
    AnnexKind,
    Consultee,
    Hearing,
    HearingQuestion,
    QuestionKind,
    ReminderSent,
)

__all__ = [
    "Annex",
    "AnnexKind",
    "Consultee",
    "Hearing",
    "HearingQuestion",
    "QuestionKind",
    "ReminderSent",
]
