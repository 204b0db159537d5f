"""Models of ``barometer``."""

from __future__ import annotations
