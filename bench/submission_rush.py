"""Time the deadline rush: ``--bodies`` bodies submitting their responses at the same moment.

    .venv/bin/python -m bench.submission_rush [--bodies 20] [--rounds 3] [--jobs inline|rq]

Builds, in a throwaway SQLite database, an open hearing with ``--bodies`` committees, each
with one member and a saved draft, and an SMTP sink on 127.0.0.1 that takes the receipts
(mail is sent after the commit, as in production). Per round, every member's client (one
thread each, logged in and on the confirmation page beforehand) posts "submit" at once,
released by a barrier; the round's time runs from the release until the last answer. The
answers' status codes and the receipts that reached the sink are kept. With ``--jobs rq``
the jobs go to the Redis on 127.0.0.1:6379 (database 14, emptied) and are not run. Writes
bench/results/submission_rush.json (one entry per job mode) and prints a short table.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import socket
import statistics
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results" / "submission_rush.json"
PASSWORD = "correct-horse-battery"  # noqa: S105 - throwaway bench users
REDIS_URL = "redis://127.0.0.1:6379/14"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_EDIT_VERSION = re.compile(r'name="edit_version"[^>]*value="([^"]*)"')


def build_hearing(bodies: int, now: datetime) -> tuple[int, list[tuple[int, str]]]:
    """An open hearing with `bodies` committees, one member each and a saved draft; the
    hearing id and (body id, member e-mail) of each body."""
    from barometer.models import Goal
    from bench.synthetic import build_catalogue
    from core.extensions import db
    from core.models import BodyKind, Role
    from core.services import accounts
    from hearing import workflow
    from hearing.services import hearings as hearing_services
    from hearing.services import response_drafts, transitions
    from hearing.services.hearings import HearingData, QuestionData

    version = build_catalogue(areas=2, goals=4, indicators=8)
    goal = db.session.query(Goal).filter(Goal.version_id == version.id).first()
    assert goal is not None
    secretariat_body = accounts.create_body(
        accounts.BodyData("LS", BodyKind.SECRETARIAT, "Sekretariatet", "Secretariat"),
        actor=None,
        now=now,
    )
    secretariat = accounts.create_user(
        accounts.UserData(
            "sek@example.dk", "Sekretær", "da", True, (accounts.RoleData(Role.SECRETARIAT, None),)
        ),
        PASSWORD,
        actor=None,
        now=now,
    )
    members: list[tuple[int, str]] = []
    for n in range(bodies):
        body = accounts.create_body(
            accounts.BodyData(f"R{n:02d}", BodyKind.COMMITTEE, f"Udvalg {n}", f"Committee {n}"),
            actor=None,
            now=now,
        )
        email = f"r{n:02d}@example.dk"
        accounts.create_user(
            accounts.UserData(
                email, f"Medlem {n}", "da", True, (accounts.RoleData(Role.MEMBER, body.id),)
            ),
            PASSWORD,
            actor=None,
            now=now,
        )
        members.append((body.id, email))
    hearing = hearing_services.create_hearing(
        HearingData(
            reference="RUSH 1/2007",
            title="Høring i fristens sidste minut",
            issuing_body_id=secretariat_body.id,
            version_id=version.id,
            reply_body_id=secretariat_body.id,
            signatory_id=secretariat.id,
            signatory_title="Kontorchef",
            deadline=workflow.deadline_from_local(now.date() + timedelta(days=30)),
            letter_text="Syntetisk høringsbrev.",
            contact_name="Sekretær",
            contact_email="sek@example.dk",
            is_public=True,
            questions=(QuestionData("Dækker indikatorerne målene?", "coverage"),),
        ),
        actor=secretariat,
        now=now,
    )
    hearing_services.set_hearing_list(
        hearing, [body_id for body_id, _ in members], actor=secretariat, now=now
    )
    transitions.issue_hearing(hearing, actor=secretariat, now=now, notify=False)
    for consultee in hearing.consultees:
        response = response_drafts.ensure_response(consultee, now=now)
        response_drafts.save_draft(
            response,
            response_drafts.DraftData(
                general_remarks="Syntetisk svar.",
                assessments=(response_drafts.AssessmentData(goal.code, "covers", "Dækket."),),
            ),
            actor=None,
            now=now,
            expected_version=response.edit_version,
        )
    db.session.commit()
    return hearing.id, members


def _ready_client(
    app: Any, hearing_id: int, body_id: int, email: str
) -> tuple[Any, str, dict[str, str]]:
    """A logged-in client on the confirmation page: the client, the URL and the form."""
    client = app.test_client()
    token = _CSRF.search(client.get("/login").get_data(as_text=True))
    assert token is not None
    login = client.post(
        "/login", data={"csrf_token": token.group(1), "email": email, "password": PASSWORD}
    )
    assert login.status_code == 302, login.status_code
    url = f"/hearings/{hearing_id}/bodies/{body_id}/response/submit"
    page = client.get(url).get_data(as_text=True)
    token, edit = _CSRF.search(page), _EDIT_VERSION.search(page)
    assert token is not None and edit is not None, url
    return client, url, {"csrf_token": token.group(1), "edit_version": html.unescape(edit.group(1))}


def _rush(ready: list[tuple[Any, str, dict[str, str]]]) -> tuple[float, list[str]]:
    """Release every submission at once; the time until the last answer and the answers."""
    barrier = threading.Barrier(len(ready) + 1)
    answers: list[str] = [""] * len(ready)

    def submit(index: int) -> None:
        client, url, data = ready[index]
        barrier.wait()
        try:
            answers[index] = str(client.post(url, data=data).status_code)
        except Exception as exc:  # what a server would answer with a 500
            answers[index] = f"500 ({type(exc).__name__})"

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(ready))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, answers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Sink:
    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self._lock:
            self.count += 1
        return "250 Message accepted for delivery"


def one_round(bodies: int, jobs: str) -> dict[str, Any]:
    from aiosmtpd.controller import Controller
    from flask_migrate import upgrade

    from app import create_app
    from config import TestingConfig
    from core.extensions import db

    sink = _Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=_free_port(), enable_SMTPUTF8=True)
    smtp.start()
    extra: dict[str, Any] = {"JOBS_MODE": jobs}
    if jobs == "rq":
        from redis import Redis

        Redis.from_url(REDIS_URL).flushdb()
        extra["REDIS_URL"] = REDIS_URL
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app(
                TestingConfig,
                SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.sqlite3",
                UPLOAD_FOLDER=f"{tmp}/uploads",
                STORAGE_DIR=f"{tmp}/storage",
                MAIL_SERVER="127.0.0.1",
                MAIL_PORT=smtp.port,
                MAIL_SEND_AFTER_COMMIT=True,
                **extra,
            )
            with app.app_context():
                upgrade()
                hearing_id, members = build_hearing(bodies, datetime.now(UTC))
            ready = [_ready_client(app, hearing_id, body_id, email) for body_id, email in members]
            seconds, answers = _rush(ready)
            with app.app_context():
                db.engine.dispose()
    finally:
        smtp.stop()
    return {"seconds": seconds, "answers": dict(Counter(answers)), "receipts_mailed": sink.count}


def run(bodies: int, rounds: int, jobs: str) -> dict[str, Any]:
    results = [one_round(bodies, jobs) for _ in range(rounds)]
    seconds = [r["seconds"] for r in results]
    return {
        "bodies": bodies,
        "jobs": jobs,
        "rounds": rounds,
        "all_at_once_seconds": {
            "median": round(statistics.median(seconds), 3),
            "all": [round(s, 3) for s in seconds],
        },
        "answers": [r["answers"] for r in results],
        "receipts_mailed": [r["receipts_mailed"] for r in results],
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }


def _merged(result: dict[str, Any], label: str) -> dict[str, Any]:
    """The results file with this job mode's (and label's) entry replaced, others kept."""
    try:
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    entries = dict(previous.get("results", {})) if isinstance(previous, dict) else {}
    entries[f"{result['jobs']}:{label}"] = result
    return {"benchmark": "submission_rush", "results": dict(sorted(entries.items()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bodies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", choices=("inline", "rq"), default="inline")
    parser.add_argument("--label", default="current", help="the entry's name, e.g. 'before'")
    args = parser.parse_args()
    result = run(args.bodies, args.rounds, args.jobs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(_merged(result, args.label), indent=2) + "\n", encoding="utf-8")
    print(f"submission rush, {args.bodies} bodies at once, jobs {args.jobs} ({args.label})")
    print(
        f"  all answered after {result['all_at_once_seconds']['median']:.2f} s (median), "
        f"answers {result['answers']}, receipts mailed {result['receipts_mailed']}"
    )


if __name__ == "__main__":
    main()
