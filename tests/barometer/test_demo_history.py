"""The demo tells one history from 2007 to 2011 over two policies, each edition on the
version in force for its period, approval dates from the decisions."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from barometer.models import Assessment, CatalogueVersion, Edition, Indicator, Policy
from barometer.period import Period
from barometer.queries_in_force import in_force_info
from core.clock import utcnow
from core.demo import load_demo


def _codes(version: CatalogueVersion, db: Any) -> set[str]:
    return set(db.session.scalars(select(Indicator.code).where(Indicator.version_id == version.id)))


def test_the_demo_history_spans_two_policies_each_period_on_its_version(
    db: Any, client: FlaskClient
) -> None:
    load_demo(utcnow())
    db.session.commit()
    policies = [p.period for p in db.session.scalars(select(Policy).order_by(Policy.id))]
    assert policies == ["2007-2010", "2011-2014"]
    versions = {v.number: v for v in db.session.scalars(select(CatalogueVersion))}
    # Approval dates come from the decisions, not from when the demo was loaded.
    for number, decided in ((1, date(2006, 12, 14)), (2, date(2007, 4, 18))):
        assert versions[number].decision_date == decided
        assert versions[number].approved_at.date() == decided, number
    assert versions[1].superseded_at.date() == date(2007, 4, 18)
    successor = next(v for v in versions.values() if v.policy.period == "2011-2014")
    assert successor.number == 4 and versions[3].status == "draft"  # the open hearing's draft
    assert successor.approved_at.date() == successor.decision_date == date(2011, 3, 16)
    old, new = _codes(versions[2], db), _codes(successor, db)
    assert old - new == {"BES-05", "UDD-02", "REF-01"}
    assert new - old == {"BES-06", "UDD-06", "KUL-05"}

    editions = {e.period_code: e for e in db.session.scalars(select(Edition))}
    assert sorted(editions) == [f"{y}-H{h}" for y in range(2007, 2012) for h in (1, 2)]
    for code, edition in editions.items():
        found = in_force_info(Period.parse(code))
        assert found is not None and edition.catalogue_version.number == found.number, code
        assert edition.is_published
    assert editions["2007-H1"].catalogue_version.number == 1
    assert in_force_info(Period(2007, 1)).is_override  # type: ignore[union-attr]
    assert {editions[c].catalogue_version.number for c in ("2007-H2", "2010-H2")} == {2}
    assert editions["2011-H1"].catalogue_version.number == 4

    # Kept indicators continue their series into the new policy; new ones start in 2011.
    values = editions["2011-H2"].snapshot["values"]
    assert [v["period"] for v in values["BES-01"]][:2] == ["2007-H1", "2007-H2"]
    assert all(v["value"] is not None for v in values["BES-01"])
    assert [v["period"] for v in values["BES-06"] if v["value"]] == ["2011-H1", "2011-H2"]
    # The benchmark left the catalogue with its policy: its figures go on as BES-01's series.
    assert "REF-01" not in values and "REF-01" in editions["2010-H2"].snapshot["values"]
    national = editions["2011-H2"].snapshot["comparisons"]["BES-01"][0]["values"]
    assert national[-1]["period"] == "2011-H2"

    page = client.get(f"/barometer/editions/{editions['2011-H1'].id}/").get_data(as_text=True)
    words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Kataloget er ændret: 3 indikatorer tilføjet, 3 udgået." in words
    assert "Integrationspolitik 2011-2014" in words

    # The assessments say what the reading beside them says.
    for edition in db.session.scalars(
        select(Edition).where(Edition.period_code.in_(["2009-H2", "2011-H2"]))
    ):
        snapshot = edition.snapshot
        areas = snapshot["reading"]["focus_areas"]
        for code, assessment in snapshot["assessments"].items():
            rollup = areas[code]["all"]
            if rollup["assessable"]:
                assert f"gik {rollup['green']} af " in assessment["text"], code
            assert "Illustrativ demotekst" in assessment["text"]
    assert db.session.scalar(select(Assessment.id).limit(1)) is not None
