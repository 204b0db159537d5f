"""The status method in plain words, in Danish and English: its parameters as sentences
(never the raw configuration keys), the jargon explained, and a worked example computed
by the real status functions. Pure: no Flask, no database.

The public method page (``/barometer/metode``), the edition page and the report show
these texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from barometer.bilingual import Text, format_number
from barometer.indicator_status import Criterion, IndicatorInput, IndicatorStatus, indicator_status
from barometer.period import Period
from barometer.rollup import RollUp, roll_up
from barometer.status_method import Kind, MethodParameters, round_fraction

RATIO_EXPLAINED = Text(
    da=(
        "Forholdstallet siger, hvor stor en del af den planlagte fremgang indikatoren har nået: "
        "1 betyder præcis som planlagt på den lige vej fra udgangspunktet til målet, 0,5 "
        "halvdelen, over 1 foran planen, og under 0 at den er gået den forkerte vej."
    ),
    en=(
        "The ratio says how much of the planned progress the indicator has made: 1 means "
        "exactly as planned on the straight path from the baseline to the target, 0.5 half "
        "of it, above 1 ahead of plan, and below 0 that it has moved the wrong way."
    ),
)
SCORE_EXPLAINED = Text(
    da=(
        "Scoren går fra -1 til +1: antallet af grønne minus antallet af røde indikatorer, "
        "delt med alle, der har en farve. +1 betyder, at alle går i den rigtige retning, -1 at "
        "alle går i den forkerte, og 0 at der er lige mange af hver."
    ),
    en=(
        "The score runs from -1 to +1: the number of green indicators minus the number of red "
        "ones, divided by all that have a colour. +1 means all move in the right direction, "
        "-1 that all move in the wrong one, and 0 that there are as many of each."
    ),
)
BREAKDOWNS_EXPLAINED = Text(
    da=(
        "Status beregnes altid på totalen: værdierne for kategorier som køn eller herkomst "
        "ændrer hverken en indikators farve eller det samlede billede. Hver kategori vises med "
        "sin egen bevægelse siden forrige periode, og forskellen (gabet) mellem to valgte "
        "kategorier, fx ikke-vestlig og dansk oprindelse, viser, om gabet bliver mindre eller "
        "større. En værdi, der er skjult af diskretionshensyn (fx færre end 5 personer), vises "
        "som undertrykt og tælles aldrig som nul."
    ),
    en=(
        "The status is always computed on the total: the values of categories such as gender "
        "or origin change neither an indicator's colour nor the overall picture. Each category "
        "is shown with its own movement since the previous period, and the difference (the "
        "gap) between two chosen categories, e.g. non-Western and Danish origin, shows whether "
        "the gap narrows or widens. A value hidden for discretion (e.g. fewer than 5 persons) "
        "is shown as suppressed and never counted as zero."
    ),
)


def _n(value: Decimal | Fraction, lang: str, decimals: int = 2) -> str:
    exact = value if isinstance(value, Fraction) else Fraction(value)
    return format_number(round_fraction(exact, decimals), decimals, lang)


def _percent(value: Decimal | Fraction, lang: str) -> str:
    number = format_number(round_fraction(Fraction(value) * 100, 0), 0, lang)
    return f"{number} %" if lang == "da" else f"{number}%"


def parameter_sentences(params: MethodParameters) -> list[tuple[Text, Text]]:
    """Each parameter as (what it decides, the rule in words)."""

    def rule(da: str, en: str) -> Text:
        return Text.build(lambda lang: (da if lang == "da" else en).format(**_fields(lang)))

    def _fields(lang: str) -> dict[str, str]:
        return {
            "on_track": _n(params.on_track, lang),
            "on_track_pct": _percent(params.on_track, lang),
            "too_slow": _n(params.too_slow, lang),
            "too_slow_pct": _percent(params.too_slow, lang),
            "green": _n(params.group_green, lang),
            "red": _n(params.group_red, lang),
            "coverage": _percent(params.min_coverage, lang),
        }

    return [
        (
            Text("På rette spor", "On track"),
            rule(
                "Forholdstal på mindst {on_track}: mindst {on_track_pct} af den planlagte "
                "fremgang er nået.",
                "A ratio of at least {on_track}: at least {on_track_pct} of the planned "
                "progress has been made.",
            ),
        ),
        (
            Text("Fremgang, men for langsom", "Progress, but too slow"),
            rule(
                "Forholdstal fra {too_slow} op til {on_track} ({too_slow_pct} til "
                "{on_track_pct} af den planlagte fremgang).",
                "A ratio from {too_slow} up to {on_track} ({too_slow_pct} to {on_track_pct} "
                "of the planned progress).",
            ),
        ),
        (
            Text("Begrænset fremgang", "Limited progress"),
            rule(
                "Forholdstal fra 0 op til {too_slow}.",
                "A ratio from 0 up to {too_slow}.",
            ),
        ),
        (
            Text("Bevæger sig væk fra målet", "Moving away from the target"),
            rule("Forholdstal under 0.", "A ratio below 0."),
        ),
        (
            Text("Grønt samlet (mål, indsatsområde, hele barometeret)", "Green overall"),
            rule(
                "En score på {green} eller mere: klart flere grønne end røde indikatorer.",
                "A score of {green} or more: clearly more green indicators than red ones.",
            ),
        ),
        (
            Text("Rødt samlet", "Red overall"),
            rule(
                "En score på {red} eller mindre: klart flere røde end grønne indikatorer.",
                "A score of {red} or less: clearly more red indicators than green ones.",
            ),
        ),
        (
            Text("Gult samlet", "Yellow overall"),
            rule("En score mellem {red} og {green}.", "A score between {red} and {green}."),
        ),
        (
            Text("Kan ikke vurderes", "Not assessable"),
            rule(
                "Færre end {coverage} af indikatorerne har en farve i perioden.",
                "Fewer than {coverage} of the indicators have a colour in the period.",
            ),
        ),
    ]


@dataclass(frozen=True)
class WorkedExample:
    """One indicator read for one period, and a goal of three indicators rolled up."""

    period: Period
    values: tuple[tuple[Period, Decimal], ...]
    indicator: IndicatorInput
    status: IndicatorStatus
    goal: RollUp
    goal_colours: tuple[str, ...]


EXAMPLE_PERIOD = Period.parse("2009-H2")


def worked_example(params: MethodParameters) -> WorkedExample:
    """The employment rate of the demo (docs/barometer-reading.md), computed by the real
    status functions: higher is better, baseline 46.0 % in 2006-H2, target 50.0 % by
    2010-H2, then a goal of it and two other indicators (one red, one green)."""
    values = {
        Period.parse(code): Decimal(v)
        for code, v in (
            ("2007-H1", "46.4"),
            ("2007-H2", "47.4"),
            ("2008-H1", "48.3"),
            ("2008-H2", "49.6"),
            ("2009-H1", "49.0"),
            ("2009-H2", "48.3"),
        )
    }
    employment = IndicatorInput(
        code="BES-01",
        kind=Kind.EFFECT,
        direction=1,
        decimals=1,
        unit="percent",
        baseline_value=Decimal("46.0"),
        baseline_period=Period.parse("2006-H2"),
        values=values,
        criterion=Criterion(Decimal("50.0"), Period.parse("2010-H2")),
    )
    status = indicator_status(employment, EXAMPLE_PERIOD, params)
    others = [
        _other("BES-02", {"2009-H1": "23.9", "2009-H2": "23.4"}, params),
        _other("BES-03", {"2009-H1": "1285", "2009-H2": "1450"}, params, decimals=0),
    ]
    goal = roll_up([status, *others], params)
    return WorkedExample(
        EXAMPLE_PERIOD,
        tuple(sorted(values.items())),
        employment,
        status,
        goal,
        tuple(str(s.movement) for s in (status, *others)),
    )


def _other(
    code: str, values: Mapping[str, str], params: MethodParameters, decimals: int = 1
) -> IndicatorStatus:
    data = IndicatorInput(
        code=code,
        kind=Kind.EFFECT,
        direction=1,
        decimals=decimals,
        unit="percent" if decimals else "count",
        baseline_value=None,
        baseline_period=None,
        values={Period.parse(p): Decimal(v) for p, v in values.items()},
    )
    return indicator_status(data, EXAMPLE_PERIOD, params)
