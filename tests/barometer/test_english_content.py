"""English pages show English content where it exists and mark Danish-only text (issue 13)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient

from barometer.bilingual import DanishOnly, pick
from barometer.labels import content
from barometer.models import Edition
from tests.barometer.edition_factories import make_periods, make_published
from tests.factories import make_secretariat
from tests.web import csrf_token, login, text_of

MARK = '(<span lang="da">kun på dansk</span> / only in Danish)'


def test_pick_prefers_english_and_marks_the_danish_fallback() -> None:
    assert pick("Beskæftigelse", "Employment", "en") == "Employment"
    shown = pick("Beskæftigelse", None, "en")
    assert shown == "Beskæftigelse" and isinstance(shown, DanishOnly)
    assert not isinstance(pick("Beskæftigelse", None, "da"), DanishOnly)
    assert (
        str(content(shown))
        == f'<span lang="da">Beskæftigelse</span> <span class="app-only-danish">{MARK}</span>'
    )
    assert str(content("Employment")) == "Employment"
    assert str(content(DanishOnly("<b>"))).startswith('<span lang="da">&lt;b&gt;</span>')


@pytest.fixture
def published(db: Any, configured: Any) -> Edition:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    make_periods()
    edition = make_published("2007-H2")
    make_secretariat()
    db.session.commit()
    return edition


def test_english_pages_mark_danish_only_texts_with_lang_da(
    client: FlaskClient, published: Edition
) -> None:
    snapshot = published.snapshot
    indicator = snapshot["catalogue"]["focus_areas"][0]["goals"][0]["indicators"][0]
    english = text_of(client.get(f"/barometer/editions/{published.id}/?lang=en"))
    danish = text_of(client.get(f"/barometer/editions/{published.id}/"))
    # The focus area has an English name; the demo-like goal and the assessment have none.
    assert MARK in english and MARK not in danish
    assert re.search(r'<div class="app-markdown" lang="da">', english)
    page = text_of(
        client.get(f"/barometer/editions/{published.id}/indicators/{indicator['code']}?lang=en")
    )
    if indicator.get("definition"):
        assert f'<span lang="da">{indicator["definition"]}</span>' in page


def test_staff_working_in_english_are_sent_to_english_public_pages(
    client: FlaskClient, published: Edition
) -> None:
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "en"})
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/editions/manage"))
    assert f"/barometer/editions/{published.id}/?lang=en" in page
    assert '/barometer/?lang=en"' in page


# -- English catalogue texts: the definition, the data source, a criterion's text --------------


def test_english_indicator_texts_are_stored_exported_imported_and_shown(db: Any) -> None:
    from barometer import catalogue_data
    from barometer.catalogue_sheet import export_xlsx
    from barometer.editions.presenter import indicator_view
    from barometer.queries import load_version_tree, version_snapshot
    from barometer.services import catalogue_import, catalogue_nodes
    from barometer.services import catalogue_versions as versions
    from tests.barometer.factories import NOW, goal, indicator, indicator_data, make_approved

    v1 = make_approved()
    draft = versions.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    catalogue_nodes.update_indicator(
        indicator(draft, "A1-M1-I1"),
        indicator_data("A1-M1-I1", definition="Andel af de 16-64-årige",
                       definition_en="Share of those aged 16-64",
                       data_source_en="Statistics Denmark"),
        actor=None, now=NOW,
    )  # fmt: skip
    catalogue_nodes.add_criterion(
        goal(draft, "A1-M1"),
        catalogue_data.CriterionData("Flere i arbejde", text_en="More people in work"),
        actor=None, now=NOW,
    )  # fmt: skip
    snapshot = version_snapshot(load_version_tree(draft.id))
    ind = snapshot["focus_areas"][0]["goals"][0]["indicators"][0]
    assert (ind["definition_en"], ind["data_source_en"]) == (
        "Share of those aged 16-64", "Statistics Denmark",
    )  # fmt: skip
    texts = [c["text_en"] for c in snapshot["focus_areas"][0]["goals"][0]["success_criteria"]]
    assert "More people in work" in texts
    # The spreadsheet carries them both ways.
    data = export_xlsx(snapshot, "da", "Version 2")
    versions.approve_version(
        draft, decision_text="BIU 1/2007", decision_date=date(2007, 4, 18), actor=None, now=NOW
    )
    third = versions.create_draft(v1.policy, label="Version 3", actor=None, now=NOW)
    catalogue_import.import_file(third, "v2.xlsx", data, actor=None, now=NOW)
    db.session.expire_all()
    again = version_snapshot(load_version_tree(third.id))
    assert again["focus_areas"] == snapshot["focus_areas"]
    # An edition's English page shows them unmarked; the Danish page keeps the Danish text.
    edition = {"reading": {"indicators": {}}, "period": "2007-H1", "periods": [],
               "values": {ind["code"]: []}}  # fmt: skip
    status = {"value": None, "change": None, "movement": "grey", "since_baseline": "grey",
              "progress": "no_data", "progress_ratio": None,
              **{k: {"da": "", "en": ""} for k in
                 ("movement_text", "since_baseline_text", "progress_text")}}  # fmt: skip
    second = snapshot["focus_areas"][0]["goals"][0]["indicators"][1]
    for code in (ind["code"], second["code"]):
        edition["reading"]["indicators"][code] = status
        edition["values"][code] = []
    english = indicator_view(edition, ind, "en")
    assert english.definition == "Share of those aged 16-64"
    assert not isinstance(english.definition, DanishOnly)
    assert english.data_source == "Statistics Denmark"
    other = indicator_view(edition, second, "en")
    assert isinstance(other.data_source, DanishOnly)
    assert indicator_view(edition, ind, "da").definition == "Andel af de 16-64-årige"


def test_an_english_assessment_is_frozen_and_shown_on_english_pages(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    from barometer.models import AssessmentState
    from barometer.services import assessments as assessment_svc
    from tests.barometer.edition_factories import NOW, make_draft, publish

    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    _first, second = make_periods()
    assessment_svc.save_assessment(
        second, "A1",
        assessment_svc.AssessmentData("Mentorordninger **virker**.", AssessmentState.FINAL,
                                      "Mentoring **works**."),
        actor=None, now=NOW,
    )  # fmt: skip
    edition = publish(make_draft("2007-H2"))
    db.session.commit()
    assert edition.snapshot["assessments"]["A1"]["html_en"].startswith("<p>Mentoring")
    english = text_of(client.get(f"/barometer/editions/{edition.id}/?lang=en"))
    assert "Mentoring <strong>works</strong>." in english
    assert '<div class="app-markdown" lang="da">' not in english
    danish = text_of(client.get(f"/barometer/editions/{edition.id}/"))
    assert "Mentorordninger <strong>virker</strong>." in danish and "Mentoring" not in danish


def test_the_assessment_form_takes_the_english_text(
    client: FlaskClient, db: Any, published: Edition
) -> None:
    from sqlalchemy import select

    from barometer.models import Assessment
    from tests.web import post

    login(client, "sek@example.dk")
    form = {"text": "Tekst", "text_en": "Text", "state": "draft", "lock_version": "0"}
    response = post(client, "/barometer/reading/2007-H1/assessments/A1", form)
    assert response.status_code == 302, text_of(response)[:1000]
    texts = db.session.execute(select(Assessment.text, Assessment.text_en)).all()
    assert ("Tekst", "Text") in texts


def test_a_correction_reason_in_english_is_shown_on_english_pages(
    client: FlaskClient, db: Any, published: Edition
) -> None:
    from barometer.services import editions as svc
    from tests.barometer.edition_factories import NOW, publish

    marked = svc.create_correction(published, "Forkert tal", actor=None, now=NOW)
    publish(marked)
    translated = svc.create_correction(
        marked, "Forkert tal igen", actor=None, now=NOW, reason_en="Wrong figure again"
    )
    publish(translated)
    db.session.commit()
    page = text_of(client.get(f"/barometer/editions/{marked.id}/?lang=en"))
    assert (
        f'Reason: <span lang="da">Forkert tal</span> <span class="app-only-danish">{MARK}' in page
    )
    assert "Reason: Wrong figure again" in page
    assert "Begrundelse: Forkert tal igen" in text_of(
        client.get(f"/barometer/editions/{marked.id}/")
    )
