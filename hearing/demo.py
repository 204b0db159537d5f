"""Demo steps of ``hearing`` (registered with ``core.demo.demo_step``)."""

from __future__ import annotations
