"""The hearing's archive package for the records system (secretariat; see docs/records.md).

``archive.zip`` packs it in the request (a hearing of at most ``ARCHIVE_INLINE_MAX_BODIES``
bodies; a larger one gets a page that offers the job); the button packs it as a job in
the background, whose page links to the stored package (``archive/jobs/<job>.zip``). A
stored package is kept ``ARCHIVE_PACKAGE_HOURS`` (:mod:`hearing.services.archive_packages`);
once removed, its link and its job page say so and offer to pack it again.
"""

from __future__ import annotations

import tempfile
from io import BytesIO

from flask import (
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from core import background
from core.background import Gone
from core.clock import utcnow
from core.forms import Form
from core.i18n import local_date
from core.job_models import Job, JobState
from core.views.unit_of_work import run
from hearing import archive
from hearing import permissions as perms
from hearing.blueprint import bp
from hearing.models import Hearing
from hearing.queries import hearings as queries
from hearing.services import archive_packages, hearing_jobs
from hearing.views.common import load_or_404
from hearing.views.state_refusals import require_consolidation_view


def _packable(hearing_id: int) -> Hearing:
    hearing = load_or_404(hearing_id)
    if hearing.issued_at is None:
        abort(404)
    require_consolidation_view(hearing)
    return hearing


def _zip(data: bytes, name: str) -> Response:
    answer = send_file(
        BytesIO(data), mimetype="application/zip", as_attachment=True, download_name=name
    )
    answer.headers["Cache-Control"] = "private, no-store"
    return answer


def packs_while_you_wait(hearing: Hearing) -> bool:
    """Whether ``archive.zip`` packs this hearing's package in the request: only a small
    hearing's (``ARCHIVE_INLINE_MAX_BODIES``); a larger one is packed as a job."""
    limit = int(current_app.config["ARCHIVE_INLINE_MAX_BODIES"])
    return len(hearing.consultees) <= limit


@bp.get("/<id:hearing_id>/archive.zip")
def archive_package(hearing_id: int) -> Response:
    """The package is written document by document into a temporary file (deleted when
    closed) and sent from it in chunks: memory stays flat however many responses. A large
    hearing's package is not packed while the user waits: the page says so and offers the
    job (409, nothing is written)."""
    hearing = _packable(hearing_id)
    if not packs_while_you_wait(hearing):
        page = render_template("hearing/archive_large.html", hearing=hearing)
        return make_response(page, 409)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response when sent
    try:
        archive.write_package(hearing, out)
        size = out.tell()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    answer = send_file(
        out,
        mimetype="application/zip",
        as_attachment=True,
        download_name=archive.filename(hearing),
    )
    answer.content_length = size
    answer.headers["Cache-Control"] = "private, no-store"
    return answer


@bp.post("/<id:hearing_id>/archive")
def archive_job(hearing_id: int) -> Response:
    hearing = _packable(hearing_id)
    if not Form().validate_on_submit():
        abort(400)
    outcome = run(lambda: hearing_jobs.start_archive(hearing, actor=current_user, now=utcnow()))
    if not outcome.ok:
        return redirect(url_for("hearing.decision", hearing_id=hearing_id), 303)
    return redirect(url_for("jobs.show", job_id=outcome.result().id), 303)


@bp.get("/<id:hearing_id>/archive/jobs/<id:job_id>.zip")
def archive_download(hearing_id: int, job_id: int) -> Response:
    hearing = _packable(hearing_id)
    job = background.find(job_id)
    if (
        job is None
        or job.kind != hearing_jobs.ARCHIVE
        or job.subject_id != hearing_id
        or job.state != JobState.FINISHED
    ):
        abort(404)
    path = hearing_jobs.archive_path(job_id)
    try:
        data = path.read_bytes()
    except FileNotFoundError:  # removed after its hours, or with the personal data
        gone = package_gone(job)
        page = render_template("hearing/archive_gone.html", job=job, gone=gone)
        return make_response(page, 410)
    return _zip(data, archive.filename(hearing))


def package_gone(job: Job) -> Gone | None:
    """The job page's question (``core.background.result_gone``): whether the job's stored
    package was removed, why, and the button that packs it again."""
    path = hearing_jobs.archive_path(job.id)
    if path.exists():
        return None
    hearing = queries.get_hearing(job.subject_id or 0)
    if hearing is None:
        return Gone(_("The hearing of this archive package no longer exists."), None, "")
    if archive_packages.purged_with_hearing(hearing, job, path):
        message = _(
            "The archive package was removed when the hearing's personal data was erased on "
            "%(date)s. A package packed now holds no erased data.",
            date=local_date(hearing.personal_data_purged_at),
        )
    else:
        message = _(
            "The archive package is no longer stored: a package is kept for %(hours)s hours "
            "after it was packed.",
            hours=archive_packages.kept_hours(),
        )
    may_pack = hearing.issued_at is not None and perms.can_view_consolidation(current_user, hearing)
    again = url_for("hearing.archive_job", hearing_id=hearing.id) if may_pack else None
    return Gone(message, again, _("Pack the archive package again"))
