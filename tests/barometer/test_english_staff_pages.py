"""Staff pages in English mark Danish-only texts too (issue 13): a policy's name, a version's
label, a focus area's, goal's or indicator's name without an English version, and a
hearing's title (hearings are written in Danish) are shown with lang="da" and "kun på dansk /
only in Danish", like the public pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient

from tests.barometer.reading_factories import add_values, make_period, make_reading_catalogue
from tests.factories import make_secretariat
from tests.web import login, post, text_of


def marked(text: str) -> str:
    return f'<span lang="da">{text}</span> <span class="app-only-danish">'


def english_staff(client: FlaskClient) -> None:
    login(client, "sek@example.dk")
    post(client, "/language", {"locale": "en", "next": "/"})


def test_staff_pages_in_english_mark_the_danish_only_names(client: FlaskClient, db: Any) -> None:
    version = make_reading_catalogue()
    add_values(make_period("2007-H1"), {"A1-M1-I1": Decimal("46.4"), "A1-M1-C": Decimal(120)})
    make_secretariat()
    db.session.commit()
    english_staff(client)
    label, policy = "Koncept for integrationsbarometer", "Integrationspolitik 2007-2010"
    indicator, goal = "Antal deltagere i aktiviteten", "Mål 1.1: flere i arbejde"

    reading = text_of(client.get("/barometer/reading/2007-H1"))
    assert 'lang="en"' in reading[:300]
    for text in (label, indicator, goal):
        assert marked(text) in reading, text
    page = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-C"))
    assert f'<h1><span class="app-code">A1-M1-C</span> {marked(indicator)}' in page
    entry = text_of(client.get("/barometer/measurements/2007-H1/"))
    assert marked(indicator) in entry
    shown = text_of(client.get(f"/barometer/catalogue/versions/{version.number}"))
    for text in (label, policy, indicator, goal):
        assert marked(text) in shown, text
    for path in ("/barometer/catalogue/", "/barometer/catalogue/in-force/"):
        listed = text_of(client.get(path))
        assert marked(label) in listed and marked(policy) in listed, path
    # Danish pages show the same texts unmarked.
    post(client, "/language", {"locale": "da", "next": "/"})
    danish = text_of(client.get("/barometer/reading/2007-H1"))
    assert indicator in danish and "kun på dansk" not in danish


def test_a_hearing_title_on_an_english_page_is_marked_danish(client: FlaskClient, db: Any) -> None:
    from tests.hearing.factories import make_issued

    hearing = make_issued()
    number, hearing_id = hearing.version.number, hearing.id
    db.session.commit()
    english_staff(client)
    title = "Høring over koncept og oversigtsskema"
    locked = text_of(client.get(f"/barometer/catalogue/versions/{number}"))
    assert marked(f"BIU 227/2006: {title}") in locked
    for path in (f"/hearings/{hearing_id}", "/hearings/", f"/hearings/public/{hearing_id}"):
        assert marked(title) in text_of(client.get(path)), path
    # The hearing's page names the consulted version by its (Danish) label too.
    assert marked("Koncept for integrationsbarometer") in text_of(
        client.get(f"/hearings/{hearing_id}")
    )
    post(client, "/language", {"locale": "da", "next": "/"})
    assert "kun på dansk" not in text_of(client.get(f"/hearings/{hearing_id}"))


def test_success_criteria_on_english_staff_pages_are_english_or_marked(
    client: FlaskClient, db: Any
) -> None:
    from sqlalchemy import select

    from barometer.models import SuccessCriterion

    version = make_reading_catalogue()
    make_period("2007-H1")
    goal_criterion, indicator_criterion = db.session.scalars(
        select(SuccessCriterion).order_by(SuccessCriterion.id)
    ).all()[:2]
    assert indicator_criterion.text == "Mindst 50,0 % i 2010"
    indicator_criterion.text_en = "At least 50.0% in 2010"  # setup: an English text exists
    make_secretariat()
    db.session.commit()
    english_staff(client)
    page = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-I1"))
    assert "At least 50.0% in 2010 – target 50.0 % by 2nd half 2010" in page
    assert "Mindst 50,0 %" not in page
    assert "46.0 % (2nd half 2006)" in page  # the baseline's period in words
    shown = text_of(client.get(f"/barometer/catalogue/versions/{version.number}"))
    assert "At least 50.0% in 2010" in shown and "Mindst 50,0 %" not in shown
    assert marked(goal_criterion.text) in shown


def test_the_definition_and_source_on_english_staff_pages_are_english_or_marked(
    client: FlaskClient, db: Any
) -> None:
    from sqlalchemy import select

    from barometer.models import Indicator

    version = make_reading_catalogue()
    make_period("2007-H1")
    first = db.session.scalar(select(Indicator).where(Indicator.code == "A1-M1-I1"))
    # Setup: one indicator has its definition and source in both languages.
    first.definition, first.definition_en = "Andel af de 16-64-årige", "Share of those aged 16-64"
    first.data_source_en = "Statistics Denmark"
    make_secretariat()
    db.session.commit()
    english_staff(client)
    page = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-I1"))
    assert "Share of those aged 16-64" in page and "Statistics Denmark" in page
    assert "Andel af de 16-64-årige" not in page and "Danmarks Statistik" not in page
    other = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-C"))
    assert marked("Danmarks Statistik") in other
    shown = text_of(client.get(f"/barometer/catalogue/versions/{version.number}"))
    assert "Statistics Denmark" in shown and marked("Danmarks Statistik") in shown


def test_the_staff_reading_in_english_shows_the_english_assessment_or_marks_the_danish(
    client: FlaskClient, db: Any
) -> None:
    from barometer.services import assessments as assessment_svc
    from tests.barometer.reading_factories import NOW

    make_reading_catalogue()
    period = make_period("2007-H1")
    data = assessment_svc.AssessmentData("Flere er i job.", text_en="More people are in work.")
    assessment_svc.save_assessment(period, "A1", data, actor=None, now=NOW)
    make_secretariat()
    db.session.commit()
    english_staff(client)
    page = text_of(client.get("/barometer/reading/2007-H1"))
    assert "More people are in work." in page and "Flere er i job." not in page
    data = assessment_svc.AssessmentData("Flere er i job.")
    assessment_svc.save_assessment(period, "A1", data, actor=None, now=NOW)
    db.session.commit()
    page = text_of(client.get("/barometer/reading/2007-H1"))
    assert '<div class="app-markdown" lang="da"><p>Flere er i job.</p>' in page
    assert '<p class="app-only-danish">(<span lang="da">kun på dansk</span>' in page


def test_a_values_note_and_source_on_the_english_staff_indicator_page(
    client: FlaskClient, db: Any
) -> None:
    from barometer.measurement_import import Entry
    from barometer.reading import catalogue_in_force
    from barometer.services import measurements as measurement_svc
    from tests.barometer.reading_factories import NOW

    make_reading_catalogue()
    period = make_period("2007-H1")
    catalogue = catalogue_in_force(period.period)
    assert catalogue is not None
    entries = [
        Entry("A1-M1-I1", Decimal("46.4"), note="Foreløbigt tal", note_en="Provisional figure",
              source="DST", source_en="Statistics Denmark"),
        Entry("A1-M1-C", Decimal(120), note="Optalt manuelt", source="Forvaltningen"),
    ]  # fmt: skip
    measurement_svc.save_entries(period, entries, catalogue.specs(), actor=None, now=NOW)
    make_secretariat()
    db.session.commit()
    english_staff(client)
    page = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-I1"))
    assert "Provisional figure" in page and "Statistics Denmark" in page
    assert "Foreløbigt tal" not in page
    other = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-C"))
    assert marked("Optalt manuelt") in other and marked("Forvaltningen") in other


def test_version_choices_name_the_version_in_the_page_language(
    client: FlaskClient, db: Any
) -> None:
    version = make_reading_catalogue()
    make_period("2007-H1")
    version.label_en = "Concept for the barometer"  # setup: the label in both languages
    version.policy.name_en = "Integration policy 2007-2010"
    make_secretariat()
    db.session.commit()
    login(client, "sek@example.dk")
    danish = text_of(client.get("/barometer/editions/new"))
    assert ">1: Koncept for integrationsbarometer (Godkendt)</option>" in danish
    assert "(approved)" not in danish
    post(client, "/language", {"locale": "en", "next": "/"})
    english = text_of(client.get("/barometer/editions/new"))
    assert ">1: Concept for the barometer (Approved)</option>" in english
    chosen = text_of(client.get("/barometer/catalogue/in-force/2007-H1"))
    assert "1: Concept for the barometer (Integration policy 2007-2010)" in chosen
    reading = text_of(client.get("/barometer/reading/2007-H1"))
    assert "Version 1: Concept for the barometer</option>" in reading


def test_the_version_diff_in_english_names_rows_in_english_or_marks_the_danish(
    client: FlaskClient, db: Any
) -> None:
    from barometer.models import CatalogueVersion
    from barometer.services import catalogue_nodes, catalogue_versions
    from tests.barometer.factories import indicator, indicator_data

    make_reading_catalogue()
    make_secretariat()
    first = db.session.get(CatalogueVersion, 1)
    draft = catalogue_versions.create_draft(
        first.policy, label="Version 2", label_en="Version two", actor=None, now=first.created_at
    )
    named = indicator_data("A1-M1-I1", name_da="Beskæftigede", name_en="People in work")
    catalogue_nodes.update_indicator(indicator(draft, "A1-M1-I1"), named, actor=None,
                                     now=first.created_at)  # fmt: skip
    danish = indicator_data("A1-M1-C", name_da="Deltagere i alt", kind="activity")
    catalogue_nodes.update_indicator(indicator(draft, "A1-M1-C"), danish, actor=None,
                                     now=first.created_at)  # fmt: skip
    db.session.commit()
    english_staff(client)
    page = text_of(client.get("/barometer/catalogue/diff?from=1&to=2"))
    assert '<span class="app-muted">People in work</span>' in page
    assert marked("Deltagere i alt") in page  # no English name: the Danish one, marked
    assert "2: Version two (" in page  # the version choices in English where there is one
    assert "2: Version two (" in text_of(client.get("/hearings/new"))  # and a new hearing's
    post(client, "/language", {"locale": "da", "next": "/"})
    page = text_of(client.get("/barometer/catalogue/diff?from=1&to=2"))
    assert '<span class="app-muted">Beskæftigede</span>' in page and "app-only-danish" not in page
    assert "2: Version 2 (" in page
    assert "2: Version 2 (" in text_of(client.get("/hearings/new"))
