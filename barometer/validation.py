"""The catalogue's validation rules as pure functions over plain values.

The staff forms, the import and ``apply_changes`` all go through the services, and the
services check their data here, so every way into a draft obeys the same rules. Each
check returns every :class:`Problem` it finds (a form shows them all beside their
fields; an import lists them by row and column).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from barometer.frequency import Frequency, is_frequency, parse_breaks
from barometer.models.catalogue import CODE_PATTERN, IndicatorKind, Unit
from barometer.period import Period
from core.errors import N_

MAX_DECIMALS = 4
LIMITS = {"code": 20, "name": 300, "text": 500, "short": 200, "source": 300, "reference": 100}


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def text(self) -> str:
        return self.message % self.params if self.params else self.message


def parse_period(text: str | None) -> Period | None:
    if not text:
        return None
    try:
        return Period.parse(text)
    except ValueError:
        return None


def check_code(code: str, taken: Collection[str], name: str = "code") -> list[Problem]:
    code = (code or "").strip()
    if not code:
        return [Problem(name, N_("Give a code."))]
    if len(code) > LIMITS["code"]:
        return [Problem(name, N_("The code can be at most %(max)s characters."), {"max": 20})]
    if not CODE_PATTERN.match(code):
        return [
            Problem(
                name,
                N_("The code may hold letters, digits, dot, dash and underscore, no spaces."),
            )
        ]
    if code.casefold() in {c.casefold() for c in taken}:
        return [
            Problem(name, N_("The code %(code)s is already used in this version."), {"code": code})
        ]
    return []


def check_required(value: str | None, name: str, limit: int) -> list[Problem]:
    text = (value or "").strip()
    if not text:
        return [Problem(name, N_("This field is required."))]
    if len(text) > limit:
        return [Problem(name, N_("At most %(max)s characters."), {"max": limit})]
    return []


def check_optional(value: str | None, name: str, limit: int) -> list[Problem]:
    if value and len(value.strip()) > limit:
        return [Problem(name, N_("At most %(max)s characters."), {"max": limit})]
    return []


def check_period(text: str | None, name: str, *, required: bool = False) -> list[Problem]:
    if not text:
        return [Problem(name, N_("Give a period such as 2007-H1."))] if required else []
    if parse_period(text) is None:
        return [
            Problem(name, N_("%(value)s is not a period; write e.g. 2007-H1."), {"value": text})
        ]
    return []


def check_value(value: Decimal | None, name: str) -> list[Problem]:
    if value is None:
        return []
    if not value.is_finite() or abs(value) >= Decimal("1e14"):
        return [Problem(name, N_("The number is too large."))]
    if value != value.quantize(Decimal("0.0001")):
        return [Problem(name, N_("At most 4 decimals."))]
    return []


def indicator_problems(
    *,
    code: str,
    taken_codes: Collection[str],
    name_da: str,
    name_en: str | None,
    kind: str,
    unit: str,
    decimals: int | None,
    direction: int | None,
    owner_code: str | None,
    administrations: Collection[str],
    data_source: str,
    min_change: Decimal | None,
    baseline_value: Decimal | None,
    baseline_period: str | None,
    criteria_periods: Collection[str] = (),
) -> list[Problem]:
    problems = check_code(code, taken_codes)
    problems += check_required(name_da, "name_da", LIMITS["name"])
    problems += check_optional(name_en, "name_en", LIMITS["name"])
    problems += check_optional(data_source, "data_source", LIMITS["source"])
    if kind not in {k.value for k in IndicatorKind}:
        problems.append(Problem("kind", N_("Choose effect, activity or benchmark.")))
    if unit not in {u.value for u in Unit}:
        problems.append(Problem("unit", N_("%(value)s is not a known unit."), {"value": unit}))
    if decimals is None or not 0 <= decimals <= MAX_DECIMALS:
        problems.append(
            Problem(
                "decimals", N_("Decimals must be a whole number from 0 to %(max)s."), {"max": 4}
            )
        )
    if direction not in (1, -1):
        problems.append(Problem("direction", N_("Choose whether higher or lower is better.")))
    if not owner_code:
        problems.append(Problem("owner", N_("Choose the owning administration.")))
    elif owner_code not in administrations:
        problems.append(
            Problem("owner", N_("%(value)s is not a known administration."), {"value": owner_code})
        )
    problems += check_value(min_change, "min_change")
    if min_change is not None and min_change < 0:
        problems.append(Problem("min_change", N_("The minimum change cannot be negative.")))
    problems += check_value(baseline_value, "baseline_value")
    problems += check_period(baseline_period, "baseline_period")
    if (baseline_value is None) != (not baseline_period):
        name = "baseline_period" if baseline_value is not None else "baseline_value"
        problems.append(Problem(name, N_("Give the baseline value and its period together.")))
    baseline = parse_period(baseline_period)
    late = [p for p in map(parse_period, criteria_periods) if p and baseline and p <= baseline]
    if late:
        problems.append(
            Problem(
                "baseline_period",
                N_("A success criterion's target period %(target)s is not after the baseline."),
                {"target": str(min(late))},
            )
        )
    return problems


def criterion_problems(
    *,
    code: str,
    taken_codes: Collection[str],
    text: str,
    target_value: Decimal | None,
    target_period: str | None,
    decision_reference: str | None,
    baseline_period: str | None,
) -> list[Problem]:
    problems = check_code(code, taken_codes) if code else []
    problems += check_required(text, "text", LIMITS["text"])
    problems += check_value(target_value, "target_value")
    problems += check_period(target_period, "target_period")
    problems += check_optional(decision_reference, "decision_reference", LIMITS["reference"])
    if target_value is not None and not target_period:
        problems.append(Problem("target_period", N_("Give the period the target is due.")))
    target, baseline = parse_period(target_period), parse_period(baseline_period)
    if target and baseline and target <= baseline:
        problems.append(
            Problem(
                "target_period",
                N_("The target period must come after the baseline period %(baseline)s."),
                {"baseline": str(baseline)},
            )
        )
    return problems


def goal_problems(
    *, code: str, taken_codes: Collection[str], text_da: str, text_en: str | None
) -> list[Problem]:
    problems = check_code(code, taken_codes)
    problems += check_required(text_da, "text_da", LIMITS["text"])
    problems += check_optional(text_en, "text_en", LIMITS["text"])
    return problems


def focus_area_problems(
    *,
    code: str,
    taken_codes: Collection[str],
    number: int | None,
    name_da: str,
    name_en: str | None,
) -> list[Problem]:
    problems = check_code(code, taken_codes)
    problems += check_required(name_da, "name_da", LIMITS["short"])
    problems += check_optional(name_en, "name_en", LIMITS["short"])
    if number is None or number < 1:
        problems.append(Problem("number", N_("The number must be 1 or more.")))
    return problems


def metadata_problems(
    *,
    frequency: str,
    measured_half: int | None,
    data_breaks: str,
    contact: str,
    data_breaks_en: str | None = None,
) -> list[Problem]:
    """An indicator's metadata: a known frequency, the half-year of an annual indicator (and
    only of one), data breaks one ``2008-H2: what changed`` per line (in English only for
    periods with a Danish break), a contact that fits."""
    problems = check_optional(contact, "contact", LIMITS["source"])
    if not is_frequency(frequency):
        problems.append(Problem("frequency", N_("Choose half-yearly, annual or irregular.")))
    elif frequency == Frequency.ANNUAL and measured_half not in (1, 2):
        problems.append(
            Problem("measured_half", N_("Choose the half-year an annual indicator is measured in."))
        )
    elif frequency != Frequency.ANNUAL and measured_half is not None:
        problems.append(
            Problem("measured_half", N_("Only an annual indicator is measured in one half-year."))
        )
    problems += _break_problems(data_breaks, "data_breaks")
    problems += _break_problems(data_breaks_en, "data_breaks_en")
    danish = {b.period for b in parse_breaks(data_breaks)[0]}
    for extra in (b for b in parse_breaks(data_breaks_en)[0] if b.period not in danish):
        problems.append(
            Problem(
                "data_breaks_en",
                N_("%(period)s has no data break in Danish: write the Danish text first."),
                {"period": str(extra.period)},
            )
        )
    return problems


def _break_problems(text: str | None, name: str) -> list[Problem]:
    return [
        Problem(
            name,
            N_("Line %(line)s: write one break per line as '2008-H2: what changed'."),
            {"line": bad.line},
        )
        for bad in parse_breaks(text)[1]
    ]
