"""Demo steps of ``hearing``: the hearings (``hearings``), their responses (``responses``)
and the 2007 hearing consolidated and decided (``consolidation``).

``hearing.init_app`` registers :data:`STEPS` with ``core.demo``.
"""

from __future__ import annotations

from hearing.demo import consolidation, hearings, responses

STEPS = (
    (60, "hearing of 2006", hearings.load_first_hearing),
    (70, "responses of 2007", responses.load_first_responses),
    (80, "consolidation and decision of 2007", consolidation.load_first_decision),
    (85, "open hearing", hearings.load_second_hearing),
    (86, "draft response in the open hearing", responses.load_open_draft),
)
