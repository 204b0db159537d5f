"""The job page: long work in the background, its progress, errors and retries.

The secretariat and administrators see every job, newest first, a page at a time
(``?page=N``, the state filter ``?state=`` kept across pages), and may retry a failed one;
the person who started a job may follow its own status page.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from core import background, permissions
from core.clock import utcnow
from core.forms import Form
from core.job_models import Job, JobState
from core.paging import page_of, requested
from core.views.unit_of_work import run

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

REFRESH_SECONDS = 2
JOBS_PER_PAGE = 25  # like the other staff lists (the hearing list, the responses)


class RetryForm(Form):
    """The retry button: its CSRF token is the form."""


def _job_or_404(job_id: int) -> Job:
    job = background.find(job_id)
    if job is None:
        abort(404)
    return job


@bp.get("/")
def index() -> tuple[str, int]:
    permissions.require(permissions.can_view_jobs(current_user))
    chosen = request.args.get("state", "")
    state = JobState(chosen) if chosen in set(JobState) else None
    status = 400 if chosen and state is None else 200
    page = page_of(requested("page"), JOBS_PER_PAGE, background.count(state))
    jobs = background.recent(state, limit=page.per_page, offset=page.offset)
    return render_template(
        "core/jobs.html",
        jobs=jobs,
        page=page,
        state=state,
        states=list(JobState),
        form=RetryForm(),
        refresh=any(job.active for job in jobs),  # the rows shown, which move on their own
        refresh_seconds=REFRESH_SECONDS,
    ), status


@bp.get("/<id:job_id>")
def show(job_id: int) -> str:
    job = _job_or_404(job_id)
    permissions.require(permissions.can_follow_job(current_user, job))
    others = [
        other
        for other in background.others_on_subject(job)
        if permissions.can_follow_job(current_user, other)
    ]
    return render_template(
        "core/job.html",
        job=job,
        others=others,
        gone=background.result_gone(job),
        form=RetryForm(),
        refresh_seconds=REFRESH_SECONDS,
    )


@bp.post("/<id:job_id>/retry")
def retry(job_id: int) -> Response:
    job = _job_or_404(job_id)
    permissions.require(permissions.can_retry_job(current_user, job))
    if not RetryForm().validate_on_submit():
        abort(400)
    outcome = run(
        lambda: background.retry(job, actor=current_user, now=utcnow()),
        success=_("The job was queued again."),
    )
    if not outcome.ok:
        return redirect(url_for("jobs.show", job_id=job_id), 303)
    return redirect(url_for("jobs.show", job_id=job_id), 303)
