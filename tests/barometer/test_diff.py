"""The diff between versions: added, removed and changed rows at each level, by code."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from barometer import catalogue_data
from barometer.diff import diff_versions
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import catalogue_nodes as svc
from barometer.services import catalogue_versions
from tests.barometer.factories import NOW, goal, indicator, indicator_data, make_approved


def _criterion(code: str, text: str = "Mindst 50 %") -> dict[str, Any]:
    return {
        "code": code,
        "text": text,
        "target_value": "50",
        "target_period": "2010-H2",
        "decision_reference": None,
        "decision_date": None,
        "illustrative": False,
    }


def _indicator(code: str, name: str = "Beskæftigelse", **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name_da": name,
        "unit": "percent",
        "decimals": 1,
        "owner": "BIF",
        "owner_name_da": "BIF",
        "success_criteria": [],
        **extra,
    }


def _snapshot(number: int = 1) -> dict[str, Any]:
    return {
        "number": number,
        "focus_areas": [
            {
                "code": "BES",
                "name_da": "Beskæftigelse",
                "number": 1,
                "goals": [
                    {
                        "code": "BES-M1",
                        "text_da": "Flere i job",
                        "success_criteria": [_criterion("G-S1")],
                        "indicators": [
                            _indicator("BES-01", success_criteria=[_criterion("BES-01-S1")]),
                            _indicator("BES-02"),
                        ],
                    },
                    {
                        "code": "BES-M2",
                        "text_da": "Hurtigere selvforsørgelse",
                        "success_criteria": [],
                        "indicators": [],
                    },
                ],
            },
            {"code": "UDD", "name_da": "Uddannelse", "number": 2, "goals": []},
        ],
    }


def test_identical_versions_have_an_empty_diff() -> None:
    diff = diff_versions(_snapshot(1), _snapshot(2))
    assert diff.empty and diff.to_dict()["from"] == 1 and diff.to_dict()["to"] == 2


def test_added_removed_and_changed_at_every_level() -> None:
    old, new = _snapshot(1), _snapshot(2)
    areas = new["focus_areas"]
    areas[1]["name_da"] = "Uddannelse og skole"  # changed focus area
    areas.append({"code": "BOL", "name_da": "Bolig", "number": 3, "goals": []})  # added
    bes = areas[0]
    bes["goals"].pop()  # removed goal BES-M2
    bes["goals"][0]["text_da"] = "Flere i ordinær beskæftigelse"  # changed goal
    areas[1]["goals"].append(
        {
            "code": "UDD-M1",
            "text_da": "Dansk ved skolestart",
            "success_criteria": [],
            "indicators": [],
        }
    )
    inds = bes["goals"][0]["indicators"]
    inds[0]["decimals"] = 2  # changed indicator
    inds[0]["success_criteria"][0]["text"] = "Mindst 52 %"  # changed criterion
    inds.pop()  # removed indicator BES-02
    inds.append(_indicator("BES-03", "Aktivering"))  # added indicator
    bes["goals"][0]["success_criteria"] = []  # removed criterion G-S1
    inds[1]["success_criteria"].append(_criterion("BES-03-S1"))  # added criterion

    d = diff_versions(old, new).to_dict()
    assert [r["code"] for r in d["focus_areas"]["added"]] == ["BOL"]
    assert d["focus_areas"]["changed"] == [
        {
            "code": "UDD",
            "label": "Uddannelse og skole",
            "fields": {"name_da": {"old": "Uddannelse", "new": "Uddannelse og skole"}},
        }
    ]
    assert [r["code"] for r in d["goals"]["added"]] == ["UDD-M1"]
    assert [r["code"] for r in d["goals"]["removed"]] == ["BES-M2"]
    assert d["goals"]["changed"][0]["fields"] == {
        "text_da": {"old": "Flere i job", "new": "Flere i ordinær beskæftigelse"}
    }
    assert [r["code"] for r in d["indicators"]["added"]] == ["BES-03"]
    assert [r["code"] for r in d["indicators"]["removed"]] == ["BES-02"]
    assert d["indicators"]["changed"][0]["fields"] == {"decimals": {"old": 1, "new": 2}}
    assert [r["code"] for r in d["success_criteria"]["added"]] == ["BES-03-S1"]
    assert [r["code"] for r in d["success_criteria"]["removed"]] == ["G-S1"]
    assert d["success_criteria"]["changed"][0]["fields"] == {
        "text": {"old": "Mindst 50 %", "new": "Mindst 52 %"}
    }


def test_moving_a_row_shows_as_a_change_of_its_parent() -> None:
    old = _snapshot()
    new = copy.deepcopy(old)
    moved = new["focus_areas"][0]["goals"][0]["indicators"].pop()
    new["focus_areas"][0]["goals"][1]["indicators"].append(moved)
    d = diff_versions(old, new).to_dict()
    assert d["indicators"]["changed"] == [
        {
            "code": "BES-02",
            "label": "Beskæftigelse",
            "fields": {"goal": {"old": "BES-M1", "new": "BES-M2"}},
        }
    ]


def test_the_diff_of_two_stored_versions(db: Any) -> None:
    v1 = make_approved()
    v2 = catalogue_versions.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    svc.update_indicator(
        indicator(v2, "A1-M1-I2"),
        indicator_data("A1-M1-I2", baseline_value=Decimal("47.5")),
        actor=None,
        now=NOW,
    )
    svc.add_criterion(
        goal(v2, "A2-M1"), catalogue_data.CriterionData("Ny målsætning"), actor=None, now=NOW
    )
    d = diff_versions(
        version_snapshot(load_version_tree(v1.id)), version_snapshot(load_version_tree(v2.id))
    ).to_dict()
    assert d["indicators"]["changed"][0]["fields"] == {
        "baseline_value": {"old": "46", "new": "47.5"}
    }
    assert [r["label"] for r in d["success_criteria"]["added"]] == ["Ny målsætning"]
