"""The whole consolidation as a spreadsheet, the way secretariats work through a hearing:
one row per proposal with its body, target, text, group, recommendation, reasoning and,
once recorded, the decision.

For the secretariat only (it holds confidential proposals, marked in their own column).
As XLSX (texts wrap, header frozen) and as CSV in the reader's dialect (Danish: ``;`` and a
decimal comma). Texts are text cells, never formulas (``core.spreadsheets``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.spreadsheets import csv_lines, write_xlsx
from hearing.forms.consolidation import RECOMMENDATION_LABELS, RESULT_LABELS
from hearing.labels import proposal_kind_label, proposal_summary
from hearing.models import Hearing
from hearing.models.consolidation import ProposalGroup, TargetKind
from hearing.queries import consolidation as cq

COLUMNS = (
    (_l("Group"), 8),
    (_l("Target"), 12),
    (_l("Body"), 10),
    (_l("Kind of proposal"), 22),
    (_l("Proposal"), 50),
    (_l("The body's justification"), 40),
    (_l("Confidential"), 12),
    (_l("Recommendation"), 22),
    (_l("The administration's comment"), 40),
    (_l("Reasoning of the recommendation"), 40),
    (_l("Decision"), 22),
)


def _target(group: ProposalGroup) -> str:
    return group.target_code if group.target_kind != TargetKind.NONE else "–"


def rows(hearing: Hearing) -> list[list[object]]:
    """Rows in the workspace's order (target, then group), in the current language."""
    return list(iter_rows(hearing))


def iter_rows(hearing: Hearing, page: int = cq.GROUP_PAGE) -> Iterator[list[object]]:
    """:func:`rows` one at a time, the groups read ``page`` at a time and let go of (the
    memory of one page, whatever the size of the hearing)."""
    decision = cq.decision_of(hearing)
    decided = (
        {o.recommendation_id: RESULT_LABELS[o.result] for o in decision.outcomes}
        if decision is not None
        else {}
    )
    for number, group in enumerate(cq.iter_groups(hearing, page), start=1):
        rec = group.recommendation
        for proposal in group.proposals:
            yield [
                number,
                _target(group),
                proposal.version.response.consultee.body.code if proposal.version else "",
                proposal_kind_label(str(proposal.kind)),
                proposal_summary(proposal),
                proposal.justification,
                _("Yes") if proposal.confidential else _("No"),
                str(RECOMMENDATION_LABELS[rec.outcome]) if rec else "",
                rec.administration_comment if rec else "",
                rec.reasoning if rec else "",
                str(decided.get(rec.id, "")) if rec else "",
            ]


def filename(hearing: Hearing, extension: str, lang: str) -> str:
    word = "hoeringsbehandling" if lang == "da" else "consolidation"
    return f"{word}-{re.sub(r'[^A-Za-z0-9]+', '-', hearing.reference).strip('-')}.{extension}"


def consolidation_xlsx(hearing: Hearing, lang: str) -> bytes:
    with force_locale(lang):
        header = [str(label) for label, _width in COLUMNS]
        return write_xlsx(
            hearing.reference, header, iter_rows(hearing), [w for _l, w in COLUMNS], wrap=True
        )


def consolidation_csv(hearing: Hearing, lang: str) -> bytes:
    return b"".join(consolidation_csv_lines(hearing, lang))


def consolidation_csv_lines(hearing: Hearing, lang: str) -> Iterator[bytes]:
    """The CSV a line at a time, made as it is sent (the route streams it)."""
    with force_locale(lang):
        header: list[object] = [str(label) for label, _width in COLUMNS]
        yield from csv_lines(chain([header], iter_rows(hearing)), danish=lang != "en")
