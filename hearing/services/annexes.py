"""Annexes (bilag) of a draft hearing: uploaded PDFs beside the generated overview table."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from core import audit, uploads
from core.errors import N_, NotFound, ValidationFailed
from core.extensions import db
from core.models import User
from hearing.models import Annex, AnnexKind, Hearing
from hearing.services.hearings import ensure_draft

TITLE_MAX = 300


def add_annex(
    hearing: Hearing,
    data: bytes,
    filename: str,
    title: str,
    *,
    folder: Path,
    max_bytes: int,
    actor: User | None,
    now: datetime,
) -> Annex:
    """Check and store an uploaded PDF as the next annex; nothing is stored on refusal."""
    ensure_draft(hearing)
    title = " ".join((title or "").split())
    if len(title) > TITLE_MAX:
        raise ValidationFailed(N_("A text is longer than %(max)s characters."), max=TITLE_MAX)
    stored = uploads.store_pdf(data, filename, folder=folder, max_bytes=max_bytes)
    number = max((a.number for a in hearing.annexes), default=0) + 1
    annex = Annex(
        number=number,
        title=title or stored.original_name.removesuffix(".pdf").removesuffix(".PDF"),
        kind=AnnexKind.UPLOAD,
        stored_name=stored.stored_name,
        original_name=stored.original_name,
        size=stored.size,
        sha256=stored.sha256,
        created_at=now,
    )
    try:
        hearing.annexes.append(annex)
        db.session.flush()
    except Exception:
        uploads.remove_stored(stored.stored_name, folder=folder)
        raise
    audit.record(
        actor,
        "hearing.annex_added",
        hearing,
        now=now,
        summary=f"{hearing.reference}: {number}. {annex.title}",
        changes={"annex": {"old": None, "new": f"{number}. {annex.original_name}"}},
    )
    return annex


def remove_annex(
    hearing: Hearing, annex_id: int, *, folder: Path, actor: User | None, now: datetime
) -> None:
    """Remove an uploaded annex of a draft; the later annexes move up one number."""
    ensure_draft(hearing)
    annex = next((a for a in hearing.annexes if a.id == annex_id), None)
    if annex is None:
        raise NotFound(N_("The annex does not exist."))
    if annex.kind == AnnexKind.OVERVIEW_TABLE:
        raise ValidationFailed(N_("The overview table is always attached."))
    number, stored_name, name = annex.number, annex.stored_name, annex.original_name
    hearing.annexes.remove(annex)
    db.session.flush()
    for later in sorted(hearing.annexes, key=lambda a: a.number):
        if later.number > number:
            later.number -= 1
            db.session.flush()
    audit.record(
        actor,
        "hearing.annex_removed",
        hearing,
        now=now,
        summary=f"{hearing.reference}: {number}. {name}",
        changes={"annex": {"old": f"{number}. {name}", "new": None}},
    )
    if stored_name:
        # The file goes once the database agrees; a rollback would leave a stray file at
        # worst, never a row pointing at nothing.
        from sqlalchemy import event

        @event.listens_for(db.session(), "after_commit", once=True)
        def _remove_file(session: object) -> None:
            uploads.remove_stored(stored_name, folder=folder)
