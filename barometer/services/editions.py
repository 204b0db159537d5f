"""Editions: draft, preview, publish (freeze), correct.

Services change state and never commit; they take ``actor`` and ``now`` and write the
audit entry. A published edition is frozen: every function here that would change one
raises :class:`core.errors.FrozenError` (and the model refuses at flush time as well).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from barometer.editions import public_cache
from barometer.editions import snapshot as snap
from barometer.models import (
    CatalogueVersion,
    Edition,
    EditionFile,
    EditionState,
    MeasurementPeriod,
)
from barometer.period import Period
from barometer.status import DEFAULT_PARAMETERS
from core import audit, background, jobs
from core.background import Result, Run
from core.errors import N_, FrozenError, NotFound, StaleEdit, ValidationFailed
from core.extensions import db
from core.models import Topic, User
from core.services import subscriptions

MAX_TITLE = 300
MAX_REASON = 5000


@dataclass(frozen=True)
class EditionData:
    period_code: str
    version_number: int
    title_da: str = ""
    title_en: str = ""


def _refuse_if_published(edition: Edition) -> None:
    if edition.is_published:
        raise FrozenError(N_("A published edition cannot be changed."))


def period_by_code(code: str) -> MeasurementPeriod | None:
    return db.session.scalar(select(MeasurementPeriod).where(MeasurementPeriod.code == code))


def _period(code: str) -> MeasurementPeriod:
    try:
        Period.parse(code)
    except ValueError:
        raise ValidationFailed(N_("Unknown measurement period %(code)s."), code=code) from None
    row = period_by_code(code)
    if row is None:
        raise ValidationFailed(N_("Unknown measurement period %(code)s."), code=code)
    return row


def _version(number: int) -> CatalogueVersion:
    version = db.session.scalar(select(CatalogueVersion).where(CatalogueVersion.number == number))
    if version is None or not version.was_approved:  # a draft, or replaced unapproved
        raise ValidationFailed(N_("Catalogue version %(number)s is not approved."), number=number)
    return version


def _version_by_id(version_id: int) -> CatalogueVersion:
    version = db.session.get(CatalogueVersion, version_id)
    if version is None:
        raise NotFound(N_("No catalogue version %(id)s."), id=version_id)
    return version


def _titles(data: EditionData) -> tuple[str, str]:
    default_da, default_en = snap.default_titles(data.period_code)
    title_da, title_en = data.title_da.strip() or default_da, data.title_en.strip() or default_en
    if max(len(title_da), len(title_en)) > MAX_TITLE:
        raise ValidationFailed(N_("At most %(max)s characters."), max=MAX_TITLE)
    return title_da, title_en


def create_draft(
    data: EditionData,
    *,
    actor: User | None,
    now: datetime,
    corrects: Edition | None = None,
    reason: str = "",
    reason_en: str = "",
) -> Edition:
    """A draft edition of a period against an approved (or superseded) version."""
    _period(data.period_code)
    version = _version(data.version_number)
    title_da, title_en = _titles(data)
    edition = Edition(
        period_code=data.period_code,
        catalogue_version_id=version.id,
        state=EditionState.DRAFT,
        title_da=title_da,
        title_en=title_en,
        corrects_edition_id=corrects.id if corrects else None,
        correction_reason=reason,
        correction_reason_en=reason_en,
        created_at=now,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(edition)
    db.session.flush()
    audit.record(
        actor,
        "edition.created",
        edition,
        now=now,
        summary=f"{data.period_code}, version {version.number}",
    )
    return edition


def update_draft(
    edition: Edition,
    data: EditionData,
    *,
    actor: User | None,
    now: datetime,
    expected_version: int | None = None,
) -> Edition:
    _refuse_if_published(edition)
    if expected_version is not None and expected_version != edition.lock_version:
        raise StaleEdit(N_("Someone else saved this edition after you opened it."))
    _period(data.period_code)
    version = _version(data.version_number)
    fields = ("period_code", "catalogue_version_id", "title_da", "title_en")
    before = audit.snapshot(edition, fields)
    edition.period_code, edition.catalogue_version_id = data.period_code, version.id
    edition.title_da, edition.title_en = _titles(data)
    db.session.flush()
    changes = audit.diff_fields(before, audit.snapshot(edition, fields))
    audit.record(actor, "edition.updated", edition, now=now, changes=changes)
    return edition


def discard_draft(edition: Edition, *, actor: User | None, now: datetime) -> None:
    _refuse_if_published(edition)
    audit.record(actor, "edition.discarded", edition, now=now, summary=edition.period_code)
    db.session.delete(edition)
    db.session.flush()


def create_correction(
    original: Edition, reason: str, *, actor: User | None, now: datetime, reason_en: str = ""
) -> Edition:
    """A new draft for the same period and version that names what it corrects and why."""
    if not original.is_published:
        raise ValidationFailed(N_("Only a published edition can be corrected."))
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(N_("Say what the correction corrects."))
    reason_en = reason_en.strip()
    if max(len(reason), len(reason_en)) > MAX_REASON:
        raise ValidationFailed(N_("At most %(max)s characters."), max=MAX_REASON)
    version = _version_by_id(original.catalogue_version_id)
    data = EditionData(original.period_code, version.number, original.title_da, original.title_en)
    return create_draft(
        data, actor=actor, now=now, corrects=original, reason=reason, reason_en=reason_en
    )


def _edition_facts(edition: Edition, published: dict[str, Any] | None) -> dict[str, Any]:
    corrects = None
    if edition.corrects_edition_id is not None:
        original = db.session.get(Edition, edition.corrects_edition_id)
        if original is None:
            raise NotFound(N_("No published edition %(id)s."), id=edition.corrects_edition_id)
        corrects = {
            "id": original.id,
            "title": {"da": original.title_da, "en": original.title_en},
            "sha256": original.sha256,
            "reason": edition.correction_reason,
            **({"reason_en": edition.correction_reason_en} if edition.correction_reason_en else {}),
        }
    return {
        "id": edition.id,
        "title": {"da": edition.title_da, "en": edition.title_en},
        "published": published,
        "corrects": corrects,
    }


def preview(edition: Edition) -> dict[str, Any]:
    """The content as it would be published now (recomputed on every call)."""
    if edition.is_published:
        return edition.snapshot
    return _content(edition, None)


def _content(edition: Edition, published: dict[str, Any] | None) -> dict[str, Any]:
    period = _period(edition.period_code)
    version = _version_by_id(edition.catalogue_version_id)
    return snap.build_snapshot(
        edition=_edition_facts(edition, published),
        period=period,
        version=version,
        municipality=current_app.config["MUNICIPALITY_NAME"],
        params=DEFAULT_PARAMETERS,
    )


def fingerprint(content: dict[str, Any]) -> str:
    """The hash of a preview: the confirmation page carries it, publishing checks it."""
    return snap.sha256_hex(snap.canonical_json(content))


def publish(
    edition: Edition,
    *,
    actor: User | None,
    now: datetime,
    expected_fingerprint: str | None = None,
    render_documents: bool = True,
    acknowledged: bool = False,
) -> Edition:
    """Freeze the edition: store its canonical JSON and hash.

    ``expected_fingerprint`` is the preview's hash from the confirmation page: if the
    data changed since, nothing is published. An edition with missing values or with
    assessments that are missing or not final is published only when the publisher
    ``acknowledged`` them. The publication names the publishing body
    (:func:`publisher_name`), never the person who pressed the button (the audit log does).
    The open-data files, the report PDFs and the main public responses are made from the
    frozen snapshot and stored by jobs after the commit (until then, a request makes what
    it asks for from the same snapshot, without storing it).
    """
    _refuse_if_published(edition)
    if edition.corrects_edition_id is not None:
        original = db.session.get(Edition, edition.corrects_edition_id)
        if original is None or not original.is_published:
            raise ValidationFailed(N_("Only a published edition can be corrected."))
    # Built once: the preview's content is what gets frozen, with the publication added.
    content = _content(edition, None)
    if expected_fingerprint is not None and fingerprint(content) != expected_fingerprint:
        raise StaleEdit(
            N_("The data changed after the confirmation page was shown. Check it again.")
        )
    if has_gaps(snap.summary(content)) and not acknowledged:
        raise ValidationFailed(
            N_(
                "Nothing was published: the edition has missing values or assessments that "
                "are missing or not final. Tick the box to confirm that you publish it as it is."
            )
        )
    published = {"at": now, "by": publisher_name()}
    content["edition"]["published"] = snap._plain(published)
    text = snap.canonical_json(content)
    edition.canonical_json, edition.sha256 = text, snap.sha256_hex(text)
    edition.published_at, edition.published_by_id = now, actor.id if actor else None
    edition.state = EditionState.PUBLISHED
    db.session.flush()
    background.start(OPEN_DATA_JOB, {"edition_id": edition.id}, subject=("Edition", edition.id),
                     label=edition.title_da, actor=actor, now=now)  # fmt: skip
    public_cache.clear()
    jobs.enqueue_once("barometer.editions.public_responses.store_main_responses_job")
    audit.record(
        actor,
        "edition.published",
        edition,
        now=now,
        summary=edition.period_code,
        changes={"sha256": {"old": None, "new": edition.sha256}},
    )
    _tell_subscribers(edition, now)
    if render_documents and current_app.config.get("EDITIONS_RENDER_PDF_ON_PUBLISH", True):
        background.start(
            REPORT_JOB,
            {"edition_id": edition.id},
            subject=("Edition", edition.id),
            label=edition.title_da,
            actor=actor,
            now=now,
        )
    return edition


def _tell_subscribers(edition: Edition, now: datetime) -> None:
    """The readers who subscribed to new editions are told (a correction is one too)."""
    context = {"edition_id": edition.id, "title_da": edition.title_da, "title_en": edition.title_en}
    subscriptions.notify(
        Topic.EDITIONS, "subscription_edition", context, related=("Edition", edition.id), now=now
    )


def publisher_name() -> str:
    """The body that publishes editions (``PUBLISHER_NAME``, else the municipality)."""
    config = current_app.config
    return str(config.get("PUBLISHER_NAME") or config["MUNICIPALITY_NAME"])


def has_gaps(summary: dict[str, Any]) -> bool:
    """Whether the confirmation must be acknowledged: a value or a final assessment lacks."""
    return bool(summary["missing"] or summary["without_assessment"] or summary["not_final"])


def store_file(
    edition: Edition, name: str, content_type: str, data: bytes, *, now: datetime
) -> EditionFile:
    """Store a document of a published edition once; a stored file is never replaced."""
    if not edition.is_published:
        raise ValidationFailed(N_("Only a published edition has documents."))
    existing = stored_file(edition.id, name)
    if existing is not None:
        return existing
    row = EditionFile(
        edition_id=edition.id,
        name=name,
        content_type=content_type,
        content=data,
        sha256=snap.sha256_hex(data),
        created_at=now,
    )
    db.session.add(row)
    db.session.flush()
    return row


def stored_file(edition_id: int, name: str) -> EditionFile | None:
    return db.session.scalar(
        select(EditionFile).where(EditionFile.edition_id == edition_id, EditionFile.name == name)
    )


def stored_file_exists(edition_id: int, name: str) -> bool:
    where = EditionFile.edition_id == edition_id, EditionFile.name == name
    return db.session.scalar(select(EditionFile.id).where(*where)) is not None


def published_edition(edition_id: int) -> Edition:
    edition = db.session.get(Edition, edition_id)
    if edition is None or not edition.is_published:
        raise NotFound(N_("No published edition %(id)s."), id=edition_id)
    return edition


def render_report(edition: Edition, lang: str, *, now: datetime) -> EditionFile:
    """The stored report PDF in ``lang``, rendered and stored on first need."""
    from barometer.editions import pdf as edition_pdf

    name = edition_pdf.filename(lang)
    existing = stored_file(edition.id, name)
    if existing is not None:
        return existing
    data = edition_pdf.render_report(edition.snapshot, lang)
    return store_file(edition, name, "application/pdf", data, now=now)


def render_documents_job(edition_id: int) -> None:
    """Background job: render and store the edition's report in both languages."""
    from core.clock import utcnow

    edition = published_edition(edition_id)
    for lang in current_app.config["LANGUAGES"]:
        render_report(edition, lang, now=utcnow())
        db.session.commit()


REPORT_JOB = "edition.report"
OPEN_DATA_JOB = "edition.open_data"  # the work: edition_jobs.open_data_work


def report_work(edition_id: int, *, run: Run) -> Result:
    """The job record's work (``edition.report``): the report in every language, one timed
    part each; its result is the published edition."""
    from barometer.editions import pdf as edition_pdf
    from core.clock import utcnow

    edition = published_edition(edition_id)
    languages = list(current_app.config["LANGUAGES"])
    for done, lang in enumerate(languages):
        run.progress(
            100 * done // len(languages), N_("Rendering the report in %(lang)s"), lang=lang
        )
        with run.part(edition_pdf.filename(lang)):
            render_report(edition, lang, now=utcnow())
            db.session.commit()
    return Result("barometer.public_edition", {"edition_id": edition_id})
