"""Plain-language explanations of barometer statuses, in Danish and English.

Every status shown must carry a sentence that states its inputs, so a reader can check
the colour by hand. The sentences live here, apart from the arithmetic in
:mod:`barometer.status`, in one table of (Danish, English) pairs so that neither language
can lack a sentence; numbers and units read as :mod:`barometer.bilingual` and
:mod:`barometer.units` write them.

Nothing here imports from :mod:`barometer.status`: callers pass plain values, period
labels as :class:`Text`, and colours/progress classes as their string values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal

from barometer import units
from barometer.bilingual import LANGUAGES, Text, format_number

NOT_AN_EVALUATION = Text(
    da=(
        "Barometeret er ikke en evaluering. Det viser, om udviklingen går i den rigtige "
        "retning i forhold til de politiske mål, men ikke hvorfor, og ikke hvilken "
        "virkning indsatserne har haft."
    ),
    en=(
        "The barometer is not an evaluation. It shows whether things are moving in the "
        "right direction relative to the political goals, but not why, nor what effect "
        "the efforts have had."
    ),
)


def _decimals_needed(amount: Decimal, decimals: int) -> int:
    # A minimum change such as 0.25 on a one-decimal indicator must not print as "0.3".
    exponent = amount.normalize().as_tuple().exponent
    return max(decimals, -exponent if isinstance(exponent, int) and exponent < 0 else 0)


@dataclass(frozen=True)
class Style:
    """How one indicator's numbers read: its unit, decimals and desired direction."""

    unit: str
    decimals: int
    direction: int

    def value(self, value: Decimal, lang: str) -> str:
        number = format_number(value, self.decimals, lang)
        return units.value_form(self.unit, lang).format(n=number)

    def change(self, change: Decimal, lang: str) -> str:
        sign = "+" if change > 0 else "-" if change < 0 else ""
        number = format_number(abs(change), _decimals_needed(abs(change), self.decimals), lang)
        return sign + units.change_form(self.unit, lang).format(n=number)

    def amount(self, amount: Decimal, lang: str) -> str:
        """An unsigned size of change, e.g. the minimum change."""
        return self.change(amount, lang).lstrip("+")


# Every sentence as a (Danish, English) pair, so neither language can miss one.
# {placeholders} are filled by the builders below.
_PAIRS: dict[str, tuple[str, str]] = {
    "green": ("grøn", "green"),
    "yellow": ("gul", "yellow"),
    "red": ("rød", "red"),
    "not_assessable": ("kan ikke vurderes", "not assessable"),
    "higher": ("Højere er bedre", "Higher is better"),
    "lower": ("Lavere er bedre", "Lower is better"),
    "rose": ("Steg", "Rose"),
    "fell": ("Faldt", "Fell"),
    "moved": (
        "{verb} fra {before}{note} til {after} ({change}). {better}: {colour}.",
        "{verb} from {before}{note} to {after} ({change}). {better}: {colour}.",
    ),
    "unchanged": (
        "Uændret på {after}{as_note} (ændringen er mindre end minimum på {minimum}): {colour}.",
        "Unchanged at {after}{as_note} (change smaller than the minimum of {minimum}): {colour}.",
    ),
    "almost": (
        "Næsten uændret, fra {before}{note} til {after} "
        "({change}, mindre end minimum på {minimum}): {colour}.",
        "Almost unchanged, from {before}{note} to {after} "
        "({change}, smaller than the minimum of {minimum}): {colour}.",
    ),
    "note": (" ({label})", " ({label})"),
    "note_baseline": (" (udgangspunkt, {label})", " (baseline, {label})"),
    "as_note": (", som i {label}", ", as in {label}"),
    "as_note_baseline": (", som ved udgangspunktet i {label}", ", as at the baseline in {label}"),
    "since_baseline": (
        "Siden udgangspunktet i {label}: {sentence}",
        "Since the baseline in {label}: {sentence}",
    ),
    "no_value": ("Ingen værdi for {label}: {reason}", "No value for {label}: {reason}"),
    "none_reported": ("ingen indberettet.", "none reported."),
    "first": (
        "Første måling: {value}; intet at sammenligne med.",
        "First measurement: {value}; nothing to compare with.",
    ),
    "no_baseline": (
        "Intet udgangspunkt; intet at sammenligne med.",
        "No baseline; nothing to compare with.",
    ),
    "baseline_ahead": (
        "Udgangspunktet er {label}; endnu intet at sammenligne med.",
        "The baseline is {label}; nothing to compare with yet.",
    ),
    "no_criterion": (
        "Indikatoren har intet succeskriterium.",
        "No success criterion for this indicator.",
    ),
    "target": ("et mål på {target} senest i {label}", "a target of {target} by {label}"),
    "met": ("Målet er nået: {value} mod {target}.", "Target met: {value} against {target}."),
    "slipping": (
        "Målet er nået ({value} mod {target}), men den seneste udvikling går i den forkerte "
        "retning: nået, men på vej tilbage.",
        "Target met ({value} against {target}), but the latest movement is in the wrong "
        "direction: met but slipping.",
    ),
    "ratio_at_baseline": (
        "Intet fremskridtsforhold endnu: vejen mod {target} starter ved udgangspunktet ({label}).",
        "No progress ratio yet: the path towards {target} starts at the baseline ({label}).",
    ),
    "ratio_flat": (
        "Intet fremskridtsforhold: {target} er det samme som udgangspunktet.",
        "No progress ratio: {target} is the same as the baseline.",
    ),
    "ratio_no_baseline": (
        "Intet fremskridtsforhold: uden et udgangspunkt er der ingen lige vej mod {target}.",
        "No progress ratio: without a baseline there is no straight path towards {target}.",
    ),
    "path": (
        "Forventet nu{passed}: {expected} på den lige vej fra {baseline} ({baseline_label}) "
        "til {goal} ({target_label}); opnået {value}, {ratio} gange den forventede fremgang: "
        "{progress}.",
        "Expected {expected} by now{passed} on the straight path from {baseline} "
        "({baseline_label}) to {goal} ({target_label}); reached {value}, {ratio} times the "
        "expected progress: {progress}.",
    ),
    "passed": (" (måldatoen er passeret)", " (the target date has passed)"),
    "on_track": ("på rette spor", "on track"),
    "too_slow": ("fremgang, men for langsom", "progress, but too slow"),
    "limited": ("begrænset fremgang", "limited progress"),
    "moving_away": ("bevæger sig væk fra målet", "moving away from the target"),
    "off_cycle_annual": (
        "Årlig indikator, der måles i {half}. halvår: ingen værdi ventes for {label}.",
        "Annual indicator, measured in the {half} half: no value is expected for {label}.",
    ),
    "off_cycle_irregular": (
        "Indikatoren måles uregelmæssigt: ingen værdi ventes for {label}.",
        "The indicator is measured irregularly: no value is expected for {label}.",
    ),
    "not_comparable": (
        "Kan ikke sammenlignes med {before} ({label}): databrud i {break_label}: {what}",
        "Not comparable with {before} ({label}): data break in {break_label}: {what}",
    ),
    "outcome_met": (
        "Målet for {due} er nået: {value} mod {target}.",
        "The target for {due} was met: {value} against {target}.",
    ),
    "outcome_missed": (
        "Målet for {due} blev ikke nået: {value} mod {target}.",
        "The target for {due} was not met: {value} against {target}.",
    ),
    "coverage": (
        "{assessable} af {total} indikatorer kan vurderes",
        "{assessable} of {total} indicators assessable",
    ),
    "coverage_one": (
        "{assessable} af {total} indikator kan vurderes",
        "{assessable} of {total} indicator assessable",
    ),
    "score": (
        "Grøn {green}, gul {yellow}, rød {red}: score ({green} - {red}) / {assessable} "
        "= {score}; grøn ved {high} eller mere, rød ved {low} eller mindre: {colour}.",
        "Green {green}, yellow {yellow}, red {red}: score ({green} - {red}) / {assessable} "
        "= {score}; green at {high} or more, red at {low} or less: {colour}.",
    ),
    "too_few": (
        "Kan ikke vurderes: færre end {share} af indikatorerne har en status.",
        "Not assessable: fewer than {share} of the indicators have a status.",
    ),
    "empty": (
        "Kan ikke vurderes: ingen indikatorer at tælle.",
        "Not assessable: no indicators to count.",
    ),
}
PHRASES: dict[str, dict[str, str]] = {
    lang: {key: pair[i] for key, pair in _PAIRS.items()} for i, lang in enumerate(LANGUAGES)
}


def _lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]


@dataclass(frozen=True)
class Comparison:
    """Two rounded values and the colour the method gave their difference."""

    before: Decimal
    after: Decimal
    colour: str  # "green", "yellow" or "red"
    min_change: Decimal
    basis: Text | None = None  # label of the earlier value's period, when worth naming
    basis_is_baseline: bool = False


def _comparison_sentence(style: Style, comp: Comparison, lang: str) -> str:
    words = PHRASES[lang]
    suffix = "_baseline" if comp.basis_is_baseline else ""
    label = comp.basis.get(lang) if comp.basis else ""
    change = comp.after - comp.before
    fields = {
        "before": style.value(comp.before, lang),
        "after": style.value(comp.after, lang),
        "change": style.change(change, lang),
        "minimum": style.amount(comp.min_change, lang),
        "colour": words[comp.colour],
        "note": words["note" + suffix].format(label=label) if comp.basis else "",
        "as_note": words["as_note" + suffix].format(label=label) if comp.basis else "",
        "verb": words["rose" if change > 0 else "fell"],
        "better": words["higher" if style.direction > 0 else "lower"],
    }
    if comp.colour != "yellow":
        return words["moved"].format(**fields)
    return words["unchanged" if change == 0 else "almost"].format(**fields)


def comparison_text(style: Style, comp: Comparison) -> Text:
    return Text.build(lambda lang: _comparison_sentence(style, comp, lang))


def since_baseline_text(style: Style, comp: Comparison, baseline_label: Text) -> Text:
    def sentence(lang: str) -> str:
        inner = _lower_first(_comparison_sentence(style, comp, lang))
        return PHRASES[lang]["since_baseline"].format(
            label=baseline_label.get(lang), sentence=inner
        )

    return Text.build(sentence)


def no_value_text(period_label: Text, reason: str | None) -> Text:
    def sentence(lang: str) -> str:
        why = reason.strip() if reason and reason.strip() else PHRASES[lang]["none_reported"]
        # The reason is free text from the data contact; end it like a sentence.
        why = why if why.endswith((".", "!", "?")) else why + "."
        return PHRASES[lang]["no_value"].format(label=period_label.get(lang), reason=why)

    return Text.build(sentence)


def first_text(style: Style, value: Decimal) -> Text:
    return Text.build(lambda lang: PHRASES[lang]["first"].format(value=style.value(value, lang)))


def phrase_text(key: str, **labels: Text) -> Text:
    """A fixed sentence whose only variables are labels (periods) given as Text."""
    return Text.build(
        lambda lang: PHRASES[lang][key].format(**{k: v.get(lang) for k, v in labels.items()})
    )


@dataclass(frozen=True)
class Target:
    """A success criterion, as the sentences need it."""

    style: Style
    value: Decimal
    label: Text

    def phrase(self, lang: str) -> str:
        target = self.style.value(self.value, lang)
        return PHRASES[lang]["target"].format(target=target, label=self.label.get(lang))


def target_met_text(target: Target, value: Decimal, slipping: bool) -> Text:
    def sentence(lang: str) -> str:
        key = "slipping" if slipping else "met"
        shown = target.style.value(value, lang)
        return PHRASES[lang][key].format(value=shown, target=target.phrase(lang))

    return Text.build(sentence)


def no_ratio_text(key: str, target: Target, baseline_label: Text | None = None) -> Text:
    """key: "ratio_at_baseline", "ratio_flat" or "ratio_no_baseline"."""

    def sentence(lang: str) -> str:
        label = baseline_label.get(lang) if baseline_label else ""
        return PHRASES[lang][key].format(target=target.phrase(lang), label=label)

    return Text.build(sentence)


@dataclass(frozen=True)
class PathFacts:
    """The straight path towards a target and where the indicator stands on it."""

    target: Target
    baseline: Decimal
    baseline_label: Text
    expected: Decimal
    value: Decimal
    ratio: Decimal
    progress: str  # "on_track", "too_slow", "limited" or "moving_away"
    target_passed: bool


def path_text(facts: PathFacts) -> Text:
    def sentence(lang: str) -> str:
        words, style = PHRASES[lang], facts.target.style
        return words["path"].format(
            expected=style.value(facts.expected, lang),
            passed=words["passed"] if facts.target_passed else "",
            baseline=style.value(facts.baseline, lang),
            baseline_label=facts.baseline_label.get(lang),
            goal=style.value(facts.target.value, lang),
            target_label=facts.target.label.get(lang),
            value=style.value(facts.value, lang),
            ratio=format_number(facts.ratio, 2, lang),
            progress=words[facts.progress],
        )

    return Text.build(sentence)


def coverage_text(assessable: int, total: int) -> Text:
    key = "coverage_one" if total == 1 else "coverage"
    return Text.build(lambda lang: PHRASES[lang][key].format(assessable=assessable, total=total))


@dataclass(frozen=True)
class Tally:
    """A roll-up's counts and result, as its explanation needs them."""

    green: int
    yellow: int
    red: int
    total: int
    score: Decimal | None
    colour: str
    high: Decimal  # the group-green threshold, already rounded for display
    low: Decimal
    min_coverage: Decimal


def score_text(tally: Tally) -> Text:
    def sentence(lang: str) -> str:
        words = PHRASES[lang]
        if tally.total == 0:
            return words["empty"]
        if tally.colour == "not_assessable":
            share = format_decimal((tally.min_coverage * 100).normalize(), locale=lang)
            return words["too_few"].format(share=units.value_form("percent", lang).format(n=share))
        number = Style("index", 2, 1).value
        return words["score"].format(
            green=tally.green,
            yellow=tally.yellow,
            red=tally.red,
            assessable=tally.green + tally.yellow + tally.red,
            score=number(tally.score if tally.score is not None else Decimal(0), lang),
            high=number(tally.high, lang),
            low=number(tally.low, lang),
            colour=words[tally.colour],
        )

    return Text.build(sentence)
