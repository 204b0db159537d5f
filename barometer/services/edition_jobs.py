"""Long work of the barometer as job records (core.background): the open-data files of a
published edition (:func:`open_data_work`), its report PDFs (``editions.report_work``), and
a measurement or catalogue import over ``IMPORT_JOB_ROWS`` rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from core import background
from core.background import Result, Run
from core.clock import utcnow
from core.errors import N_
from core.extensions import db
from core.job_models import Job
from core.models import User

REPORT = "edition.report"  # the work: barometer.services.editions.report_work
OPEN_DATA = "edition.open_data"  # the work: open_data_work below, started by publish()
MEASUREMENT_IMPORT = "measurements.import"
CATALOGUE_IMPORT = "catalogue.import"


def register() -> None:
    background.register(
        OPEN_DATA,
        "barometer.services.edition_jobs.open_data_work",
        _l("Open data of an edition (CSV, JSON, data package)"),
        query_language=("barometer.public_edition",),
    )
    background.register(
        REPORT,
        "barometer.services.editions.report_work",
        _l("Edition report (PDF)"),
        query_language=("barometer.public_edition",),
    )
    background.register(
        MEASUREMENT_IMPORT,
        "barometer.services.edition_jobs.measurement_import_work",
        _l("Import of measurements"),
    )
    background.register(
        CATALOGUE_IMPORT,
        "barometer.services.edition_jobs.catalogue_import_work",
        _l("Import into a catalogue version"),
    )


# --- The open-data files of a published edition -------------------------------------


def open_data_work(edition_id: int, *, run: Run) -> Result:
    """The job's work (``edition.open_data``): each open-data file made from the frozen
    snapshot and stored, one timed part and one commit each, the data package last. A file
    stored already (by an earlier run) is kept as it is; once the package is stored there
    is nothing left to do. Its result is the published edition."""
    from barometer.editions import open_data
    from barometer.services.editions import published_edition, store_file, stored_file_exists

    edition = published_edition(edition_id)
    result = Result("barometer.public_edition", {"edition_id": edition_id})
    if stored_file_exists(edition_id, open_data.PACKAGE_NAME):
        return result
    made = open_data.each_document(edition.snapshot)
    names = open_data.NAMES
    for done, name in enumerate(names):
        run.progress(100 * done // len(names), N_("Storing the open-data file %(name)s"),
                     name=name)  # fmt: skip
        with run.part(name):
            _, content_type, data = next(made)
            store_file(edition, name, content_type, data, now=utcnow())
            db.session.commit()
    return result


# --- Measurement imports over the threshold ------------------------------------------


def start_measurement_import(
    period_code: str, token: str, *, rows: int, actor: User, now: Any
) -> Job:
    """Import a stashed, previewed file after the commit (``token`` names the stash)."""
    return background.start(
        MEASUREMENT_IMPORT,
        {"period": period_code, "token": token, "user_id": actor.id},
        subject=None,
        label=f"{period_code} ({rows})",
        actor=actor,
        now=now,
    )


def import_folder() -> Path:
    path = Path(current_app.config["STORAGE_DIR"]) / "measurement-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def measurement_import_work(period: str, token: str, user_id: int, *, run: Run) -> Result:
    from barometer.reading import catalogue_in_force
    from barometer.services import measurements as svc
    from barometer.services.editions import period_by_code

    folder = import_folder()
    meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
    data = (folder / f"{token}.bin").read_bytes()
    actor = db.session.get(User, user_id)
    measurement_period = period_by_code(period)
    if actor is None or measurement_period is None or meta["period"] != period:
        raise RuntimeError("The import's period or user is gone.")
    run.progress(10, N_("Checking the file"))
    catalogue = catalogue_in_force(measurement_period.period)
    specs = catalogue.specs() if catalogue else {}
    with run.part("import"):
        svc.import_file(
            measurement_period, str(meta["filename"]), data, specs,
            actor=actor, now=utcnow(), expected=dict(meta["expected"]),
        )  # fmt: skip
        db.session.commit()
    for suffix in (".json", ".bin"):
        (folder / f"{token}{suffix}").unlink(missing_ok=True)
    return Result("barometer.entry", {"code": period})


# --- Catalogue imports over the threshold --------------------------------------------


def catalogue_rows(filename: str, data: bytes) -> int:
    """The rows of a catalogue file (0 when it cannot be read: the import says why)."""
    from core.spreadsheets import SheetLimits, UnreadableFile, read_table

    try:
        return len(read_table(filename, data, SheetLimits.from_config(current_app.config)).rows)
    except UnreadableFile:
        return 0


def start_catalogue_import(
    number: int, filename: str, data: bytes, *, rows: int, actor: User, now: Any
) -> Job:
    """Keep the file and import it into draft version ``number`` after the commit."""
    import secrets

    from core import uploads

    token = secrets.token_urlsafe(24)
    folder = Path(current_app.config["STORAGE_DIR"]) / "catalogue-imports"
    folder.mkdir(parents=True, exist_ok=True)
    uploads.write_atomically(folder / f"{token}.bin", data)
    return background.start(
        CATALOGUE_IMPORT,
        {"number": number, "filename": filename, "token": token, "user_id": actor.id},
        subject=None,
        label=f"{filename} ({rows})",
        actor=actor,
        now=now,
    )


def catalogue_import_work(
    number: int, filename: str, token: str, user_id: int, *, run: Run
) -> Result:
    from sqlalchemy import select

    from barometer.models import CatalogueVersion
    from barometer.services import catalogue_import

    path = Path(current_app.config["STORAGE_DIR"]) / "catalogue-imports" / f"{token}.bin"
    version = db.session.scalar(select(CatalogueVersion).where(CatalogueVersion.number == number))
    actor = db.session.get(User, user_id)
    if version is None or actor is None:
        raise RuntimeError("The import's catalogue version or user is gone.")
    run.progress(10, N_("Checking the file"))
    with run.part("import"):
        catalogue_import.import_file(
            version, filename, path.read_bytes(), actor=actor, now=utcnow()
        )
        db.session.commit()
    path.unlink(missing_ok=True)
    return Result("barometer.version", {"number": number})


def check_catalogue_file(version: Any, filename: str, data: bytes) -> list[Any]:
    """The problems of a file, checked as :func:`import_file` checks it; nothing is written.

    A large file is imported by a job; checking it first lets the page list its problems
    by row and column at once, as it does for a small file."""
    from barometer.errors import ImportProblem
    from barometer.services import catalogue_import
    from core.spreadsheets import UnreadableFile

    try:
        table = catalogue_import.read_file(filename, data)
    except UnreadableFile as err:
        return [ImportProblem(0, "", err.message, **err.params)]
    return list(catalogue_import.plan_import(version, table).problems)
