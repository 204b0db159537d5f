"""The remaining texts users enter have an optional English version (issue 13): a policy's
name, a version's label, a focus area's description, an indicator's notes and limitations,
a value's note and source. Forms, spreadsheets, the API and frozen editions carry them;
English pages show them, or the Danish text marked "only in Danish" with lang="da"."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from barometer import catalogue_data as cd
from barometer.measurement_import import Entry
from barometer.models import CatalogueVersion, Measurement, Policy
from barometer.services import catalogue_nodes as nodes
from barometer.services import catalogue_versions as versions
from barometer.services import measurements as measurement_svc
from tests.barometer.edition_factories import make_draft, publish
from tests.barometer.factories import NOW, administration, indicator_data
from tests.barometer.reading_factories import make_period
from tests.barometer.test_editions_api import _validate
from tests.factories import make_secretariat
from tests.web import login, post, text_of

MARK = '(<span lang="da">kun på dansk</span> / only in Danish)'
D = Decimal


def build() -> CatalogueVersion:
    administration("BIF")
    policy = versions.create_policy(
        cd.PolicyData("Integrationspolitik 2007-2010", "BR 395/06", date(2006, 6, 14),
                      "2007-2010", name_en="Integration policy 2007-2010"),
        actor=None, now=NOW,
    )  # fmt: skip
    draft = versions.create_draft(policy, label="Koncept", label_en="Concept", actor=None, now=NOW)
    area = nodes.add_focus_area(
        draft,
        cd.FocusAreaData("A1", 1, "Beskæftigelse", "Employment", description="Flere i job",
                         description_en="More people in work"),
        actor=None, now=NOW,
    )  # fmt: skip
    goal = nodes.add_goal(area, cd.GoalData("A1-M1", "Flere i arbejde"), actor=None, now=NOW)
    nodes.add_indicator(
        goal,
        indicator_data("A1-M1-I1", notes="Tal fra januar", notes_en="January figures",
                       limitations="Kun registerdata", limitations_en="Register data only"),
        actor=None, now=NOW,
    )  # fmt: skip
    nodes.add_indicator(
        goal, indicator_data("A1-M1-I2", limitations="Kun stikprøve"), actor=None, now=NOW
    )
    return versions.approve_version(
        draft, decision_text="BIU 227/2006", decision_date=date(2006, 12, 14), actor=None, now=NOW
    )


def enter_values() -> None:
    from barometer.reading import catalogue_in_force

    period = make_period("2007-H1")
    catalogue = catalogue_in_force(period.period)
    assert catalogue is not None
    specs = catalogue.specs()
    entries = [
        Entry("A1-M1-I1", D("46.4"), note="Foreløbigt tal", note_en="Provisional figure",
              source="DST", source_en="Statistics Denmark"),
        Entry("A1-M1-I2", D("50.0"), note="Landstal"),
    ]  # fmt: skip
    measurement_svc.save_entries(period, entries, specs, actor=None, now=NOW)
    # A row of the entry table has no English fields: saving it keeps the English note.
    again = [Entry("A1-M1-I1", D("46.4"), note="Foreløbigt tal", source="DST", expected_version=1)]
    measurement_svc.save_entries(period, again, specs, actor=None, now=NOW)


def test_the_english_texts_are_stored_and_exported_and_imported(db: Any) -> None:
    from barometer.catalogue_sheet import export_xlsx
    from barometer.queries import load_version_tree, version_snapshot
    from barometer.services import catalogue_import

    version = build()
    enter_values()
    snapshot = version_snapshot(load_version_tree(version.id))
    assert snapshot["label_en"] == "Concept"
    assert snapshot["policy"]["name_en"] == "Integration policy 2007-2010"
    area = snapshot["focus_areas"][0]
    assert area["description_en"] == "More people in work"
    first = area["goals"][0]["indicators"][0]
    assert (first["notes_en"], first["limitations_en"]) == ("January figures", "Register data only")
    stored = db.session.scalar(select(Measurement).where(Measurement.indicator_code == "A1-M1-I1"))
    assert (stored.note_en, stored.source_en) == ("Provisional figure", "Statistics Denmark")
    # The spreadsheet carries the indicator's English notes and limitations both ways.
    data = export_xlsx(snapshot, "da", "Koncept")
    draft = versions.create_draft(version.policy, label="Version 2", actor=None, now=NOW)
    for ind in (first, area["goals"][0]["indicators"][1]):
        nodes.update_indicator(
            next(i for i in draft.focus_areas[0].goals[0].indicators if i.code == ind["code"]),
            indicator_data(ind["code"], limitations=ind["limitations"]),
            actor=None, now=NOW,
        )  # fmt: skip
    catalogue_import.import_file(draft, "v1.xlsx", data, actor=None, now=NOW)
    db.session.expire_all()
    again = version_snapshot(load_version_tree(draft.id))["focus_areas"][0]
    assert again["goals"][0]["indicators"][0]["notes_en"] == "January figures"
    assert again["goals"][0]["indicators"][0]["limitations_en"] == "Register data only"
    assert again["description_en"] == "More people in work"  # copied with the version


@pytest.fixture
def edition(db: Any, configured: Any) -> int:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    build()
    enter_values()
    published = publish(make_draft("2007-H1"))
    make_secretariat()
    db.session.commit()
    return int(published.id)


def test_the_edition_and_the_api_carry_the_english_texts(
    client: FlaskClient, db: Any, edition: int
) -> None:
    body = _validate(client, f"/editions/{edition}").json["edition"]
    assert body["catalogue"]["label_en"] == "Concept"
    assert body["catalogue"]["policy"]["name_en"] == "Integration policy 2007-2010"
    row = body["values"]["A1-M1-I1"][0]
    assert (row["note_en"], row["source_en"]) == ("Provisional figure", "Statistics Denmark")
    version = _validate(client, "/catalogue/versions/1").json
    assert version["label_en"] == "Concept"
    assert version["focus_areas"][0]["description_en"] == "More people in work"
    listed = _validate(client, "/catalogue/versions").json["versions"][0]
    assert (listed["label_en"], listed["policy_en"]) == ("Concept", "Integration policy 2007-2010")
    item = _validate(client, "/indicators/A1-M1-I1").json
    assert (item["notes_en"], item["limitations_en"]) == ("January figures", "Register data only")


def test_english_pages_show_the_english_texts_or_mark_the_danish_ones(
    client: FlaskClient, db: Any, edition: int
) -> None:
    english = text_of(client.get(f"/barometer/editions/{edition}/?lang=en"))
    assert "Integration policy 2007-2010" in english and "Concept" in english
    assert "More people in work" in english and "Flere i job" not in english
    danish = text_of(client.get(f"/barometer/editions/{edition}/"))
    assert "Integrationspolitik 2007-2010" in danish and "Flere i job" in danish
    first = text_of(client.get(f"/barometer/editions/{edition}/indicators/A1-M1-I1?lang=en"))
    assert "Register data only" in first and "Provisional figure" in first
    second = text_of(client.get(f"/barometer/editions/{edition}/indicators/A1-M1-I2?lang=en"))
    assert f'<span lang="da">Kun stikprøve</span> <span class="app-only-danish">{MARK}' in second
    assert f'<span lang="da">Landstal</span> <span class="app-only-danish">{MARK}' in second


def test_the_forms_take_the_english_texts(client: FlaskClient, db: Any) -> None:
    make_secretariat()
    db.session.commit()
    login(client, "sek@example.dk")
    response = post(client, "/barometer/catalogue/policies/new", {
        "name": "Integrationspolitik 2011-2014", "name_en": "Integration policy 2011-2014",
        "case_reference": "BR 1/10", "adopted_on": "2010-06-01", "period": "2011-2014",
    })  # fmt: skip
    assert response.status_code == 302, text_of(response)[:2000]
    policy = db.session.scalar(select(Policy))
    assert policy.name_en == "Integration policy 2011-2014"
    prefix = f"draft-{policy.id}-"
    response = post(client, f"/barometer/catalogue/policies/{policy.id}/drafts",
                    {prefix + "label": "Koncept", prefix + "label_en": "Concept"})  # fmt: skip
    assert response.status_code == 302, text_of(response)[:2000]
    draft = db.session.scalar(select(CatalogueVersion))
    assert (draft.label, draft.label_en) == ("Koncept", "Concept")


def test_the_value_form_and_the_measurement_file_take_the_english_note_and_source(
    client: FlaskClient, db: Any, edition: int
) -> None:
    from barometer.measurement_sheet import parse_file
    from barometer.period import Period

    login(client, "sek@example.dk")
    path = "/barometer/measurements/2007-H1/values/A1-M1-I2"
    assert 'name="note_en"' in text_of(client.get(path))
    form = {"lock_version": "1", "value": "50,0", "note": "Landstal", "note_en": "National figure",
            "source": "DST", "source_en": "Statistics Denmark"}  # fmt: skip
    response = post(client, path, form)
    assert response.status_code == 302, text_of(response)[:2000]
    stored = db.session.scalar(select(Measurement).where(Measurement.indicator_code == "A1-M1-I2"))
    assert (stored.note_en, stored.source_en) == ("National figure", "Statistics Denmark")
    header = "\ufeffPeriode;Indikatorkode;Værdi;Note;Note (engelsk);Kilde (engelsk)\r\n"
    data = (header + "2007-H1;A1-M1-I1;46,4;Foreløbigt;Provisional;Statistics Denmark\r\n").encode()
    parsed = parse_file("values.csv", data, Period.parse("2007-H1"))
    assert not parsed.problems
    assert (parsed.entries[0].note_en, parsed.entries[0].source_en) == (
        "Provisional", "Statistics Denmark",
    )  # fmt: skip


def _open_data(client: FlaskClient, edition: int, tmp_path: Path) -> Path:
    """The edition's open-data files written to a folder, as a user downloads them."""
    for name in ("data.csv", "data.json", "indicator-data.csv", "datapackage.json"):
        response = client.get(f"/barometer/editions/{edition}/{name}")
        assert response.status_code == 200, name
        (tmp_path / name).write_bytes(response.data)
    return tmp_path / "datapackage.json"


def test_the_open_data_csv_has_the_english_note_and_the_source(
    client: FlaskClient, db: Any, edition: int, tmp_path: Path
) -> None:
    package = _open_data(client, edition, tmp_path)
    text = (tmp_path / "data.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    first = next(r for r in rows if r["indicator_code"] == "A1-M1-I1")
    assert (first["note"], first["note_en"]) == ("Foreløbigt tal", "Provisional figure")
    assert (first["source"], first["source_en"]) == ("DST", "Statistics Denmark")
    second = next(r for r in rows if r["indicator_code"] == "A1-M1-I2")
    assert (second["note"], second["note_en"], second["source_en"]) == ("Landstal", "", "")
    fields = json.loads(package.read_text("utf-8"))["resources"][0]["schema"]["fields"]
    assert list(rows[0]) == [f["name"] for f in fields]


def test_the_open_data_package_passes_frictionless_validation(
    client: FlaskClient, db: Any, edition: int, tmp_path: Path
) -> None:
    from frictionless import validate

    report = validate(str(_open_data(client, edition, tmp_path)))
    assert report.valid, report.flatten(["type", "note", "message"])
