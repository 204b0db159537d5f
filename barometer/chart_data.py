"""What the charts say: their words in Danish and English, the points of a series, the
axis scale, value formatting and the text alternative of a trend chart. Pure: no drawing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from barometer.bilingual import format_number, language
from barometer.period import Period

# Interface words, (Danish, English); {placeholders} are filled in by the charts.
WORDS: dict[str, tuple[str, str]] = {
    "green": ("Grøn", "Green"),
    "yellow": ("Gul", "Yellow"),
    "red": ("Rød", "Red"),
    "not_assessable": ("Kan ikke vurderes", "Not assessable"),
    "first": ("Første måling ({label}): {value}", "First measurement ({label}): {value}"),
    "latest": ("Seneste måling ({label}): {value}", "Latest measurement ({label}): {value}"),
    "lowest": ("Laveste værdi: {value} ({label})", "Lowest value: {value} ({label})"),
    "highest": ("Højeste værdi: {value} ({label})", "Highest value: {value} ({label})"),
    "target": ("Mål", "Target"),
    "path": ("Lige vej mod målet", "Straight path to the target"),
    "path_desc": (
        "Den lige vej fra udgangspunktet {baseline} ({baseline_label}) til målet {target} "
        "({target_label})",
        "The straight path from the baseline {baseline} ({baseline_label}) to the target "
        "{target} ({target_label})",
    ),
    "baseline": ("Udgangspunkt", "Baseline"),
    "comparison": ("Sammenligning (ingen farve): {name}", "Comparison (not coloured): {name}"),
    "comparison_desc": (
        "Sammenligning {name}: fra {first} til {last}",
        "Comparison {name}: from {first} to {last}",
    ),
    "up": ("Højere er bedre", "Higher is better"),
    "down": ("Lavere er bedre", "Lower is better"),
    "missing": ("Ingen værdi for {labels}", "No value for {labels}"),
    "none": ("Ingen målinger", "No measurements"),
    "no_data": ("ingen data", "no data"),
    "span": ("{n} målinger, fra {first} til {last}", "{n} measurements, from {first} to {last}"),
    "from_to": ("fra {first} til {last}", "from {first} to {last}"),
    "target_word": ("mål", "target"),
    "score_word": ("score", "score"),
    "score": (
        "Score {score} på en skala fra -1 til +1",
        "Score {score} on a scale from -1 to +1",
    ),
}


@dataclass(frozen=True)
class SeriesPoint:
    period: str  # "2007-H1"
    value: Decimal | None
    label: str  # "1. halvår 2007"


@dataclass(frozen=True)
class ComparisonLine:
    """A comparison series on a chart: its name and its values by period code."""

    name: str
    values: Mapping[str, Decimal]

    def aligned(self, points: Sequence[SeriesPoint]) -> list[Decimal | None]:
        return [self.values.get(p.period) for p in points]


def words_in(locale: str) -> dict[str, str]:
    index = ("da", "en").index(language(locale))
    return {key: pair[index] for key, pair in WORDS.items()}


def sentences(parts: Sequence[str]) -> str:
    return " ".join(part if part.endswith(".") else part + "." for part in parts if part)


def nice_step(raw: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 x 10^n that is at least ``raw`` (> 0)."""
    magnitude = Decimal(1).scaleb(raw.adjusted())
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def nice_ticks(lo: Decimal, hi: Decimal, count: int = 5) -> list[Decimal]:
    """Evenly spaced ticks at a 'nice' step that cover [lo, hi]; 4-6 of them for count 5."""
    if count < 2:
        raise ValueError("count must be at least 2")
    lo, hi = min(lo, hi), max(lo, hi)
    if lo == hi:  # widen a flat series so it sits mid-axis
        pad = abs(lo) / 10 if lo else Decimal(1)
        lo, hi = lo - pad, hi + pad
    step = nice_step((hi - lo) / (count - 1))
    first = (lo / step).to_integral_value(rounding=ROUND_FLOOR)
    last = (hi / step).to_integral_value(rounding=ROUND_CEILING)
    return [tidy((first + i) * step) for i in range(int(last - first) + 1)]


def tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without exponent notation ("1E+1") or a negative zero."""
    plain = value.normalize()
    exponent = plain.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        plain = plain.quantize(Decimal(1))
    return abs(plain) if plain == 0 else plain


def step_decimals(ticks: Sequence[Decimal]) -> int:
    exponents = [t.normalize().as_tuple().exponent for t in ticks if t]
    return max([0, *(-e for e in exponents if isinstance(e, int))])


def short_label(period: str) -> str:
    try:
        parsed = Period.parse(period)
    except ValueError:
        return period
    return parsed.short_label()


@dataclass(frozen=True)
class Fmt:
    """Formats values in the locale, with the indicator's decimals and unit suffix."""

    locale: str
    decimals: int
    suffix: str

    def __post_init__(self) -> None:
        if self.decimals < 0:
            raise ValueError("decimals must not be negative")

    def __call__(self, value: Decimal, decimals: int | None = None) -> str:
        shown = self.decimals if decimals is None else decimals
        return format_number(value, shown, language(self.locale)) + self.suffix


@dataclass(frozen=True)
class Refs:
    target: Decimal | None
    target_label: str
    baseline: Decimal | None
    direction: int


@dataclass(frozen=True)
class Path:
    """The straight path from the baseline to the target, by period index on the x axis."""

    start: int
    end: int
    start_label: str
    end_label: str


def path_points(
    points: Sequence[SeriesPoint], start: str, end: str, locale: str
) -> tuple[list[SeriesPoint], Path | None]:
    """The points widened to run from the baseline period to the target period (the added
    half-years have no value), and where the path starts and ends; no path if a period
    does not read."""
    try:
        first, last = Period.parse(start), Period.parse(end)
        given = {Period.parse(p.period): p for p in points}
    except ValueError:
        return list(points), None
    if not first < last:
        return list(points), None
    lo, hi = min([first, *given]), max([last, *given])
    periods, at = [], lo
    while at <= hi:
        periods.append(at)
        at = at.next()
    widened = [given.get(p) or SeriesPoint(str(p), None, p.label(locale)) for p in periods]
    path = Path(periods.index(first), periods.index(last), first.label(locale), last.label(locale))
    return widened, path


def _years(points: Sequence[SeriesPoint]) -> str:
    """ "2007" or "2007–2010": the years the points span (empty when a period does not read)."""
    try:
        first, last = Period.parse(points[0].period).year, Period.parse(points[-1].period).year
    except ValueError:
        return ""
    return str(first) if first == last else f"{first}–{last}"


def trend_alt(
    title: str, points: Sequence[SeriesPoint], fmt: Fmt, target: Decimal | None = None
) -> str:
    """The chart's title and a short summary of its data, the figure's alternative text:
    "Beskæftigelse, 2007–2010: fra 48,2 % til 51,0 %, mål 55,0 %"."""
    words = words_in(fmt.locale)
    known = [p for p in points if p.value is not None]
    if not known:
        return f"{title}: {words['none'].lower()}"
    years = _years(known)
    head = f"{title}, {years}" if years else title
    if len(known) == 1:
        text = f"{head}: {fmt(known[0].value or Decimal(0))}"
    else:
        span = words["from_to"].format(
            first=fmt(known[0].value or Decimal(0)), last=fmt(known[-1].value or Decimal(0))
        )
        text = f"{head}: {span}"
    if target is not None:
        text += f", {words['target_word']} {fmt(target)}"
    return text


def trend_desc(title: str, points: Sequence[SeriesPoint], fmt: Fmt, refs: Refs) -> str:
    words = words_in(fmt.locale)
    known = [p for p in points if p.value is not None]
    parts = [title]
    if known:
        first, last = known[0], known[-1]
        low = min(known, key=lambda p: p.value or 0)  # the first of equal lows
        high = max(known, key=lambda p: p.value or 0)
        for key, p in (("first", first), ("latest", last), ("lowest", low), ("highest", high)):
            parts.append(words[key].format(label=p.label, value=fmt(p.value or Decimal(0))))
    else:
        parts.append(words["none"])
    if refs.target is not None:
        parts.append(f"{refs.target_label}: {fmt(refs.target)}")
    if refs.baseline is not None:
        parts.append(f"{words['baseline']}: {fmt(refs.baseline)}")
    parts.append(words["up" if refs.direction == 1 else "down"])
    missing = [p.label for p in points if p.value is None]
    if missing and known:
        parts.append(words["missing"].format(labels=", ".join(missing)))
    return sentences(parts)


def comparison_desc(
    lines: Sequence[ComparisonLine], points: Sequence[SeriesPoint], fmt: Fmt
) -> str:
    """A sentence per comparison series shown: its first and last value on the chart."""
    words, parts = words_in(fmt.locale), []
    for line in lines:
        known = [v for v in line.aligned(points) if v is not None]
        if known:
            parts.append(words["comparison_desc"].format(
                name=line.name, first=fmt(known[0]), last=fmt(known[-1])))  # fmt: skip
    return sentences(parts)
