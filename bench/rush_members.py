"""The members of the deadline rush: an open hearing with a member and a draft per body,
and an HTTP client per member that logs in, saves and submits as a browser would.

Used by ``bench.submission_rush`` and by ``scripts/ci/two_processes.py``.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import requests

PASSWORD = "correct-horse-battery"  # noqa: S105 - throwaway bench users
# Cheap password hashes for the bench users: 200 log-ins are set-up, not what is measured.
FAST_HASHES = {"ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "1024", "ARGON2_PARALLELISM": "1"}


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


class Forms(HTMLParser):
    """The forms of a page: action and (name, value) pairs a browser would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": []})
        elif not self.forms or "name" not in a:
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in {"submit", "file", "button"}:
                return
            if kind in {"radio", "checkbox"} and "checked" not in a:
                return
            self.forms[-1]["fields"].append((a["name"], a.get("value", "on")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1]["fields"].append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1]["fields"].append((self._select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            name, value = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, value + data)


def form_fields(page: str, action_end: str) -> list[tuple[str, str]]:
    """The fields of the form that posts to a URL ending in ``action_end`` (a form without
    an action posts to the page itself, whose URL ends so)."""
    parser = Forms()
    parser.feed(page)
    for form in parser.forms:
        if (form["action"].split("?")[0] or action_end).endswith(action_end):
            return list(form["fields"])
    raise RuntimeError(f"no form posting to ...{action_end}")


class Client:
    """One member: logs in beforehand, then saves and submits when its turn comes."""

    def __init__(self, base: str, hearing_id: int, body_id: int, email: str) -> None:
        self.base, self.email = base, email
        self.url = f"{base}/hearings/{hearing_id}/bodies/{body_id}/response"
        self.http = requests.Session()
        self.timings: list[tuple[str, float, int | str]] = []

    def _call(self, what: str, method: str, url: str, **kwargs: Any) -> requests.Response:
        started = time.perf_counter()
        try:
            answer = self.http.request(method, url, allow_redirects=False, timeout=120, **kwargs)
        except requests.RequestException as exc:
            self.timings.append((what, time.perf_counter() - started, type(exc).__name__))
            raise
        self.timings.append((what, time.perf_counter() - started, answer.status_code))
        return answer

    def log_in(self) -> None:
        fields = dict(form_fields(self.http.get(self.base + "/login", timeout=60).text, "/login"))
        fields |= {"email": self.email, "password": PASSWORD}
        answer = self.http.post(self.base + "/login", data=fields, allow_redirects=False)
        assert answer.status_code == 302, (self.email, answer.status_code)

    def save_and_submit(self) -> None:
        try:
            page = self._call("open form", "GET", self.url).text
            fields = [
                (k, v)
                for k, v in form_fields(page, "/response")
                if k not in {"general_remarks", "action"}
            ]
            fields += [
                ("general_remarks", f"Svar fra {self.email}: æøå i sidste øjeblik."),
                ("action", "save"),
            ]
            self._call("save", "POST", self.url, data=fields)
            page = self._call("open confirmation", "GET", self.url + "/submit").text
            self._call(
                "submit", "POST", self.url + "/submit", data=form_fields(page, "/response/submit")
            )
        except (requests.RequestException, RuntimeError):
            return  # kept in self.timings (a RuntimeError: the page had no such form)


EXPECTED = {"open form": 200, "save": 302, "open confirmation": 200, "submit": 302}


class Sink:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self._lock:
            self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted for delivery"
