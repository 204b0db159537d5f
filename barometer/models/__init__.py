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
from barometer.models.version_lock import CatalogueVersionLock

__all__ = [
    "CODE_PATTERN",
    "CatalogueChangeRecord",
    "CatalogueVersion",
    "CatalogueVersionLock",
    "FocusArea",
    "Goal",
    "Indicator",
    "IndicatorKind",
    "Policy",
    "SuccessCriterion",
    "Unit",
    "VersionStatus",
]
from barometer.models.measurements import *  # noqa: F403 - measurements and assessments
