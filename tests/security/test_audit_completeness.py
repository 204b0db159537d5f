"""Every service that changes state writes an audit entry.

The service modules (``core/services``, ``barometer/services``, ``hearing/services``) are
read (``tests/security/service_calls.py``): a public function changes state when it, or a
service function it calls, adds, deletes or flushes rows, runs an UPDATE/DELETE/INSERT, or
sets an attribute or changes a collection of an object it was given; it audits when it, or
a service function it calls, calls ``core.audit.record``. Each public function that changes
state must audit, or be declared below with the reason it need not. The declarations are
checked against the code too, so none can go stale.
"""

from __future__ import annotations

import ast
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

import config
from core.models import AuditEvent
from hearing.services.notifications import send_reminders
from tests.factories import commit
from tests.hearing.consolidation_factories import consolidating_hearing
from tests.hearing.factories import DEADLINE, make_issued
from tests.security.service_calls import closure, read_services
from tests.web import login, post

# Steps of an audited service: they change state only as part of a change whose own
# service writes the entry, and no view or command calls them on their own (checked below,
# except where the reason names the caller).
STEPS = {
    "core.services.sessions.open_session": "log-in: accounts.authenticate writes user.logged_in",
    "hearing.services.consolidation.mark_derived": "marks a group while start_consolidation, "
    "merge_groups or split_group (each audited) change it",
    "hearing.services.frozen_versions.freeze": "the frozen version of submit_response, "
    "register_response and withdraw_response (response.submitted/registered/withdrawn)",
    "hearing.services.frozen_versions.receipt_code_for": "part of freeze",
    "hearing.services.note_versions.request_note": "queues a rendering of the note after an "
    "audited change; the secretariat's own request is regenerate_note (hearing.note_requested)",
    "hearing.services.response_drafts.ensure_response": "the response row of a body's first "
    "save, called by the response views right before save_draft, add_proposal or "
    "add_attachment (each audited)",
    "hearing.services.response_guard.lock": "the row lock a submission takes",
    "hearing.services.lifecycle.lock_hearing": "the row lock move_hearing takes before an "
    "audited change of state, so two secretaries never decide one hearing twice",
    "hearing.services.response_guard.begin_change": "the lock and deadline check of every "
    "audited change of a draft",
    "hearing.services.response_guard.touch": "the draft's counter, set by every audited change",
    "core.services.privacy.scrub_audit": "removes erased values from the audit log, part of "
    "erase_user (user.erased) and purge_hearing (hearing.personal_data_purged)",
    "core.services.privacy.erase_outbox": "blanks e-mails, part of erase_user (user.erased) "
    "and purge_hearing (hearing.personal_data_purged)",
    "hearing.services.retention.erase_contact": "registered with user_privacy.register_eraser: "
    "part of erase_user (user.erased)",
    "core.services.subscription_retention.forget_address": "blanks the outbox copies of a "
    "subscriber's mail, part of unsubscribe (subscription.ended)",
    "core.services.subscription_retention.purge_subscription_mail": "a step of `privacy "
    "purge` that blanks the address of outbox copies past their retention; an outbox copy is "
    "not an audited object, and the command prints the count",
}
# Renderings of content that is frozen and audited already: the report PDFs and open-data
# files of an edition, made by jobs from the published snapshot (edition.published).
DERIVED = {
    "barometer.services.editions.store_file": "stores a rendering of a published edition",
    "barometer.services.editions.render_report": "renders a published edition's report",
    "barometer.services.editions.render_documents_job": "the job that renders the reports",
    "barometer.services.editions.report_work": "the job record's work: renders the reports",
    "barometer.services.edition_jobs.open_data_work": "the job record's work: stores the "
    "open-data files made from a published edition's snapshot",
    "hearing.services.note_parts.render": "renders the parts of a note version whose request "
    "is audited (hearing.note_requested); it records each part's time on the job record",
}
# Functions the reading counts as changing state although they write nothing: they fill in
# a plan object (``Plan.problems.append``) that the caller owns.
READS_ONLY = {
    "barometer.services.catalogue_import.plan_import": "checks rows into a Plan",
    "barometer.services.catalogue_import_dimensions.plan_dimensions": "checks the sheet of "
    "breakdown dimensions into a list of problems the caller owns",
    "barometer.services.edition_jobs.check_catalogue_file": "checks a large file's rows into a "
    "Plan before its import job starts",
}
# Documented (docs/security.md): `flask restore` replaces the whole database, the audit log
# included, with the backup's; an entry written before would be overwritten.
DOCUMENTED_EXCEPTIONS = {"core.backup.restore_backup"}
CALLERS = ("views", "cli.py", "demo")


def _unaudited() -> dict[str, list[str]]:
    functions = read_services()
    return {
        key: fn.writes
        for key, fn in functions.items()
        if fn.public and closure(functions, key, "writes") and not closure(functions, key, "audits")
    }


def test_every_service_that_changes_state_writes_an_audit_entry() -> None:
    declared = STEPS.keys() | DERIVED.keys() | READS_ONLY.keys()
    missing = {k: v for k, v in _unaudited().items() if k not in declared}
    assert not missing, f"services that change state without an audit entry: {missing}"


def test_the_declared_exceptions_are_still_true() -> None:
    functions = read_services()
    unaudited = _unaudited()
    for key in (*STEPS, *DERIVED, *READS_ONLY):
        assert key in functions, f"{key} is declared but does not exist"
        assert key in unaudited, f"{key} audits now (or writes nothing): drop its declaration"
    module, name = next(iter(DOCUMENTED_EXCEPTIONS)).rsplit(".", 1)
    source = (config.BASE_DIR / module.replace(".", "/")).with_suffix(".py").read_text()
    assert any(isinstance(n, ast.FunctionDef) and n.name == name for n in ast.parse(source).body)


def test_no_view_or_command_calls_a_step_on_its_own() -> None:
    """A step is called by services (and the response views' ``ensure_response``, which
    always goes on to an audited save, as the demo's responses do; log-in's ``open_session``
    from ``core.auth``)."""
    allowed = {
        "ensure_response": {"response_common.py", "responses.py"},
        "open_session": {"auth.py"},
    }
    offenders = []
    for package in ("core", "barometer", "hearing"):
        for path in (config.BASE_DIR / package).rglob("*.py"):
            relative = path.relative_to(config.BASE_DIR / package).as_posix()
            if not relative.startswith(CALLERS):
                continue
            text = path.read_text(encoding="utf-8")
            for key in STEPS:
                name = key.rsplit(".", 1)[1]
                if f"{name}(" in text and path.name not in allowed.get(name, set()):
                    offenders.append(f"{package}/{relative} calls {name}")
    assert not offenders, offenders


def _entries(action: str) -> list[AuditEvent]:
    from core.extensions import db

    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_reminder_writes_an_audit_entry_per_body(db: Any) -> None:
    make_issued(codes=("BUU", "KFU"))
    commit()
    assert send_reminders(DEADLINE - timedelta(days=1)) == 2
    entries = _entries("hearing.reminder_sent")
    assert len(entries) == 2
    assert all(e.actor_id is None for e in entries)
    assert {"BUU", "KFU"} == {e.summary.rsplit(" ", 1)[-1] for e in entries}


def test_asking_for_the_note_again_writes_an_audit_entry(client: FlaskClient, db: Any) -> None:
    hearing = consolidating_hearing()
    commit()
    login(client, "sek@example.dk")
    answer = post(client, f"/hearings/{hearing.id}/note/render")
    assert answer.status_code == 302
    (entry,) = _entries("hearing.note_requested")
    assert entry.object_id == str(hearing.id)


def test_each_correction_of_a_hearings_course_writes_one_audit_entry(
    client: FlaskClient, db: Any
) -> None:
    """Shorten, reopen, cancel and delete, through their pages: one entry each, by the
    secretariat, naming the hearing."""
    from tests.hearing.factories import FUTURE, make_hearing
    from tests.hearing.response_factories import open_hearing

    shortened = open_hearing(deadline=FUTURE, reference="BIU 1/2099")
    closed = open_hearing(reference="BIU 2/2007")  # its deadline has passed
    cancelled = open_hearing(deadline=FUTURE, reference="BIU 3/2099")
    draft_id = make_hearing(reference="BIU 4/2099").id
    commit()
    login(client, "sek@example.dk")
    base = "/hearings"
    steps = [
        (f"{base}/{shortened.id}/shorten", {"until_date": "2099-01-15", "reason": "Møde"}),
        (f"{base}/{closed.id}/reopen", {"until_date": "2099-01-15", "reason": "Tabt svar"}),
        (f"{base}/{cancelled.id}/cancel", {"reason": "Trukket", "confirm": "y"}),
        (f"{base}/{draft_id}/cancel", {}),
    ]
    for url, data in steps:
        assert post(client, url, data).status_code == 302, url
    for action, hearing_id in (
        ("hearing.deadline_shortened", shortened.id),
        ("hearing.reopened", closed.id),
        ("hearing.cancelled", cancelled.id),
        ("hearing.deleted", draft_id),
    ):
        (entry,) = _entries(action)
        assert entry.object_id == str(hearing_id) and entry.actor_id is not None


def test_sending_the_note_and_decision_writes_an_audit_entry(client: FlaskClient, db: Any) -> None:
    from hearing.services.decision import record_decision
    from tests.hearing.consolidation_factories import LATER
    from tests.hearing.factories import secretariat
    from tests.hearing.test_decision_services import _data, _prepared

    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    login(client, "sek@example.dk")
    assert post(client, f"/hearings/{hearing.id}/send-to-parties").status_code == 302
    (entry,) = _entries("hearing.parties_notified")
    assert entry.object_id == str(hearing.id) and entry.actor_id == secretariat().id
