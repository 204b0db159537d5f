"""Models of ``hearing``."""

from __future__ import annotations
