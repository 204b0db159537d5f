"""Models of ``barometer``: ``from barometer.models import ...`` keeps working as it grows."""

from __future__ import annotations

from barometer.models.catalogue import (
    CODE_PATTERN,
    REPLACED_UNAPPROVED,
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
    shown_status,
)
from barometer.models.in_force import VersionOverride
from barometer.models.version_lock import CatalogueVersionLock

__all__ = [
    "CODE_PATTERN",
    "REPLACED_UNAPPROVED",
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
    "VersionOverride",
    "VersionStatus",
    "shown_status",
]
from barometer.models.breakdowns import *  # noqa: F403 - dimensions and category values
from barometer.models.comparisons import *  # noqa: F403 - comparison series of indicators
from barometer.models.editions import *  # noqa: F403 - editions and the public cache
from barometer.models.measurements import *  # noqa: F403 - measurements and assessments
