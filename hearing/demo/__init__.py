"""Demo steps of ``hearing``: the hearings (``hearings``), their responses (``responses``)
and the 2007 hearing consolidated and decided (``consolidation``)."""

from __future__ import annotations

from hearing.demo import consolidation, hearings, responses  # noqa: F401 - register their steps
