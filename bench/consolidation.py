"""Time the consolidation workspace and the hearing note PDF for a large hearing.

    .venv/bin/python -m bench.consolidation [--runs 3] [--bodies 100]

Builds, in a throwaway SQLite database, a catalogue with 60 goals and a closed hearing
answered by ``--bodies`` bodies, each with a full response (coverage for all 60 goals and
10 proposals), and starts its consolidation. Then, per run, it times (1) the workspace
page's render and counts its SQL statements, (2) the hearing note PDF in full (context,
template, WeasyPrint; the context and template times are kept too) and (3) WeasyPrint
alone on the same final HTML. (2) and (3) take turns going first, so neither profits from
the other's warm caches; the first run of a process also pays one-off costs (importing
WeasyPrint, compiling the templates). Writes the result for this number of bodies into
bench/results/consolidation.json (other sizes are kept) and prints a short table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results" / "consolidation.json"
GOALS = 60
PROPOSALS = 10
NOW = datetime(2007, 1, 10, 11, 0, tzinfo=UTC)


def build_hearing(bodies: int, folder: Path, *, goals: int = GOALS, indicators: int = 120) -> int:
    """A closed public hearing being consolidated: `bodies` committees, each with a registered
    response (coverage of every goal, PROPOSALS proposals); its id. Also used by the suite
    (tests/hearing/test_consolidation_views.py) to pass 500 proposal groups, and with a
    small catalogue (``goals``, ``indicators``) to page the workspace quickly."""
    from barometer.models import Goal
    from bench.synthetic import build_catalogue
    from core.extensions import db
    from core.models import BodyKind, Role
    from core.services import accounts
    from hearing import workflow
    from hearing.demo.responses import demo_letter_pdf
    from hearing.proposals import ProposalData
    from hearing.services import consolidation, transitions
    from hearing.services import hearings as hearing_services
    from hearing.services import response_registration as registration_svc
    from hearing.services.hearings import HearingData, QuestionData
    from hearing.services.response_drafts import AssessmentData

    version = build_catalogue(areas=min(6, goals), goals=goals, indicators=indicators)
    codes = [g.code for g in db.session.query(Goal).filter(Goal.version_id == version.id)]
    sek_body = accounts.create_body(
        accounts.BodyData("LS", BodyKind.SECRETARIAT, "Ledelsessekretariatet", "Secretariat"),
        actor=None,
        now=NOW,
    )
    secretariat = accounts.create_user(
        accounts.UserData(
            "sek@example.dk", "Sekretær", "da", True, (accounts.RoleData(Role.SECRETARIAT, None),)
        ),
        "correct-horse-battery",
        actor=None,
        now=NOW,
    )
    body_rows = [
        accounts.create_body(
            accounts.BodyData(f"U{n:03d}", BodyKind.COMMITTEE, f"Udvalg {n}", f"Committee {n}"),
            actor=None,
            now=NOW,
        )
        for n in range(bodies)
    ]
    deadline = workflow.deadline_from_local(NOW.date() + timedelta(days=20))
    hearing = hearing_services.create_hearing(
        HearingData(
            reference="BENCH 1/2007",
            title="Syntetisk høring",
            issuing_body_id=body_rows[0].id,
            version_id=version.id,
            reply_body_id=sek_body.id,
            signatory_id=secretariat.id,
            signatory_title="Kontorchef",
            deadline=deadline,
            letter_text="Syntetisk høringsbrev.",
            contact_name="Sekretær",
            contact_email="sek@example.dk",
            is_public=True,
            questions=(QuestionData("Dækker indikatorerne målene?", "coverage"),),
        ),
        actor=secretariat,
        now=NOW,
    )
    hearing_services.set_hearing_list(
        hearing, [b.id for b in body_rows], actor=secretariat, now=NOW
    )
    transitions.issue_hearing(hearing, actor=secretariat, now=NOW, notify=False)
    scan = demo_letter_pdf("Syntetisk svar")
    values = ("covers", "partly", "not_covered", "no_opinion")
    for n, consultee in enumerate(hearing.consultees):
        data = registration_svc.RegistrationData(
            channel="letter",
            received_at=NOW + timedelta(days=1),
            scan=scan,
            scan_filename="svar.pdf",
            general_remarks="Syntetisk svar.",
            assessments=tuple(
                AssessmentData(code, values[(n + i) % 4], f"Kommentar {n}-{i}")
                for i, code in enumerate(codes)
            ),
            proposals=tuple(
                ProposalData(
                    kind="add_success_criterion",
                    target_goal_code=codes[(n + p) % len(codes)],
                    text=f"Forslag {n}-{p}",
                    target_value="50",
                    target_period="2010-H2",
                    decision_reference="BR 395/06",
                    justification="Syntetisk begrundelse.",
                )
                for p in range(PROPOSALS)
            ),
        )
        registration_svc.register_response(
            consultee,
            data,
            actor=secretariat,
            now=NOW + timedelta(days=1),
            folder=folder,
            max_bytes=10_000_000,
            notify=False,
        )
    transitions.close_hearing(hearing, actor=secretariat, now=deadline + timedelta(hours=1))
    consolidation.start_consolidation(
        hearing, actor=secretariat, now=deadline + timedelta(days=1), render_note=False
    )
    db.session.commit()
    return hearing.id


def _collector(seen: list[str]) -> Any:
    def listen(*args: Any) -> None:
        seen.append(args[2])

    return listen


def _time_note(hearing_id: int, times: dict[str, Any], *, before: str | None) -> str:
    """Time the public note PDF in full and WeasyPrint alone on its HTML; the HTML."""
    import io

    from pypdf import PdfReader

    from core.extensions import db
    from core.pdf import html_to_pdf, render_pdf_html
    from hearing.models import Hearing
    from hearing.queries.note_content import NOTE_TEMPLATE
    from hearing.views.note import _context

    def alone(html: str) -> None:
        started = time.perf_counter()
        html_to_pdf(html)
        times["weasy"].append(time.perf_counter() - started)

    if before is not None:
        alone(before)
    db.session.expire_all()
    hearing = db.session.get(Hearing, hearing_id)
    t1 = time.perf_counter()
    context = _context(hearing, public=True)
    t2 = time.perf_counter()
    html = render_pdf_html(NOTE_TEMPLATE, context, lang="da")
    t3 = time.perf_counter()
    data = html_to_pdf(html)
    t4 = time.perf_counter()
    times["full"].append(t4 - t1)
    times["weasy_in_full"].append(t4 - t3)
    times["context"].append(t2 - t1)
    times["template"].append(t3 - t2)
    if before is None:
        alone(html)
    times["pages"] = len(PdfReader(io.BytesIO(data)).pages)
    return html


def _first_pdf_in_a_fork(*, warm: bool) -> float:
    """Seconds of a one-page PDF in a forked child, as RQ's work horse makes it: without
    ``core.pdf.warm_up()`` in the parent, or with it. Needs an app and request context."""
    import multiprocessing

    from core.pdf import html_to_pdf, warm_up

    if warm:
        warm_up()

    def child(queue: Any) -> None:
        started = time.perf_counter()
        html_to_pdf("<p>Side 1 af 1</p>")
        queue.put(time.perf_counter() - started)

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=child, args=(queue,))
    process.start()
    seconds = float(queue.get(timeout=120))
    process.join()
    return seconds


def run(runs: int, bodies: int) -> dict[str, Any]:
    from flask_login import login_user
    from flask_migrate import upgrade
    from sqlalchemy import event

    from app import create_app
    from config import TestingConfig
    from core.extensions import db
    from core.models import User
    from hearing.models import Hearing
    from hearing.views.consolidation import _render

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            TestingConfig,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.sqlite3",
            UPLOAD_FOLDER=f"{tmp}/uploads",
        )
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            hearing_id = build_hearing(bodies, Path(tmp) / "uploads")
            build_seconds = time.perf_counter() - started
        with app.test_request_context():  # before anything imports WeasyPrint here
            fork_cold = _first_pdf_in_a_fork(warm=False)
            fork_warm = _first_pdf_in_a_fork(warm=True)
        workspace, statements = [], []
        times: dict[str, Any] = {
            "full": [],
            "context": [],
            "template": [],
            "weasy_in_full": [],
            "weasy": [],
        }
        html = ""
        for run_number in range(runs):
            with app.test_request_context():
                db.session.expire_all()
                login_user(db.session.query(User).filter_by(email="sek@example.dk").one())
                hearing = db.session.get(Hearing, hearing_id)
                seen: list[str] = []
                listen = _collector(seen)
                event.listen(db.engine, "before_cursor_execute", listen)
                t0 = time.perf_counter()
                _render(hearing)
                workspace.append(time.perf_counter() - t0)
                event.remove(db.engine, "before_cursor_execute", listen)
                statements.append(len(seen))
                # Odd runs time WeasyPrint alone first, on the previous run's HTML (the
                # note does not change between runs), then the full PDF.
                html = _time_note(hearing_id, times, before=html if run_number % 2 else None)
        with app.app_context():
            db.engine.dispose()

    def summary(values: list[float]) -> dict[str, Any]:
        return {"median": round(statistics.median(values), 3), "all": [round(v, 3) for v in values]}

    return {
        "benchmark": "consolidation",
        "scale": {"bodies": bodies, "goals": GOALS, "proposals_per_body": PROPOSALS},
        "runs": runs,
        "build_seconds": round(build_seconds, 1),
        "workspace_render_seconds": summary(workspace),
        "workspace_sql_statements": statements,
        "note_pdf_pages": times["pages"],
        "note_pdf_full_seconds": summary(times["full"]),
        "note_context_seconds": summary(times["context"]),
        "note_template_seconds": summary(times["template"]),
        "note_weasyprint_in_full_seconds": summary(times["weasy_in_full"]),
        "note_pdf_weasyprint_only_seconds": summary(times["weasy"]),
        "note_pdf_ratio": round(
            statistics.median(times["full"]) / statistics.median(times["weasy"]), 3
        ),
        "job_first_pdf_in_fork_seconds": {"cold": round(fork_cold, 3), "warm": round(fork_warm, 3)},
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }


def _merged(result: dict[str, Any]) -> dict[str, Any]:
    """The results file with this size's result replaced and the other sizes kept."""
    try:
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    by_bodies = dict(previous.get("by_bodies", {})) if isinstance(previous, dict) else {}
    by_bodies[str(result["scale"]["bodies"])] = result
    ordered = dict(sorted(by_bodies.items(), key=lambda item: int(item[0])))
    return {"benchmark": "consolidation", "by_bodies": ordered}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bodies", type=int, default=100)
    args = parser.parse_args()
    result = run(args.runs, args.bodies)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(_merged(result), indent=2) + "\n", encoding="utf-8")
    print(f"consolidation, {args.bodies} bodies x {GOALS} goals x {PROPOSALS} proposals")
    print(
        f"  workspace render: {result['workspace_render_seconds']['median']:.3f} s, "
        f"{result['workspace_sql_statements'][0]} SQL statements"
    )
    print(
        f"  note PDF ({result['note_pdf_pages']} pages): "
        f"{result['note_pdf_full_seconds']['median']:.3f} s in full, "
        f"{result['note_pdf_weasyprint_only_seconds']['median']:.3f} s WeasyPrint alone, "
        f"ratio {result['note_pdf_ratio']:.3f}"
    )


if __name__ == "__main__":
    main()
