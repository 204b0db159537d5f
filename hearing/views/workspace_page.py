"""The consolidation workspace as one screen: counts first, one page at a time after.

The hearing list shows the count per outcome and one page of bodies; the coverage matrix
shows, per goal, how many bodies gave each assessment, and each goal opens the bodies'
assessments on a page of its own; the proposal groups are filtered (focus area, goal or
indicator, handled or not) and paged. The filters and page numbers are query arguments,
kept by every form of the page, so an action returns to the screen it was made on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, render_template, request, url_for
from flask_login import current_user

from barometer.services.catalogue_checks import administrations
from core.i18n import current_locale
from core.paging import Page, page_of, requested
from hearing import permissions
from hearing.blueprint import bp
from hearing.forms.consolidation import (
    RECOMMENDATION_LABELS,
    RecommendationForm,
    SummaryForm,
    body_outcome_label,
    prefill_values,
)
from hearing.models import Hearing
from hearing.models.consolidation import ProposalGroup
from hearing.models.responses import Assessment
from hearing.queries import consolidation as cq
from hearing.queries import note as queries_note
from hearing.queries import workspace_page as wq
from hearing.queries.responses import catalogue_of, goal_index, indicator_index
from hearing.views.common import load_or_404
from hearing.views.coverage_matrix import matrix_tables, not_covered_text
from hearing.views.state_refusals import require_consolidation_view

# The query arguments that choose what the workspace shows (kept across its forms).
SCREEN_ARGS = ("area", "target", "state", "page", "bodies")


def screen_args() -> dict[str, str]:
    """The workspace's filters and page numbers of this request (query arguments)."""
    return {k: v for k in SCREEN_ARGS if (v := request.args.get(k, "")) and len(v) <= 20}


def workspace_url(hearing: Hearing, anchor: str = "") -> str:
    args: dict[str, Any] = {"hearing_id": hearing.id, **screen_args()}
    url = url_for("hearing.consolidation", **args)
    return f"{url}#{anchor}" if anchor else url


def owners() -> list[tuple[str, str]]:
    """The administrations that may own an indicator, for the owner select."""
    return [
        (code, f"{code} – {b.name(current_locale())}")
        for code, b in sorted(administrations().items())
    ]


@dataclass(frozen=True)
class Screen:
    """What one screen of the workspace shows."""

    catalogue: dict[str, Any]
    outcome_counts: dict[cq.BodyOutcome, int]
    outcomes: list[cq.OutcomeRow]
    bodies_page: Page
    answering: int
    coverage: dict[str, wq.GoalCoverage]
    areas: list[dict[str, Any]]  # the focus areas whose matrix is shown
    chosen: wq.GroupFilter
    targets: list[tuple[str, str, list[ProposalGroup]]]
    all_targets: list[tuple[str, str]]
    groups_page: Page
    progress: cq.Progress
    note: Any


def _filter(catalogue: dict[str, Any]) -> wq.GroupFilter:
    areas = {a["code"] for a in catalogue["focus_areas"]}
    area = request.args.get("area", "")
    state = request.args.get("state", "")
    return wq.GroupFilter(
        area=area if area in areas else "",
        target=request.args.get("target", "")[:20],
        state=state if state in wq.STATES else "",
    )


def screen(hearing: Hearing) -> Screen:
    catalogue = catalogue_of(hearing)
    chosen = _filter(catalogue)
    bodies = page_of(requested("bodies"), wq.BODIES_PER_PAGE, wq.consulted_count(hearing))
    groups = page_of(
        requested("page"), wq.GROUPS_PER_PAGE, wq.group_count(hearing, catalogue, chosen)
    )
    areas = [a for a in catalogue["focus_areas"] if not chosen.area or a["code"] == chosen.area]
    return Screen(
        catalogue=catalogue,
        outcome_counts=wq.outcome_counts(hearing),
        outcomes=wq.outcome_page(hearing, bodies),
        bodies_page=bodies,
        answering=wq.answering_count(hearing),
        coverage=wq.coverage_counts(hearing),
        areas=areas,
        chosen=chosen,
        targets=wq.by_target(wq.group_page(hearing, catalogue, chosen, groups)),
        all_targets=wq.group_targets(hearing),
        groups_page=groups,
        progress=cq.progress(hearing),
        note=cq.latest_note(hearing),
    )


def _recommendation_forms(ws: Screen) -> dict[int, RecommendationForm]:
    forms = {}
    choices = owners()
    indicators = indicator_index(ws.catalogue)
    for _kind, _code, groups in ws.targets:
        for group in groups:
            rec = group.recommendation
            form = RecommendationForm(
                prefix=f"g{group.id}",
                proposal_kind=group.proposal_kind,
                owners=choices,
                formdata=None,
                obj=rec,
            )
            form.revision.data = rec.revision if rec else 0
            form.prefill(prefill_values(group, indicators))
            forms[group.id] = form
    return forms


def _summary_forms(
    hearing: Hearing, catalogue: dict[str, Any]
) -> tuple[dict[str, SummaryForm], dict[str, Any]]:
    summaries = cq.summaries_of(hearing)
    forms = {}
    for area in catalogue["focus_areas"]:
        summary = summaries.get(area["code"])
        form = SummaryForm(prefix=f"s{area['code']}", formdata=None, obj=summary)
        form.revision.data = summary.revision if summary else 0
        forms[area["code"]] = form
    return forms, summaries


def render_workspace(
    hearing: Hearing, form: RecommendationForm | None = None, group_id: int = 0
) -> str:
    ws = screen(hearing)
    rec_forms = _recommendation_forms(ws)
    if form is not None:
        rec_forms[group_id] = form
    summary_forms, summaries = _summary_forms(hearing, ws.catalogue)
    return render_template(
        "hearing/consolidation/workspace.html",
        hearing=hearing,
        ws=ws,
        args=screen_args(),
        rec_forms=rec_forms,
        summary_forms=summary_forms,
        summaries=summaries,
        confidential_areas=wq.confidential_area_codes(hearing, ws.catalogue),
        matrix=matrix_tables(hearing.id, ws.areas, ws.coverage, current_locale() == "en"),
        not_covered_text=not_covered_text,
        note_status=queries_note.status(hearing),
        editable=permissions.can_consolidate(current_user, hearing),
        recommendation_labels=RECOMMENDATION_LABELS,
        body_outcome_label=body_outcome_label,
        outcomes=list(cq.BodyOutcome),
        assessments=list(Assessment),
        states=wq.STATES,
    )


@bp.get("/<id:hearing_id>/consolidation/coverage/<goal_code>")
def coverage_of_goal(hearing_id: int, goal_code: str) -> str:
    """One goal's row of the coverage matrix in full: each body's assessment and comment,
    a page of bodies at a time."""
    hearing = load_or_404(hearing_id)
    require_consolidation_view(hearing)
    goal = goal_index(catalogue_of(hearing)).get(goal_code)
    if goal is None:
        abort(404)
    page = page_of(
        requested("page"), wq.BODIES_PER_PAGE, wq.goal_assessment_count(hearing, goal_code)
    )
    return render_template(
        "hearing/consolidation/coverage_goal.html",
        hearing=hearing,
        goal=goal,
        rows=wq.goal_assessments(hearing, goal_code, page),
        page=page,
    )
