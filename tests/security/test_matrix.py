"""Every route of the app against the live app, on one world built for the module.

1. The authorisation matrix (``tests/security/matrix.py``): every route of ``app.url_map``
   must have a row, and every role must get the answer its row declares.
2. Malformed requests on every route: CSRF tokens missing, made up or another session's,
   invalid UTF-8, other methods, forms too large.
3. The hostile-text catalogue (``tests/security/hostile.py``), last because it writes
   hostile texts over the world: pages, PDFs and e-mails show them as text only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask, url_for
from openpyxl import load_workbook
from pypdf import PdfReader

from core.clock import utcnow
from hearing.demo.hearings import QUESTIONS
from tests.conftest import SmtpSink
from tests.security.hostile import (
    FREE_TEXT,
    NOT_FREE_TEXT,
    PAYLOADS,
    formula_cells,
    leaks,
    markup_interpreted,
    payload_for,
)
from tests.security.matrix import ROWS, Row
from tests.security.world import ROLES, World, build_world

IGNORED_METHODS = {"HEAD", "OPTIONS"}
REFUSALS = {"L", "401", "403", "404", "405"}


@pytest.fixture(scope="module")
def world(app: Flask) -> Iterator[World]:
    yield from build_world(app)


def routes(app: Flask) -> set[tuple[str, str]]:
    return {
        (method, str(rule.endpoint))
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - IGNORED_METHODS
    }


def url(world: World, row: Row) -> str:
    args: dict[str, Any] = {}
    for name, value in row.args.items():
        args[name] = value[1:] if value.startswith("=") else world.ids[value]
    with world.app.test_request_context():
        return url_for(row.endpoint, **args, **row.query)


def outcome(world: World, row: Row, role: str) -> tuple[str, str]:
    """The outcome as the matrix writes it, and the text of the answer."""
    if row.fresh:
        client, token = world.fresh_client(role)
    else:
        client, token = world.client(role), world.tokens[role]
    path = url(world, row)
    if row.method == "GET":
        answer = client.get(path)
    else:
        answer = client.open(
            path, method=row.method, data={"csrf_token": token, **(row.data or {})}
        )
    text = (
        answer.get_data(as_text=True)
        if answer.mimetype.startswith(("text/", "application/json"))
        else ""
    )
    if answer.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(answer.headers.get("Location", "")).path
        return ("L" if target == "/login" else "302"), text
    return str(answer.status_code), text


def check(world: World, row: Row) -> list[str]:
    """The cells of ``row`` that differ from the table; refusals are tried first, so that a
    role allowed to delete something does not take it away from the roles after it."""
    problems = []
    assert len(row.outcomes) == len(ROLES), f"{row.name}: {len(row.outcomes)} outcomes"
    actual = dict.fromkeys(ROLES, "")
    cells = sorted(zip(ROLES, row.outcomes, strict=True), key=lambda c: c[1] not in REFUSALS)
    for role, expected in cells:
        got, text = outcome(world, row, role)
        actual[role] = got
        if got != expected:
            problems.append(f"{role}: expected {expected}, got {got}")
        if got == "200":
            problems += [f"{role} sees {secret!r}" for secret in row.absent if secret in text]
    if problems:
        problems.append(f"actual: {' '.join(actual.values())!r}")
    return problems


def test_the_matrix_has_a_row_for_every_route_of_the_app(app: Flask) -> None:
    declared = {(row.method, row.endpoint) for row in ROWS}
    assert not routes(app) - declared, "routes without a row in the matrix"
    assert not declared - routes(app), "rows for routes the app does not have"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_matrix_cell(world: World, row: Row) -> None:
    problems = check(world, row)
    if row.fresh:  # "log out everywhere" ended the shared clients' sessions too
        world.log_in_again()
    assert not problems, problems


# -- malformed requests, on every route of the matrix --------------------------------------

POSTS = [row for row in ROWS if row.method == "POST" and not row.fresh]
GETS = [row for row in ROWS if row.method == "GET"]
OTHER_METHODS = ("PUT", "PATCH", "DELETE")
# One-click unsubscription (RFC 8058) is POSTed by mail programs without a CSRF token; the
# signed link is its proof (tests/core/test_subscriptions.py refuses a forged one).
CSRF_EXEMPT = {"subscriptions.unsubscribe"}
CSRF_REFUSAL = "Formularen var udløbet eller blev ikke sendt fra dette websted"


@pytest.mark.parametrize(
    "row", [row for row in POSTS if row.endpoint not in CSRF_EXEMPT], ids=lambda row: row.name
)
def test_a_post_without_or_with_a_forged_csrf_token_is_refused_and_changes_nothing(
    world: World, row: Row
) -> None:
    """As the secretariat and as an administrator (who may do most POSTs): a missing token,
    one made up, and the token of another user's session are all refused with 400."""
    from core.extensions import db
    from core.models import AuditEvent

    before = db.session.query(AuditEvent).count()
    for role, token in (
        ("secretariat", None),
        ("secretariat", "forged-" + "x" * 80),
        ("admin", world.tokens["member_a"]),
    ):
        data = {**(row.data or {}), **({"csrf_token": token} if token else {})}
        answer = world.client(role).post(url(world, row), data=data)
        assert answer.status_code == 400, (role, token, answer.status_code)
        assert CSRF_REFUSAL in answer.get_data(as_text=True), (role, token)
    db.session.expire_all()
    assert db.session.query(AuditEvent).count() == before


@pytest.mark.parametrize("row", GETS, ids=lambda row: row.name)
def test_invalid_utf8_in_the_query_never_gives_a_server_error(world: World, row: Row) -> None:
    for role in ("anonymous", "secretariat"):
        answer = world.client(role).get(url(world, row) + "?q=%FF%FE&from=%C3%28&period=%80")
        assert answer.status_code < 500, (role, answer.status_code)


@pytest.mark.parametrize("row", POSTS, ids=lambda row: row.name)
def test_invalid_utf8_in_a_form_never_gives_a_server_error(world: World, row: Row) -> None:
    body = f"csrf_token={world.tokens['secretariat']}&name=%FF%FE&text=%C3%28&title=\xff"
    answer = world.client("secretariat").post(
        url(world, row),
        data=body.encode("latin-1"),
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code < 500, answer.status_code


def test_a_wrong_method_is_answered_405_with_allow_on_every_route(world: World) -> None:
    seen: set[str] = set()
    for row in ROWS:
        path = url(world, row)
        if row.endpoint in seen:
            continue
        seen.add(row.endpoint)
        for method in OTHER_METHODS:
            answer = world.client("secretariat").open(path, method=method)
            assert answer.status_code == 405, (row.name, method, answer.status_code)
            assert answer.headers.get("Allow"), (row.name, method)


def test_a_form_beyond_the_size_limit_is_refused_with_413(world: World) -> None:
    limit = world.app.config["MAX_CONTENT_LENGTH"]
    for row in (r for r in POSTS if r.endpoint in ("hearing.new", "hearing.save_response")):
        answer = world.client("secretariat").post(
            url(world, row),
            data={"csrf_token": world.tokens["secretariat"], "title": "x" * (limit + 1)},
        )
        assert answer.status_code == 413, (row.name, answer.status_code)


def test_a_form_with_a_huge_number_of_fields_is_refused(world: World) -> None:
    fields = "&".join(f"f{i}=x" for i in range(20_000))
    answer = world.client("secretariat").post(
        "/hearings/new",
        data=f"csrf_token={world.tokens['secretariat']}&{fields}".encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code in (400, 413), answer.status_code


# -- hostile texts in every free-text field, through pages, PDFs and e-mails ----------------
# Last in the module: these tests write hostile texts over the world.

TEXT_ROLES = ("anonymous", "member_a", "member_b", "contact_x", "secretariat", "admin")


def _text_columns(app: Flask) -> dict[str, Any]:
    from sqlalchemy import JSON, String, Text

    from core.extensions import db

    with app.app_context():
        return {
            f"{table.name}.{column.name}": column
            for table in db.metadata.sorted_tables
            for column in table.columns
            if isinstance(column.type, String | Text) and not isinstance(column.type, JSON)
        }


def test_the_hostile_catalogue_places_every_text_column(app: Flask) -> None:
    free = {f"{t}.{c}" for t, columns in FREE_TEXT.items() for c in columns}
    other = {name for names in NOT_FREE_TEXT.values() for name in names}
    assert not free & other
    assert free | other == set(_text_columns(app)), "a text column is in neither list"


def _inject(world: World) -> int:
    """Write a payload into every free-text column of every row; the number of payloads."""
    if "hostile_payloads" in world.ids:
        return int(world.ids["hostile_payloads"])
    app = world.app
    from sqlalchemy import String, cast, delete, literal, update

    from core.extensions import db

    columns = _text_columns(app)
    placed = 0
    for index, (table_name, names) in enumerate(FREE_TEXT.items()):
        for offset, name in enumerate(names):
            column = columns[f"{table_name}.{name}"]
            length = getattr(column.type, "length", None)
            text = payload_for(index + offset, length)
            table = db.metadata.tables[table_name]
            if table_name == "audit_events":  # kept unchangeable by a trigger: add one
                db.session.execute(
                    table.insert().values(
                        occurred_at=utcnow(), actor_label="system", action="test.hostile",
                        object_type="Test", object_id="1", summary=text, changes={},
                    )
                )  # fmt: skip
            else:  # the row's id after it, for the columns that are unique
                key = next(iter(table.primary_key.columns))
                value = literal(text[: length - 8] if length else text) + " #" + cast(key, String)
                # Rows where the column holds something (a check ties some to other columns).
                filled = table.c[name].is_not(None) & (table.c[name] != "")
                db.session.execute(update(table).where(filled).values({name: value}))
            placed += len(PAYLOADS) if length is None else 1
    db.session.execute(delete(db.metadata.tables["public_renderings"]))
    db.session.commit()
    world.ids["hostile_payloads"] = placed
    return placed


def test_hostile_texts_in_every_free_text_field_are_only_ever_shown_as_text(
    world: World,
) -> None:
    placed = _inject(world)
    assert placed >= 300
    assert world.client("secretariat").get("/audit/").status_code == 200  # still logged in
    problems: list[str] = []
    spreadsheets = 0
    for row in GETS:
        for role in TEXT_ROLES:
            answer = world.client(role).get(url(world, row), headers={"Accept-Encoding": ""})
            if answer.status_code >= 500:
                problems.append(f"{row.name} as {role}: {answer.status_code}")
            elif answer.mimetype == "text/html":
                problems += [f"{row.name} as {role}: {p}" for p in leaks(answer.get_data(True))]
            elif answer.mimetype == "text/csv" and answer.status_code == 200:
                rows = csv.reader(io.StringIO(answer.get_data(as_text=True)), delimiter=";")
                cells = [cell for line in rows for cell in line]
                problems += [f"{row.name}: formula {c!r}" for c in formula_cells(cells)]
                spreadsheets += 1
            elif answer.mimetype.endswith("spreadsheetml.sheet") and answer.status_code == 200:
                book = load_workbook(io.BytesIO(answer.data))
                cells = [c for sheet in book for line in sheet.iter_rows() for c in line]
                problems += [
                    f"{row.name}: formula cell {c.coordinate}" for c in cells if c.data_type == "f"
                ]
                problems += [
                    f"{row.name}: formula {c!r}" for c in formula_cells([c.value for c in cells])
                ]
                spreadsheets += 1
            elif answer.mimetype == "application/pdf" and answer.status_code == 200:
                text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.data)).pages)
                if markup_interpreted(text):
                    problems.append(f"{row.name} as {role}: markup interpreted in the PDF")
                break  # one role per PDF: they are the same file
    assert spreadsheets >= 3  # the catalogue's XLSX and the measurement templates
    assert not problems, problems


def test_hostile_texts_reach_e_mails_escaped(world: World, smtp_sink: SmtpSink) -> None:
    """An invitation to a new hearing whose texts, and the names of the bodies on its list,
    are hostile (a hearing of its own: the matrix may have issued the world's draft one)."""
    from core.extensions import db
    from core.mail import send_due_emails
    from hearing.models import Hearing
    from hearing.services import hearings, transitions
    from tests.barometer.factories import make_draft_with_content, make_policy

    _inject(world)
    send_due_emails(utcnow())  # what the world queued before
    smtp_sink.envelopes.clear()
    template = db.session.get(Hearing, world.ids["draft_hearing"])
    assert template is not None
    version = make_draft_with_content(make_policy("Politik til e-mail"), areas=1)
    hostile = " ".join(PAYLOADS)
    data = hearings.HearingData(
        reference="BIU 97/2026", title=hostile[:300], issuing_body_id=template.issuing_body_id,
        version_id=version.id, reply_body_id=template.reply_body_id,
        signatory_id=template.signatory_id, signatory_title=PAYLOADS[3],
        deadline=template.deadline, letter_text=hostile, contact_name=PAYLOADS[1],
        contact_email="sek@example.dk", is_public=True,
        questions=(hearings.QuestionData(hostile, QUESTIONS[0].kind),),
    )  # fmt: skip
    hearing = hearings.create_hearing(data, actor=None, now=utcnow())
    hearings.set_hearing_list(hearing, [world.ids["body_a"]], actor=None, now=utcnow())
    transitions.issue_hearing(hearing, actor=None, now=utcnow(), notify=True)
    db.session.commit()
    send_due_emails(utcnow())
    messages = smtp_sink.messages()
    assert messages
    for message in messages:
        html = message.get_body(("html",)).get_content()
        plain = message.get_body(("plain",)).get_content()
        assert not leaks(html), leaks(html)
        assert "alert(" in plain  # the texts are there, as text
        assert "\n" not in str(message["Subject"])
