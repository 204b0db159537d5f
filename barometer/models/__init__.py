"""Models of ``barometer``: ``from barometer.models import ...`` keeps working as it grows."""

from __future__ import annotations

from barometer.models.catalogue import (
    CODE_PATTERN,
    CatalogueChangeRecord,
    CatalogueVersion,
    FocusArea,
    Goal,
    Indicator,
    IndicatorKind,
    Policy,
    SuccessCriterion,
    Unit,
    VersionStatus,
)

__all__ = [
    "CODE_PATTERN",
    "CatalogueChangeRecord",
    "CatalogueVersion",
    "FocusArea",
    "Goal",
    "Indicator",
    "IndicatorKind",
    "Policy",
    "SuccessCriterion",
    "Unit",
    "VersionStatus",
]
