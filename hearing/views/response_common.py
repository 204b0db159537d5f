"""Helpers shared by the response views: loading with permission checks, page context."""

from __future__ import annotations

from dataclasses import dataclass, replace
from io import BytesIO
from typing import Any

from flask import abort, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core import uploads
from core.clock import utcnow
from core.errors import DomainError
from core.i18n import current_locale
from core.permissions import require
from core.views.unit_of_work import write_before_run
from hearing import permissions as perms
from hearing.models import Consultee, Hearing
from hearing.models.responses import Response, ResponseAttachment
from hearing.queries import responses as rq
from hearing.services import response_drafts as drafts_svc
from hearing.services import response_guard as guard
from hearing.views.common import is_reading, load_or_404, upload_folder
from hearing.workflow import HearingState, ResponseState

Page = HTTPResponse | str | tuple[str, int] | tuple[HTTPResponse, int]


@dataclass
class Loaded:
    hearing: Hearing
    consultee: Consultee
    response: Response
    catalogue: dict[str, Any]
    codes: list[str]


def consultee_or_404(hearing: Hearing, body_id: int) -> Consultee:
    consultee = rq.consultee_of(hearing, body_id)
    if consultee is None:
        abort(404)
    return consultee


def load_for_member(hearing_id: int, body_id: int) -> Loaded:
    """The hearing, the body's place on its list and its response, for a member of the body.

    Anyone else gets a 403 (or a 404 when the body is not on the list), before anything
    is created. Reading never writes: before the body's first save a page shows an empty
    draft that is not stored; a request that changes something creates the response in its
    own unit of work (committed with the change, rolled back with a refusal).
    """
    hearing = load_or_404(hearing_id)
    consultee = consultee_or_404(hearing, body_id)
    require(hearing.state != HearingState.DRAFT and perms.is_member_of(current_user, body_id))
    response = rq.response_of(consultee)
    if response is None and is_reading():
        response = rq.unsaved_response(consultee, utcnow())
    elif response is None:
        response = rq.unsaved_response(consultee, utcnow())
        with write_before_run():  # a write fault: the unit of work refuses, text kept
            response = drafts_svc.ensure_response(consultee, now=utcnow())
    catalogue = rq.catalogue_of(hearing)
    codes = [g["code"] for area in catalogue["focus_areas"] for g in area["goals"]]
    return Loaded(hearing, consultee, response, catalogue, codes)


def after_rollback(loaded: Loaded) -> Loaded:
    """The page's objects after the unit of work rolled a refused change back: a response
    that the refused request created is gone again, so the page shows the unsaved draft."""
    response = rq.response_of(loaded.consultee)
    if response is None:
        response = rq.unsaved_response(loaded.consultee, utcnow())
    return replace(loaded, response=response)


def response_url(loaded: Loaded, **values: Any) -> str:
    return url_for(
        "hearing.response_form_page",
        hearing_id=loaded.hearing.id,
        body_id=loaded.consultee.body_id,
        **values,
    )


def goal_choices(catalogue: dict[str, Any]) -> list[tuple[str, str]]:
    locale = current_locale()
    return [
        (
            g["code"],
            f"{g['code']}: {(g['text_en'] if locale == 'en' and g['text_en'] else g['text_da'])}",
        )
        for area in catalogue["focus_areas"]
        for g in area["goals"]
    ]


def indicator_choices(catalogue: dict[str, Any]) -> list[tuple[str, str]]:
    locale = current_locale()
    return [
        (
            i["code"],
            f"{i['code']}: {(i['name_en'] if locale == 'en' and i['name_en'] else i['name_da'])}",
        )
        for area in catalogue["focus_areas"]
        for g in area["goals"]
        for i in g["indicators"]
    ]


def read_only_reason(response: Response, now: Any) -> str | None:
    """Why the draft cannot be changed now, as a key the templates explain; None if it can."""
    if guard.answer_refusal(response, now) is not None:
        return "deadline"
    if response.state == ResponseState.SUBMITTED:
        return "submitted"
    if response.state == ResponseState.WITHDRAWN:
        return "withdrawn"
    return None


def page_context(loaded: Loaded, **extra: Any) -> dict[str, Any]:
    now = utcnow()
    response = loaded.response
    assessments = {a.goal_code: a for a in response.assessments}
    assessed = sum(1 for a in response.assessments if a.assessment)
    reason = read_only_reason(response, now)
    return {
        "hearing": loaded.hearing,
        "consultee": loaded.consultee,
        "body": loaded.consultee.body,
        "response": response,
        "catalogue": loaded.catalogue,
        "goals": rq.goal_index(loaded.catalogue),
        "indicators": rq.indicator_index(loaded.catalogue),
        "assessments": assessments,
        "assessed": assessed,
        "goal_count": len(loaded.codes),
        "deadline": guard.effective_deadline(response),
        "now": now,
        "read_only_reason": reason,
        "editable": reason is None and extra.get("form", True) is not None,
        "current_version": response.current_version,
        "shows_fate": rq.shows_fate(loaded.hearing, response.current_version),
        "conflicts": {},
        "editors": (),
        "taken": (),
        "unsaved": [],
        "perms": perms,
        **extra,
    }


def send_attachment(attachment: ResponseAttachment) -> HTTPResponse:
    try:
        data = uploads.read_stored(attachment.stored_name, folder=upload_folder())
    except DomainError:
        abort(404)
    response = send_file(
        BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=attachment.original_name,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
