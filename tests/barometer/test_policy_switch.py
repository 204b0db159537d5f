"""A second policy must not take over the whole barometer: every page, file and API
response of a period uses the version in force for that period.

The setup: policy 2007-2010 with version 1 (the small reading catalogue: A1-M1-I1,
A1-M1-I2, A1-M1-C in focus area A1), periods 2009-H2 and 2010-H1 measured on it and 2009-H2
published; then policy 2011-2014 with version 2, approved on 1 March 2011: focus area N1
keeps A1-M1-I1 and adds N-01; A1-M1-I2 and A1-M1-C are dropped.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from barometer import catalogue_data
from barometer.period import Period
from barometer.reading import load_reading
from barometer.services import catalogue_nodes as cat
from barometer.services import catalogue_versions
from tests.barometer.edition_factories import publish
from tests.barometer.factories import NOW, administration, indicator_data
from tests.barometer.reading_factories import add_values, make_period, make_reading_catalogue
from tests.factories import make_secretariat
from tests.web import login, post, text_of

D = Decimal


def adopt_second_policy() -> Any:
    policy = catalogue_versions.create_policy(
        catalogue_data.PolicyData(
            "Integrationspolitik 2011-2014", "BR 120/10", date(2010, 9, 16), "2011-2014"
        ),
        actor=None,
        now=NOW,
    )
    draft = catalogue_versions.create_draft(policy, label="Nyt katalog", actor=None, now=NOW)
    area = cat.add_focus_area(
        draft, catalogue_data.FocusAreaData("N1", 1, "Job og uddannelse", "Jobs"), actor=None,
        now=NOW,
    )  # fmt: skip
    goal = cat.add_goal(area, catalogue_data.GoalData("N1-M1", "Flere i job"), actor=None, now=NOW)
    cat.add_indicator(goal, indicator_data("A1-M1-I1"), actor=None, now=NOW)
    cat.add_indicator(
        goal, indicator_data("N-01", name_da="Ny indikator", name_en="New indicator"),
        actor=None, now=NOW,
    )  # fmt: skip
    return catalogue_versions.approve_version(
        draft, decision_text="BIU 30/2011", decision_date=date(2011, 3, 1), actor=None, now=NOW
    )


@pytest.fixture
def history(db: Any) -> dict[str, Any]:
    from barometer.services import editions as edition_svc

    administration("BUF")
    old = make_reading_catalogue()
    p1 = make_period("2009-H2", closed=True)
    p2 = make_period("2010-H1")
    add_values(p1, {"A1-M1-I1": D("47.0"), "A1-M1-I2": D("48.0"), "A1-M1-C": D("110")})
    add_values(p2, {"A1-M1-I1": D("47.5"), "A1-M1-I2": D("48.5"), "A1-M1-C": D("111")})
    edition = publish(
        edition_svc.create_draft(edition_svc.EditionData("2009-H2", 1), actor=None, now=NOW)
    )
    new = adopt_second_policy()
    make_secretariat()
    db.session.commit()
    return {"old": old, "new": new, "edition": edition}


def test_the_rule_gives_each_period_its_own_policy(history: dict[str, Any]) -> None:
    from barometer.queries_in_force import in_force_info, version_in_force

    assert version_in_force(Period(2009, 2)).number == 1  # type: ignore[union-attr]
    assert version_in_force(Period(2010, 2)).number == 1  # type: ignore[union-attr]
    assert version_in_force(Period(2011, 1)).number == 2  # type: ignore[union-attr]
    assert in_force_info(Period(2006, 2)) is None


def test_the_reading_of_2009_h2_still_uses_the_old_catalogue(
    client: FlaskClient, history: dict[str, Any]
) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/reading/2009-H2"))
    assert "A1-M1-I2" in page and "N-01" not in page
    # And the reading itself is computed on version 1.
    reading = load_reading(Period(2009, 2), history["old"])
    assert {i.code for i in reading.catalogue.indicators()} == {"A1-M1-I1", "A1-M1-I2", "A1-M1-C"}


def test_the_entry_form_for_2010_h1_lists_the_old_indicators_and_their_value_pages_work(
    client: FlaskClient, history: dict[str, Any]
) -> None:
    login(client, "sek@example.dk")
    form = text_of(client.get("/barometer/measurements/2010-H1/"))
    assert "A1-M1-I2" in form and "A1-M1-C" in form and "N-01" not in form
    assert client.get("/barometer/measurements/2010-H1/values/A1-M1-I2").status_code == 200
    assert client.get("/barometer/measurements/2010-H1/values/N-01").status_code == 404
    assert client.get("/barometer/reading/2010-H1/indicators/A1-M1-C").status_code == 200


def test_the_measurement_file_and_its_import_use_the_version_in_force(
    client: FlaskClient, db: Any, history: dict[str, Any]
) -> None:
    from barometer.models import Measurement, MeasurementPeriod

    login(client, "sek@example.dk")
    template = client.get("/barometer/measurements/2010-H1/template.csv").get_data(as_text=True)
    assert "A1-M1-C" in template and "A1-M1-I2" in template and "N-01" not in template
    header = "\ufeffPeriode;Indikatorkode;Værdi;Begrundelse for rettelse\r\n"
    refused = _upload(client, header + "2010-H1;N-01;12,0;\r\n")
    assert refused.status_code == 400  # not an indicator of the version in force for 2010-H1
    preview = _upload(client, header + "2010-H1;A1-M1-C;112;Ny opgørelse\r\n")
    assert preview.status_code == 200, text_of(preview)[:2000]
    page = text_of(preview)
    token = page.split('name="token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    done = post(client, "/barometer/measurements/2010-H1/import/confirm", {"token": token})
    assert done.status_code == 302
    db.session.expire_all()
    stored = db.session.scalar(
        select(Measurement.value)
        .join(MeasurementPeriod)
        .where(Measurement.indicator_code == "A1-M1-C", MeasurementPeriod.code == "2010-H1")
    )
    assert stored == D("112")


def _upload(client: FlaskClient, text: str) -> Any:
    return post(
        client,
        "/barometer/measurements/2010-H1/import",
        {"file": (io.BytesIO(text.encode()), "værdier.csv")},
        content_type="multipart/form-data",
    )


def test_assessment_pages_linked_from_a_reading_of_an_older_version_work(
    client: FlaskClient, history: dict[str, Any]
) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/reading/2009-H2?version=1"))
    links = re.findall(r'href="(/barometer/reading/2009-H2/assessments/[^"]+)"', page)
    assert links, "the reading links to the assessments of its focus areas"
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link
    assert client.get("/barometer/reading/2009-H2/assessments/A1").status_code == 200
    assert client.get("/barometer/reading/2009-H2/assessments/A1?version=2").status_code == 404


def _selected(page: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert select, name
    chosen = re.search(
        r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected',
        select.group(0),
    )
    return next((g for g in chosen.groups() if g), None) if chosen else None


def test_a_new_edition_preselects_the_version_in_force_for_its_period(
    client: FlaskClient, history: dict[str, Any]
) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/editions/new?period=2010-H1"))
    assert _selected(page, "period") == "2010-H1"
    assert _selected(page, "version") == "1"


def test_the_indicators_api_does_not_mix_versions(
    client: FlaskClient, history: dict[str, Any]
) -> None:
    body = json.loads(client.get("/api/v1/indicators").get_data(as_text=True))
    assert body["catalogue_version"] == 1
    assert body["edition"]["period"] == "2009-H2"
    codes = {i["code"] for i in body["indicators"]}
    assert codes == {"A1-M1-I1", "A1-M1-I2", "A1-M1-C"}
    assert all(i["status"] is not None for i in body["indicators"])
    one = client.get("/api/v1/indicators/A1-M1-I2")
    assert one.status_code == 200
    assert json.loads(one.get_data(as_text=True))["code"] == "A1-M1-I2"


def test_the_indicators_api_answers_for_a_period(
    client: FlaskClient, history: dict[str, Any]
) -> None:
    later = json.loads(client.get("/api/v1/indicators?period=2011-H1").get_data(as_text=True))
    assert later["catalogue_version"] == 2 and later["edition"] is None
    assert {i["code"] for i in later["indicators"]} == {"A1-M1-I1", "N-01"}
    assert client.get("/api/v1/indicators?period=2011").status_code == 400
    assert client.get("/api/v1/indicators?period=2006-H1").status_code == 404


@pytest.fixture
def switched(history: dict[str, Any], db: Any) -> dict[str, Any]:
    """2011-H1 measured and published on the new policy's version 2."""
    from barometer.services import editions as edition_svc

    period = make_period("2011-H1")
    add_values(period, {"A1-M1-I1": D("49.0"), "N-01": D("12.0")})
    later = publish(
        edition_svc.create_draft(edition_svc.EditionData("2011-H1", 2), actor=None, now=NOW)
    )
    db.session.commit()
    return {**history, "later": later}


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_public_edition_page_tells_the_policy_switch(
    client: FlaskClient, switched: dict[str, Any]
) -> None:
    later = switched["later"]
    page = _words(text_of(client.get(f"/barometer/editions/{later.id}/")))
    assert "Kataloget er ændret: 1 indikator tilføjet, 2 udgået." in page
    assert "Integrationspolitik 2011-2014" in page
    earlier = _words(text_of(client.get(f"/barometer/editions/{switched['edition'].id}/")))
    assert "Kataloget er ændret" not in earlier


def test_the_comparison_tells_the_policy_switch_in_both_languages(
    client: FlaskClient, switched: dict[str, Any]
) -> None:
    a, b = switched["edition"].id, switched["later"].id
    page = _words(text_of(client.get(f"/barometer/editions/compare?a={a}&b={b}")))
    assert "Kataloget er ændret: 1 indikator tilføjet, 2 udgået." in page
    assert "N-01" in page and "A1-M1-C" in page
    english = _words(text_of(client.get(f"/barometer/editions/compare?a={a}&b={b}&lang=en")))
    assert "The catalogue has changed: 1 indicator added, 2 dropped." in english


def _changes_table(page: str) -> list[str]:
    """The rows of the table of added and dropped indicators, as words."""
    table = re.search(r'<table class="[^"]*app-catalogue-changes[^"]*">(.*?)</table>', page, re.S)
    assert table, "no table of added and dropped indicators"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1).split("<tbody>", 1)[1], re.S)
    return [_words(r) for r in rows]


def test_the_comparison_lists_added_and_dropped_indicators_in_a_table(
    client: FlaskClient, switched: dict[str, Any]
) -> None:
    a, b = switched["edition"].id, switched["later"].id
    page = text_of(client.get(f"/barometer/editions/compare?a={a}&b={b}"))
    assert "Tilføjede og udgåede indikatorer" in page
    assert _changes_table(page) == [
        "Tilføjet N-01 Ny indikator N1-M1",
        "Udgået A1-M1-I2 Andel i beskæftigelse (A1-M1-I2), æøå A1-M1",
        "Udgået A1-M1-C Antal deltagere i aktiviteten A1-M1",
    ]
    english = text_of(client.get(f"/barometer/editions/compare?a={a}&b={b}&lang=en"))
    assert "Indicators added and dropped" in english
    rows = _changes_table(english)
    assert rows[0] == "Added N-01 New indicator N1-M1"
    marked = "Antal deltagere i aktiviteten ( kun på dansk / only in Danish)"
    assert rows[2] == f"Dropped A1-M1-C {marked} A1-M1"
    assert '<span lang="da">Antal deltagere i aktiviteten</span>' in english
    assert '<span lang="da">Integrationspolitik 2011-2014</span>' in english  # the banner


def test_a_kept_indicator_continues_its_series_across_policies(
    client: FlaskClient, switched: dict[str, Any]
) -> None:
    values = switched["later"].snapshot["values"]["A1-M1-I1"]
    assert [(v["period"], v["value"]) for v in values] == [
        ("2009-H2", "47"),
        ("2010-H1", "47.5"),
        ("2011-H1", "49"),
    ]
    assert [v["period"] for v in values if v["value"]] == ["2009-H2", "2010-H1", "2011-H1"]
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/reading/2011-H1/indicators/A1-M1-I1"))
    assert "2009-H2" in page or "2. halvår 2009" in page
    # The new policy's reading is on version 2, the old periods stay on version 1.
    assert "N-01" in text_of(client.get("/barometer/reading/2011-H1"))
    assert "N-01" not in text_of(client.get("/barometer/reading/2010-H1"))


def test_a_new_policys_first_draft_may_start_from_another_policys_version(
    client: FlaskClient, history: dict[str, Any]
) -> None:
    from barometer.models import Policy

    policy = catalogue_versions.create_policy(
        catalogue_data.PolicyData(
            "Integrationspolitik 2015-2018", "BR 1/14", date(2014, 6, 1), "2015-2018"
        ),
        actor=None,
        now=NOW,
    )
    from core.extensions import db

    db.session.commit()
    login(client, "sek@example.dk")
    index = text_of(client.get("/barometer/catalogue/"))
    assert f'name="draft-{policy.id}-based_on"' in index
    assert 'name="draft-1-based_on"' not in index  # policies with an approved version
    response = post(
        client,
        f"/barometer/catalogue/policies/{policy.id}/drafts",
        {f"draft-{policy.id}-label": "Første udkast", f"draft-{policy.id}-based_on": "2"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    fresh = db.session.get(Policy, policy.id)
    draft = fresh.versions[-1]
    assert draft.based_on.number == 2
    assert {i.code for a in draft.focus_areas for g in a.goals for i in g.indicators} == {
        "A1-M1-I1",
        "N-01",
    }
