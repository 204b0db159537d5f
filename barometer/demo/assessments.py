"""Demo step: the administration's assessments, written so that they fit the reading.

For the dataset's last half-year of the first policy (2009-H2) and the demo's latest
(2011-H2), each focus area gets a short assessment: how many of its indicators went the
right way, the wrong way or stood still in that period's reading (computed on the version
in force), and what the administration proposes. The proposals are our own invented
texts, marked as such. Run after the catalogue versions exist; an area that already has
an assessment is left alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from barometer.models import AssessmentState
from barometer.period import Period
from barometer.queries_in_force import version_in_force
from barometer.reading import load_reading
from barometer.rollup import RollUp
from barometer.services import assessments as assessment_svc
from barometer.services import measurements as svc

ASSESSED = ("2009-H2", "2011-H2")
PROPOSALS_DA = {
    "BES": (
        "Forvaltningen vil fortsat prioritere **virksomhedsrettede tilbud**:\n\n"
        "- flere virksomhedspraktikker for ledige med ikke-vestlig baggrund\n"
        "- tættere opfølgning på unge uden uddannelse"
    ),
    "UDD": "En **mentorordning** i overgangen fra grundskole til ungdomsuddannelse kan styrke "
    "stillingen.",
    "BOL": "Forvaltningen foreslår at følge udlejningsaftalerne i de udsatte boligområder tættere.",
    "TRY": "Tryghedsmålingen er årlig, så 1. halvår er uden måling. Lokale tryghedsvandringer "
    "fortsætter.",
    "KUL": "**Kontingentstøtte** til børn fra familier med lav indkomst vurderes at kunne øge "
    "deltagelsen i foreningslivet.",
    "SUN": "Forvaltningen vil styrke tolkebistanden og oplysningen om forebyggende tilbud.",
}
ILLUSTRATIVE = "\n\n*Illustrativ demotekst – ikke en rigtig vurdering.*"


def _indicators(n: int) -> str:
    return "1 indikator" if n == 1 else f"{n} indikatorer"


def reading_sentence(period: Period, rollup: RollUp) -> str:
    """What the reading says of an area, in plain Danish (counts only, no judgement)."""
    if rollup.assessable == 0:
        return f"Ingen af områdets indikatorer kunne vurderes i {period.label('da')}."
    parts = [f"gik {rollup.green} af {_indicators(rollup.assessable)} i den rigtige retning"]
    if rollup.red:
        parts.append(f"{rollup.red} i den forkerte retning")
    if rollup.yellow:
        parts.append(f"{rollup.yellow} stod stille")
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]
    return f"I {period.label('da')} {text}."


def load_assessments(data: dict[str, Any], now: datetime) -> None:
    for code in ASSESSED:
        period_row = svc.period_by_code(code)
        version = version_in_force(Period.parse(code))
        if period_row is None or version is None:
            continue
        page = load_reading(period_row.period, version)
        existing = assessment_svc.assessments_of(period_row)
        for area in page.catalogue.areas:
            if area.code in existing:
                continue
            rollup = page.reading.focus_areas[area.code].all
            proposal = PROPOSALS_DA.get(
                area.code, "Forvaltningen har ingen yderligere bemærkninger."
            )
            text = f"{reading_sentence(period_row.period, rollup)}\n\n{proposal}{ILLUSTRATIVE}"
            assessment_svc.save_assessment(
                period_row,
                area.code,
                assessment_svc.AssessmentData(text, state=AssessmentState.FINAL),
                actor=None,
                now=now,
            )
