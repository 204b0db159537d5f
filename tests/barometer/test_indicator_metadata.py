"""An indicator's metadata (frequency, data breaks, limitations, contact, last updated):
stored on the catalogue's indicator, copied into a new version, edited in the form and the
spreadsheet, and shown on the staff indicator page and in the API."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from barometer.catalogue_sheet import export_xlsx
from barometer.errors import CatalogueInvalid
from barometer.models import CatalogueVersion
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import catalogue_import as ie
from barometer.services import catalogue_nodes
from barometer.services import catalogue_versions as svc
from tests.barometer.factories import NOW, indicator, indicator_data, make_approved
from tests.barometer.test_catalogue_views import _draft_with_client, _indicator_form
from tests.web import post, text_of

METADATA = {
    "frequency": "annual",
    "measured_half": 2,
    "data_breaks": "2008-H2: Ny opgørelse i Danmarks Statistik",
    "limitations": "Spørgeskema; usikkerhed på +/- 2 procentpoint.",
    "contact": "Analyseenheden, BIF",
    "last_updated": date(2009, 11, 2),
}


def _snapshot(version: CatalogueVersion) -> dict[str, Any]:
    return version_snapshot(load_version_tree(version.id))


def _draft() -> CatalogueVersion:
    v1 = make_approved()
    return svc.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)


def _snapshot_indicator(version: CatalogueVersion, code: str) -> dict[str, Any]:
    snap = _snapshot(version)
    return next(
        i
        for a in snap["focus_areas"]
        for g in a["goals"]
        for i in g["indicators"]
        if i["code"] == code
    )


def test_metadata_is_stored_and_copied_into_the_next_version(db: Any) -> None:
    draft = _draft()
    ind = indicator(draft, "A1-M1-I2")
    data = replace(indicator_data("A1-M1-I2"), **METADATA)
    catalogue_nodes.update_indicator(ind, data, actor=None, now=NOW)
    row = _snapshot_indicator(draft, "A1-M1-I2")
    assert {k: row[k] for k in METADATA} == METADATA | {"last_updated": "2009-11-02"}
    svc.approve_version(draft, decision_text="BIU 1/2008", decision_date=date(2008, 1, 10),
                        actor=None, now=NOW)  # fmt: skip
    v3 = svc.create_draft(draft.policy, label="Version 3", actor=None, now=NOW)
    assert _snapshot_indicator(v3, "A1-M1-I2")["data_breaks"] == METADATA["data_breaks"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"frequency": "annual"}, "measured_half"),
        ({"frequency": "half_yearly", "measured_half": 1}, "measured_half"),
        ({"frequency": "weekly"}, "frequency"),
        ({"data_breaks": "in 2008 something changed"}, "data_breaks"),
    ],
)
def test_bad_metadata_is_refused(db: Any, changes: dict[str, Any], field: str) -> None:
    draft = _draft()
    data = replace(indicator_data("A1-M1-I2"), **changes)
    with pytest.raises(CatalogueInvalid) as refused:
        catalogue_nodes.update_indicator(indicator(draft, "A1-M1-I2"), data, actor=None, now=NOW)
    assert field in {p.field for p in refused.value.problems}


def test_metadata_goes_through_the_spreadsheet_and_back(db: Any) -> None:
    draft = _draft()
    data = replace(indicator_data("A1-M1-I2"), **METADATA)
    catalogue_nodes.update_indicator(indicator(draft, "A1-M1-I2"), data, actor=None, now=NOW)
    exported = export_xlsx(_snapshot(draft), "da", "Version 2")
    headers = [c.value for c in load_workbook(io.BytesIO(exported)).active[1]]
    assert {"Hyppighed", "Måles i halvår", "Databrud", "Begrænsninger", "Kontakt"} <= set(headers)
    plain = indicator_data("A1-M1-I2")  # the metadata cleared before the file is read back
    catalogue_nodes.update_indicator(indicator(draft, "A1-M1-I2"), plain, actor=None, now=NOW)
    ie.import_file(draft, "katalog.xlsx", exported, actor=None, now=NOW)
    db.session.expire_all()
    row = _snapshot_indicator(draft, "A1-M1-I2")
    assert {k: row[k] for k in METADATA} == METADATA | {"last_updated": "2009-11-02"}


def test_the_staff_form_edits_the_metadata(client: FlaskClient, db: Any) -> None:
    draft = _draft_with_client(client, db)
    ind = indicator(draft, "A1-M1-I2")
    form = _indicator_form(
        ind,
        cycle="annual-2",
        data_breaks="2008-H2: Ny opgørelse i Danmarks Statistik",
        limitations="Spørgeskema",
        contact="Analyseenheden, BIF",
        last_updated="2009-11-02",
    )
    assert post(client, f"/barometer/catalogue/indicators/{ind.id}/edit", form).status_code == 302
    db.session.expire_all()
    row = _snapshot_indicator(draft, "A1-M1-I2")
    assert (row["frequency"], row["measured_half"], row["contact"]) == (
        "annual",
        2,
        "Analyseenheden, BIF",
    )
    page = text_of(client.get(f"/barometer/catalogue/indicators/{ind.id}/edit"))
    assert re.search(r'<option selected value="annual-2">|<option value="annual-2" selected', page)


def test_a_bad_data_break_in_the_form_is_refused_and_kept(client: FlaskClient, db: Any) -> None:
    draft = _draft_with_client(client, db)
    ind = indicator(draft, "A1-M1-I2")
    before = _snapshot(draft)
    form = _indicator_form(ind, data_breaks="I 2008 skiftede kilden")
    response = post(client, f"/barometer/catalogue/indicators/{ind.id}/edit", form)
    page = text_of(response)
    assert response.status_code == 400
    assert "Linje 1: skriv ét databrud pr. linje som" in page
    assert "I 2008 skiftede kilden" in page
    db.session.expire_all()
    assert _snapshot(draft) == before
