"""A closed hearing on an approved version, answered the way the demo's 2007 hearing was.

Five bodies are consulted: BUU and ØU propose the same success criterion on goal A1-M1
(duplicates; ØU's is confidential), BUU also one on goal A2-M2, IR one on indicator
A2-M1-I1 and an "other" proposal; TMU has no remarks; KFU does not answer.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from barometer.models import CatalogueVersion
from hearing.models import Hearing
from hearing.models.consolidation import ProposalGroup
from hearing.proposals import ProposalData
from hearing.services import consolidation as svc
from hearing.services import draft_proposals as proposals_svc
from hearing.services import recommendations, transitions
from hearing.services import response_drafts as drafts_svc
from hearing.services import response_versions as versions_svc
from hearing.services.recommendations import RecommendationData
from tests.barometer.factories import make_approved, make_draft_with_content, make_policy
from tests.hearing.factories import DEADLINE, NOW, make_issued, secretariat
from tests.hearing.response_factories import criterion, draft, member, response

_policies = count(1)
CODES = ("ØU", "BUU", "IR", "KFU", "TMU")
CLOSED = DEADLINE + timedelta(hours=1)
LATER = DEADLINE + timedelta(days=30)


def _answer(hearing: Hearing, code: str, *proposals: ProposalData) -> None:
    r = response(hearing, code)
    user = member(code)
    drafts_svc.save_draft(
        r,
        draft(A1_M1="covers", A2_M1="not_covered"),
        actor=user,
        now=NOW,
        expected_version=r.edit_version,
    )
    for p in proposals:
        proposals_svc.add_proposal(r, p, actor=user, now=NOW)
    versions_svc.submit_response(r, actor=user, now=NOW, expected_version=r.edit_version)


def answered_hearing(
    *,
    public: bool = True,
    approved: bool = True,
    extra_bodies: tuple[str, ...] = (),
    version: CatalogueVersion | None = None,
) -> Hearing:
    """Closed, not yet in consolidation; on an approved version (or a draft, locked), or on
    the ``version`` given (with the codes of ``make_draft_with_content``).

    Each of ``extra_bodies`` answers like BUU (for query counts at a larger scale)."""
    if version is None:
        make = make_approved if approved else make_draft_with_content
        policy = make_policy(f"Integrationspolitik {next(_policies)}")
        version = make(policy=policy, areas=2, goals_per_area=2, indicators_per_goal=1)
    reference = f"BIU {227 + len(extra_bodies)}/2006"
    hearing = make_issued(
        version, codes=CODES + extra_bodies, is_public=public, reference=reference
    )
    for code in extra_bodies:
        _answer(hearing, code, criterion(), criterion(target_goal_code="A2-M2", text="Flere i job"))
    _answer(hearing, "BUU", criterion(), criterion(target_goal_code="A2-M2", text="Flere i job"))
    _answer(
        hearing,
        "ØU",
        criterion(
            text="Ledigheden halveres inden 2010",
            confidential=True,
            confidential_reason="Drøftes i lukket møde",
        ),
    )
    _answer(
        hearing,
        "IR",
        criterion(
            target_goal_code=None,
            target_indicator_code="A2-M1-I1",
            text="Mindst 60 % i 2010",
            target_value="60",
        ),
        ProposalData(kind="other", text="Hold et årligt dialogmøde", justification="Dialog."),
    )
    r = response(hearing, "TMU")
    versions_svc.submit_response(
        r, actor=member("TMU"), now=NOW, expected_version=r.edit_version, no_remarks=True
    )
    transitions.close_hearing(hearing, actor=None, now=CLOSED)
    return hearing


def consolidating_hearing(
    *,
    public: bool = True,
    approved: bool = True,
    extra_bodies: tuple[str, ...] = (),
    version: CatalogueVersion | None = None,
) -> Hearing:
    hearing = answered_hearing(
        public=public, approved=approved, extra_bodies=extra_bodies, version=version
    )
    svc.start_consolidation(hearing, actor=secretariat(), now=LATER, render_note=False)
    return hearing


def new_indicator(**overrides: object) -> ProposalData:
    values: dict[str, object] = {
        "kind": "add_indicator",
        "target_goal_code": "A1-M1",
        "name": "Andel med erhvervskompetencegivende uddannelse",
        "definition": "Andel af de 30-årige med en erhvervskompetencegivende uddannelse.",
        "unit": "percent",
        "direction": 1,
        "source": "Danmarks Statistik",
        "justification": "Målet har ingen indikator for uddannelse.",
    }
    values.update(overrides)
    return ProposalData(**values)  # type: ignore[arg-type]


def indicator_hearing() -> Hearing:
    """In consolidation, with proposals on indicators: BUU proposes a new indicator on goal
    A1-M1 and a success criterion on that goal; ØU proposes the same criterion under the
    goal's indicator A1-M1-I1 (a duplicate on another target) and a change of indicator
    A2-M1-I1; IR proposes "other"."""
    policy = make_policy(f"Integrationspolitik {next(_policies)}")
    version = make_approved(policy=policy, areas=2, goals_per_area=2, indicators_per_goal=1)
    hearing = make_issued(version, codes=CODES, is_public=True, reference="BIU 300/2006")
    _answer(hearing, "BUU", new_indicator(), criterion())
    _answer(
        hearing,
        "ØU",
        criterion(target_goal_code=None, target_indicator_code="A1-M1-I1"),
        ProposalData(
            kind="change_indicator",
            target_indicator_code="A2-M1-I1",
            text="Indikatoren bør opgøres i hele personer, ikke i procent.",
            justification="Tallene er små.",
        ),
    )
    _answer(
        hearing,
        "IR",
        ProposalData(kind="other", text="Hold et årligt dialogmøde", justification="Dialog."),
    )
    transitions.close_hearing(hearing, actor=None, now=CLOSED)
    svc.start_consolidation(hearing, actor=secretariat(), now=LATER, render_note=False)
    return hearing


def group_by(hearing: Hearing, body_code: str, kind: str, target: str) -> ProposalGroup:
    from hearing.queries.consolidation import groups_of

    return next(
        g
        for g in groups_of(hearing)
        if g.proposal_kind == kind
        and g.target_code == target
        and any(p.version.response.consultee.body.code == body_code for p in g.proposals)
    )


def recommend(
    hearing: Hearing, group: ProposalGroup, outcome: str = "accept", **kwargs: object
) -> None:
    data = RecommendationData(outcome=outcome, reasoning="Forvaltningen er enig.", **kwargs)  # type: ignore[arg-type]
    revision = group.recommendation.revision if group.recommendation else 0
    recommendations.set_recommendation(
        hearing,
        group.id,
        data,
        expected_revision=revision,
        actor=secretariat(),
        now=LATER,
        render_note=False,
    )
