"""Confidentiality travels with derived text: prefills, recommendations, the public note
(page and PDF), the fate and origin pages. Two bodies propose on the same goal, one of them
confidentially; another body answers confidentially as a whole."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from core.errors import ValidationFailed
from core.extensions import db as _db
from core.models import AuditEvent
from hearing.errors import ChangeRefused
from hearing.forms.consolidation import prefill_values
from hearing.queries.consolidation import groups_of, summaries_of
from hearing.services import consolidation as svc
from hearing.services import draft_proposals as proposals_svc
from hearing.services import recommendations, transitions
from hearing.services import response_drafts as drafts_svc
from hearing.services import response_versions as versions_svc
from hearing.services.decision import DecisionData, OutcomeData, record_decision
from hearing.services.note_versions import request_note
from hearing.services.proposal_changes import change_for
from tests.barometer.factories import make_approved, make_policy
from tests.factories import commit
from tests.hearing.consolidation_factories import (
    CLOSED,
    LATER,
    consolidating_hearing,
    group_by,
    recommend,
)
from tests.hearing.factories import NOW, body, make_issued, secretariat
from tests.hearing.response_factories import criterion, draft, member, response
from tests.hearing.test_decision_services import MEETING
from tests.web import login, post, text_of

CONFIDENTIAL = "Ledigheden halveres inden 2010"  # ØU's confidential proposal
WHOLE = "Skjult forslag om sprogundervisning"  # SUU's response is confidential as a whole
PLACEHOLDER = "Indholdet er fortroligt"


def _pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def _final_note(hearing: Any) -> None:
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    request_note(hearing, actor=secretariat(), now=LATER)
    commit()


def _recommend_rest(hearing: Any, skip: int) -> None:
    for group in groups_of(hearing):
        if group.id != skip and group.recommendation is None:
            recommend(hearing, group, "reject")


# -- prefill ---------------------------------------------------------------------------------


def test_the_prefill_never_copies_a_confidential_proposal_s_text(db: Any) -> None:
    hearing = consolidating_hearing()
    group = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    assert CONFIDENTIAL not in str(prefill_values(group, {}).values())


def test_the_workspace_form_starts_empty_for_a_confidential_proposal(
    client: FlaskClient, db: Any
) -> None:
    hearing = consolidating_hearing()
    group = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/consolidation"))
    found = re.search(rf'name="g{group.id}-changed_text"[^>]*>([^<]*)<', page)
    assert found is not None and CONFIDENTIAL not in found.group(1)
    assert "Et forslag i gruppen er fortroligt" in page  # the hint says why it is empty


def test_a_merged_group_prefills_from_its_first_public_proposal(db: Any) -> None:
    hearing = consolidating_hearing()
    ou = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    buu = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    merged = svc.merge_groups(
        hearing, [ou.id, buu.id], keep_target=("goal", "A1-M1"), actor=secretariat(), now=LATER
    )
    values = prefill_values(merged, {})
    assert values["text"] == "Ledigheden blandt indvandrere halveres"


def test_a_confidential_proposal_is_never_copied_into_the_catalogue_as_proposed(db: Any) -> None:
    hearing = consolidating_hearing()
    ou = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    with pytest.raises(ChangeRefused) as refused:
        recommend(hearing, ou, "accept")
    assert "Accept with changes" in refused.value.message
    assert ou.recommendation is None


def test_a_changed_criterion_takes_no_field_from_a_confidential_proposal(db: Any) -> None:
    hearing = consolidating_hearing()
    ou = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    fields = change_for(ou, {"text": "Ledigheden skal ned", "target_value": "5"}).fields
    assert fields == {"text": "Ledigheden skal ned", "target_value": "5"}


# -- the flag, the confirmation, the note --------------------------------------------------


def test_a_recommendation_on_a_confidential_proposal_is_marked_derived(db: Any) -> None:
    hearing = consolidating_hearing()
    ou = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    recommend(hearing, ou, "accept_with_changes", changed_content={"text": CONFIDENTIAL})
    public = group_by(hearing, "IR", "other", "")
    recommend(hearing, public, "reject")
    assert ou.recommendation.derived_from_confidential is True
    assert ou.recommendation.rewrite_confirmed_at is None
    assert public.recommendation.derived_from_confidential is False


@pytest.fixture
def unconfirmed(db: Any) -> Any:
    """The issue's example: the changed content is the confidential proposal's text."""
    hearing = consolidating_hearing()
    ou = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    recommend(
        hearing,
        ou,
        "accept_with_changes",
        changed_content={"text": CONFIDENTIAL},
        administration_comment=f"Vi støtter: {CONFIDENTIAL}",
    )
    _recommend_rest(hearing, ou.id)
    _final_note(hearing)
    return hearing


def test_derived_text_is_withheld_from_the_public_note_page_and_pdf(
    client: FlaskClient, unconfirmed: Any
) -> None:
    page = text_of(client.get(f"/hearings/public/{unconfirmed.id}/note"))
    assert CONFIDENTIAL not in page and PLACEHOLDER in page
    pdf = client.get(f"/hearings/public/{unconfirmed.id}/note.pdf")
    assert pdf.status_code == 200
    text = _pdf_text(pdf.data)
    assert CONFIDENTIAL not in text and PLACEHOLDER in text
    assert "Mindst 60 % i 2010" in text  # public proposals stay


def test_the_secretariat_s_full_note_keeps_the_derived_text(
    client: FlaskClient, unconfirmed: Any
) -> None:
    login(client, "sek@example.dk")
    assert CONFIDENTIAL in text_of(client.get(f"/hearings/{unconfirmed.id}/note"))


def test_the_public_note_in_english_withholds_it_too(client: FlaskClient, unconfirmed: Any) -> None:
    with client.session_transaction() as session:
        session["locale"] = "en"
    page = text_of(client.get(f"/hearings/public/{unconfirmed.id}/note"))
    assert CONFIDENTIAL not in page and "The content is confidential" in page


def test_a_confirmed_rewrite_is_published_and_audited(client: FlaskClient, db: Any) -> None:
    hearing = consolidating_hearing()
    ou = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    rewritten = "Ledigheden skal ned"
    changed = {"text": rewritten}
    recommend(hearing, ou, "accept_with_changes", changed_content=changed, confirm_rewrite=True)
    rec = ou.recommendation
    assert rec.rewrite_confirmed_at == LATER and rec.rewrite_confirmed_by == secretariat()
    events = _db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "hearing.recommendation_rewrite_confirmed")
    ).all()
    assert len(events) == 1
    _recommend_rest(hearing, ou.id)
    _final_note(hearing)
    page = text_of(client.get(f"/hearings/public/{hearing.id}/note"))
    assert rewritten in page and CONFIDENTIAL not in page


def test_saving_again_without_the_confirmation_withdraws_it(db: Any) -> None:
    hearing = consolidating_hearing()
    ou = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    changed = {"text": "Ledigheden skal ned"}
    recommend(hearing, ou, "accept_with_changes", changed_content=changed, confirm_rewrite=True)
    recommend(hearing, ou, "accept_with_changes", changed_content={"text": CONFIDENTIAL})
    assert ou.recommendation.rewrite_confirmed_at is None


def test_merging_a_confidential_proposal_in_marks_the_recommendation(db: Any) -> None:
    hearing = consolidating_hearing()
    buu = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    recommend(hearing, buu, "accept", confirm_rewrite=False)
    assert buu.recommendation.derived_from_confidential is False
    ou = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    merged = svc.merge_groups(hearing, [buu.id, ou.id], actor=secretariat(), now=LATER)
    assert merged.recommendation.derived_from_confidential is True


def test_the_confirmation_checkbox_is_stored_with_who_and_when(
    client: FlaskClient, db: Any
) -> None:
    hearing = consolidating_hearing()
    ou = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/consolidation"))
    assert "Jeg har omskrevet teksten" in page
    prefix = f"g{ou.id}-"
    response = post(
        client,
        f"/hearings/{hearing.id}/consolidation/groups/{ou.id}/recommendation",
        {
            prefix + "outcome": "accept_with_changes",
            prefix + "changed_text": "Ledigheden skal ned",
            prefix + "reasoning": "Omskrevet.",
            prefix + "revision": "0",
            prefix + "confirm_rewrite": "y",
        },
    )
    assert response.status_code == 302, text_of(response)[:2000]
    _db.session.expire_all()
    rec = group_by(hearing, "ØU", "add_success_criterion", "A1-M1").recommendation
    assert rec.rewrite_confirmed_by == secretariat()


# -- fate and origin -------------------------------------------------------------------------


def _whole_confidential_decided(**rewrite: Any) -> Any:
    """BUU and SUU propose on A1-M1 (SUU's response confidential as a whole), ØU proposes
    confidentially on A1-M1 too; all three merged, accepted, decided. With ``rewrite``
    (``changed_content`` and ``confirm_rewrite``) accepted with changes instead."""
    policy = make_policy("Integrationspolitik fortrolig")
    version = make_approved(policy=policy, areas=2, goals_per_area=2, indicators_per_goal=1)
    hearing = make_issued(version, codes=("ØU", "BUU", "IR", "SUU"), reference="BIU 500/2006")
    for code, proposal, data in (
        ("BUU", criterion(), draft()),
        ("ØU", criterion(text=CONFIDENTIAL, confidential=True, confidential_reason="X"), draft()),
        (
            "SUU",
            criterion(text=WHOLE),
            drafts_svc.DraftData(confidential=True, confidential_reason="Personsager"),
        ),
    ):
        r = response(hearing, code)
        user = member(code)
        drafts_svc.save_draft(r, data, actor=user, now=NOW, expected_version=r.edit_version)
        proposals_svc.add_proposal(r, proposal, actor=user, now=NOW)
        versions_svc.submit_response(r, actor=user, now=NOW, expected_version=r.edit_version)
    r = response(hearing, "IR")
    versions_svc.submit_response(
        r, actor=member("IR"), now=NOW, expected_version=r.edit_version, no_remarks=True
    )
    transitions.close_hearing(hearing, actor=None, now=CLOSED)
    svc.start_consolidation(hearing, actor=secretariat(), now=LATER, render_note=False)
    groups = groups_of(hearing)
    merged = svc.merge_groups(hearing, [g.id for g in groups], actor=secretariat(), now=LATER)
    recommend(hearing, merged, "accept_with_changes" if rewrite else "accept", **rewrite)
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    decision = record_decision(
        hearing,
        DecisionData(
            deciding_body_id=body("BIU").id,
            meeting_date=MEETING,
            case_reference="BIU 46/2007",
            outcomes=(OutcomeData(merged.recommendation.id, "approved"),),
        ),
        actor=secretariat(),
        now=LATER,
    )
    commit()
    return hearing, decision


@pytest.fixture
def decided(db: Any) -> Any:
    return _whole_confidential_decided()


def _origin(client: FlaskClient, decision: Any, number: int | None = None) -> Any:
    return client.get(f"/hearings/origin/{number or decision.draft_version.number}/A1-M1")


def test_the_origin_page_of_a_draft_version_is_for_the_secretariat_only(
    client: FlaskClient, decided: Any
) -> None:
    _, decision = decided
    login(client, "ir@example.dk")
    assert _origin(client, decision).status_code == 404
    post(client, "/logout")
    login(client, "sek@example.dk")
    assert _origin(client, decision).status_code == 200


def _approve(decision: Any) -> None:
    from barometer.services import catalogue_versions

    catalogue_versions.approve_version(
        decision.draft_version,
        decision_text="BIU 46/2007",
        decision_date=MEETING,
        actor=secretariat(),
        now=LATER,
    )
    commit()


@pytest.mark.parametrize(
    ("email", "sees_whole", "sees_confidential"),
    [
        ("ir@example.dk", False, False),  # a member of another body
        ("buu@example.dk", False, False),  # a body in the same group
        ("suu@example.dk", True, False),  # the owning body of the confidential response
        ("oeu@example.dk", False, True),  # the owner of the confidential proposal
        ("sek@example.dk", True, True),  # the secretariat
    ],
)
def test_the_origin_page_shows_confidential_text_only_to_who_may_see_the_response(
    client: FlaskClient, decided: Any, email: str, sees_whole: bool, sees_confidential: bool
) -> None:
    _, decision = decided
    _approve(decision)
    login(client, email)
    page = text_of(_origin(client, decision))
    assert "BIU 46/2007" in page and "BUU" in page
    assert (WHOLE in page) is sees_whole
    assert (CONFIDENTIAL in page) is sees_confidential


def test_the_origin_page_withholds_a_derived_recommendation_s_reasoning(
    client: FlaskClient, decided: Any
) -> None:
    _, decision = decided
    _approve(decision)
    login(client, "ir@example.dk")
    page = text_of(_origin(client, decision))
    assert "Forvaltningen er enig." not in page and PLACEHOLDER in page


def test_the_fate_page_withholds_a_derived_recommendation_s_reasoning_from_another_body(
    client: FlaskClient, decided: Any
) -> None:
    hearing, _ = decided
    login(client, "buu@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/fate/{body('BUU').id}"))
    assert "Forvaltningen er enig." not in page and PLACEHOLDER in page


# -- summaries per focus area ----------------------------------------------------------------


def _summarise(hearing: Any, code: str, text: str, **kwargs: Any) -> Any:
    current = summaries_of(hearing).get(code)
    return recommendations.set_summary(
        hearing,
        code,
        text,
        expected_revision=current.revision if current else 0,
        actor=secretariat(),
        now=LATER,
        render_note=False,
        **kwargs,
    )


def test_a_summary_of_an_area_with_a_confidential_proposal_is_withheld_until_confirmed(
    client: FlaskClient, db: Any
) -> None:
    hearing = consolidating_hearing()
    summary = _summarise(hearing, "A1", f"ØU foreslår: {CONFIDENTIAL}")
    assert summary.derived_from_confidential is True
    assert _summarise(hearing, "A2", "Et mål for job").derived_from_confidential is False
    _recommend_rest(hearing, skip=0)
    _final_note(hearing)
    page = text_of(client.get(f"/hearings/public/{hearing.id}/note"))
    assert CONFIDENTIAL not in page and "Et mål for job" in page and PLACEHOLDER in page
    text = _pdf_text(client.get(f"/hearings/public/{hearing.id}/note.pdf").data)
    assert CONFIDENTIAL not in text and "Et mål for job" in text


def test_a_confirmed_summary_is_published_and_audited(client: FlaskClient, db: Any) -> None:
    hearing = consolidating_hearing()
    summary = _summarise(
        hearing, "A1", "Udvalgene ønsker mål for ledigheden.", confirm_rewrite=True
    )
    assert summary.rewrite_confirmed_by == secretariat()
    assert _db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "hearing.summary_rewrite_confirmed")
    )
    _recommend_rest(hearing, skip=0)
    _final_note(hearing)
    page = text_of(client.get(f"/hearings/public/{hearing.id}/note"))
    assert "Udvalgene ønsker mål for ledigheden." in page


def test_the_summary_form_offers_the_confirmation_where_it_matters(
    client: FlaskClient, db: Any
) -> None:
    hearing = consolidating_hearing()
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/consolidation"))
    assert 'name="sA1-confirm_rewrite"' in page and 'name="sA2-confirm_rewrite"' not in page
    response = post(
        client,
        f"/hearings/{hearing.id}/consolidation/summaries/A1",
        {"sA1-text": "Omskrevet", "sA1-revision": "0", "sA1-confirm_rewrite": "y"},
    )
    assert response.status_code == 302
    _db.session.expire_all()
    assert summaries_of(hearing)["A1"].rewrite_confirmed_at is not None


REWRITTEN = {"text": "Sprogkurser for alle", "target_value": "5"}


def test_a_decision_refuses_unconfirmed_content_written_from_confidential_proposals(
    db: Any,
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _whole_confidential_decided(changed_content=REWRITTEN)
    assert "confidential" in refused.value.message


def test_a_decision_makes_confirmed_rewritten_content(client: FlaskClient, db: Any) -> None:
    hearing, decision = _whole_confidential_decided(changed_content=REWRITTEN, confirm_rewrite=True)
    [record] = decision.draft_version.change_records
    assert record.fields["text"] == "Sprogkurser for alle"
    login(client, "buu@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/fate/{body('BUU').id}"))
    assert "Sprogkurser for alle" in page and "Forvaltningen er enig." in page
