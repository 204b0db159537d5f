"""What a catalogue node is made of: the fields each kind stores, and the plain values the
forms, the spreadsheet import and the change contract hand to the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# An indicator's metadata (barometer.frequency): optional, every field has a default.
METADATA_FIELDS = (
    "frequency",
    "measured_half",
    "data_breaks",
    "data_breaks_en",
    "limitations",
    "limitations_en",
    "contact",
    "last_updated",
)
FOCUS_AREA_FIELDS = (
    "code", "number", "name_da", "name_en", "description", "description_en", "illustrative",
)  # fmt: skip
GOAL_FIELDS = ("code", "text_da", "text_en", "illustrative")
INDICATOR_FIELDS = (
    "code",
    "name_da",
    "name_en",
    "definition",
    "definition_en",
    "kind",
    "unit",
    "decimals",
    "direction",
    "min_change",
    "data_source",
    "data_source_en",
    "owner_id",
    "baseline_value",
    "baseline_period",
    "notes",
    "notes_en",
    "illustrative",
    *METADATA_FIELDS,
)
CRITERION_FIELDS = (
    "code",
    "text",
    "text_en",
    "target_value",
    "target_period",
    "decision_reference",
    "decision_date",
    "illustrative",
)


@dataclass(frozen=True)
class PolicyData:
    name: str
    case_reference: str
    adopted_on: date
    period: str
    name_en: str | None = None


@dataclass(frozen=True)
class FocusAreaData:
    code: str
    number: int
    name_da: str
    name_en: str | None = None
    description: str = ""
    illustrative: bool = False
    description_en: str | None = None


@dataclass(frozen=True)
class GoalData:
    code: str
    text_da: str
    text_en: str | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class IndicatorData:
    code: str
    name_da: str
    kind: str
    unit: str
    decimals: int
    direction: int
    owner_code: str
    name_en: str | None = None
    definition: str = ""
    data_source: str = ""
    min_change: Decimal | None = None
    baseline_value: Decimal | None = None
    baseline_period: str | None = None
    notes: str = ""
    illustrative: bool = False
    frequency: str = "half_yearly"
    measured_half: int | None = None
    data_breaks: str = ""
    limitations: str = ""
    contact: str = ""
    last_updated: date | None = None
    definition_en: str | None = None
    data_source_en: str | None = None
    notes_en: str | None = None
    limitations_en: str | None = None
    data_breaks_en: str | None = None


@dataclass(frozen=True)
class CriterionData:
    text: str
    target_value: Decimal | None = None
    target_period: str | None = None
    decision_reference: str | None = None
    decision_date: date | None = None
    code: str = ""  # given by the service when empty
    illustrative: bool = False
    text_en: str | None = None
