"""A refused form keeps what was typed, shows each problem beside its field with a summary
at the top linking to the fields, and reports every problem of one submit at once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.factories import commit
from tests.hearing.consolidation_factories import group_by, indicator_hearing
from tests.web import login, post, text_of

NEW_INDICATOR = {
    "changed_code": "A2-M1-I1",  # already used in the version: the catalogue refuses it
    "changed_name_da": "Andel med en uddannelse",
    "changed_name_en": "Share with an education",
    "changed_definition": "Andel af de 30-årige med en uddannelse.",
    "changed_kind": "effect",
    "changed_unit": "percent",
    "changed_decimals": "2",
    "changed_direction": "1",
    "changed_owner_code": "BIF",
    "changed_data_source": "UNI-C",
}


@pytest.fixture
def hearing(db: Any) -> Any:
    found = indicator_hearing()
    commit()
    return found


def _value(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    if found:
        return found.group(1)
    area = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S)
    if area:
        return area.group(1).strip()
    select_ = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert select_, name
    chosen = re.search(r'<option selected value="([^"]*)"', select_.group(1))
    return chosen.group(1) if chosen else ""


def test_a_refused_recommendation_keeps_what_was_typed_and_names_the_field(
    client: FlaskClient, hearing: Any
) -> None:
    login(client, "sek@example.dk")
    group = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    typed = NEW_INDICATOR | {
        "outcome": "accept_with_changes",
        "administration_comment": "Forvaltningen foreslår en ny indikator.",
        "reasoning": "Målet mangler en indikator for uddannelse.",
        "revision": "0",
    }
    response = post(
        client,
        f"/hearings/{hearing.id}/consolidation/groups/{group.id}/recommendation",
        {f"g{group.id}-{k}": v for k, v in typed.items()},
    )
    assert response.status_code == 400
    page = text_of(response)
    for name, value in typed.items():
        if name != "revision":
            assert _value(page, f"g{group.id}-{name}") == value, name
    # the error stands beside the code field, and a summary in the group links to it
    field_error = re.search(rf'id="g{group.id}-changed_code-error">(.*?)</span>\s*</?', page, re.S)
    assert field_error and "A2-M1-I1" in field_error.group(1)
    section = page[page.index(f'id="group-{group.id}"') :]
    section = section[: section.index("</section>")]
    assert f'href="#g{group.id}-changed_code"' in section
    # the browser comes back to the group, not to the top of the page
    assert f'recommendation#group-{group.id}"' in section
