"""A recommendation is saved through the workspace's own form, as a browser would send it:
every control the page renders (with its CSRF token), the values it shows, and the labels
and errors tied to the controls by id."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient

from core.extensions import db as _db
from hearing.queries.consolidation import groups_of
from tests.factories import commit
from tests.hearing.consolidation_factories import group_by, indicator_hearing
from tests.web import login


class _Form(HTMLParser):
    """The controls of the one form whose action contains ``action``, as a browser sends
    them (a checkbox only when ticked, a select's selected option or its first)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action_part = action
        self.action = ""
        self.inside = False
        self.data: dict[str, str] = {}
        self.ids: set[str] = set()
        self.labels: list[str] = []
        self.described: list[str] = []
        self._text: str | None = None
        self._select: str | None = None
        self._first = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and self.action_part in a.get("action", ""):
            self.inside, self.action = True, a["action"]
            return
        if not self.inside:
            return
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "label":
            self.labels.append(a["for"])
        self.described.extend(a.get("aria-describedby", "").split())
        if tag == "input" and (a.get("type") != "checkbox" or "checked" in a):
            self.data[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._text = a["name"]
            self.data[a["name"]] = ""
        elif tag == "select":
            self._select, self._first = a["name"], ""
        elif tag == "option" and self._select:
            if not self._first:
                self._first = a["value"] or "\0"
            if "selected" in a:
                self.data[self._select] = a["value"]

    def handle_data(self, data: str) -> None:
        if self._text:
            self.data[self._text] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._text:
            # A browser drops the newline that starts a text area's content.
            value = self.data[self._text]
            self.data[self._text] = value[2:] if value.startswith("\r\n") else value.lstrip("\n")
            self._text = None
        elif tag == "select" and self._select:
            if self._select not in self.data:
                self.data[self._select] = self._first.strip("\0")
            self._select = None


def _form(page: str, group_id: int) -> _Form:
    parser = _Form(f"/groups/{group_id}/recommendation")
    parser.feed(page)
    assert parser.action, "the group's form is not on the page"
    return parser


@pytest.fixture
def hearing(db: Any) -> Any:
    found = indicator_hearing()
    commit()
    return found


def test_a_recommendation_is_saved_through_the_pages_own_form(
    client: FlaskClient, hearing: Any
) -> None:
    login(client, "sek@example.dk")
    base = f"/hearings/{hearing.id}/consolidation"
    group = group_by(hearing, "ØU", "change_indicator", "A2-M1-I1")
    form = _form(client.get(base).get_data(as_text=True), group.id)
    prefix = f"g{group.id}-"
    assert form.data[f"{prefix}csrf_token"], "the form carries its CSRF token"
    assert set(form.data) <= {
        f"{prefix}{n}"
        for n in (
            "csrf_token",
            "revision",
            "outcome",
            "administration_comment",
            "reasoning",
            "confirm_rewrite",
            "changed_name_da",
            "changed_name_en",
            "changed_definition",
            "changed_kind",
            "changed_unit",
            "changed_decimals",
            "changed_direction",
            "changed_owner_code",
            "changed_data_source",
        )
    }
    assert f"{prefix}changed_owner_code" in form.data and f"{prefix}changed_unit" in form.data
    # Every label and described-by points at a control of the form.
    assert set(form.labels) <= form.ids and set(form.described) <= form.ids
    shown = dict(form.data)
    assert shown[f"{prefix}changed_unit"] and shown[f"{prefix}changed_owner_code"]  # prefilled

    # Refused (no reasoning): the problem stands beside its field, the typed values stay.
    typed = {**shown, f"{prefix}outcome": "accept_with_changes", f"{prefix}reasoning": ""}
    typed[f"{prefix}changed_name_da"] = "Antal personer & familier"
    refused = client.post(form.action.replace("&amp;", "&"), data=typed)
    assert refused.status_code == 400
    again = _form(refused.get_data(as_text=True), group.id)
    assert f"{prefix}reasoning-error" in again.ids and f"{prefix}reasoning-error" in again.described
    assert again.data[f"{prefix}changed_name_da"] == "Antal personer & familier"
    assert again.data[f"{prefix}outcome"] == "accept_with_changes"

    # Saved from what the page shows, with one change of the prefilled content.
    typed[f"{prefix}reasoning"] = "Forvaltningen er enig <med> ændringen."
    saved = client.post(form.action.replace("&amp;", "&"), data=typed)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    assert saved.location.endswith(f"#group-{group.id}")
    _db.session.expire_all()
    rec = next(g for g in groups_of(hearing) if g.id == group.id).recommendation
    assert rec is not None and rec.outcome == "accept_with_changes"
    assert rec.reasoning == "Forvaltningen er enig <med> ændringen."
    assert rec.changed_content is not None
    assert rec.changed_content["name_da"] == "Antal personer & familier"

    # The page shows what was saved, in the same controls, at the next revision.
    after = _form(client.get(base).get_data(as_text=True), group.id)
    assert after.data[f"{prefix}reasoning"] == "Forvaltningen er enig <med> ændringen."
    assert after.data[f"{prefix}revision"] == str(rec.revision)
    assert after.data[f"{prefix}changed_name_da"] == "Antal personer & familier"
    assert set(after.data) == set(form.data)
    for name in ("unit", "kind", "owner_code", "direction"):  # the prefilled selects kept
        key = f"{prefix}changed_{name}"
        assert after.data[key] == shown[key], name
