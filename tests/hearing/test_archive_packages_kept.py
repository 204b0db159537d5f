"""A stored archive package is kept ``ARCHIVE_PACKAGE_HOURS`` (docs/records.md): then
removed, audited, once (idempotent, after the commit); a package packed before its hearing's
personal data was erased goes with the purge; the job page and the package's link say it is
gone and offer to pack it again."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.clock import utcnow
from core.extensions import db as _db
from core.job_models import Job
from core.models import AuditEvent
from hearing.services.archive_packages import clean_packages
from hearing.services.hearing_jobs import archive_path, package_folder
from tests.factories import commit
from tests.hearing.consolidation_factories import consolidating_hearing
from tests.web import login, post, text_of

GONE_DA = "Arkivpakken gemmes ikke længere: en pakke gemmes i 5 timer, efter den blev pakket."


@pytest.fixture
def hearing(db: Any, configured: Any, tmp_path: Path) -> Any:
    configured(ARCHIVE_PACKAGE_HOURS=5, STORAGE_DIR=str(tmp_path))  # no other test's files
    hearing = consolidating_hearing()
    commit()
    return hearing


@pytest.fixture
def sek(client: FlaskClient, hearing: Any) -> FlaskClient:
    login(client, "sek@example.dk")
    return client


def _pack(client: FlaskClient, hearing: Any) -> Job:
    answer = post(client, f"/hearings/{hearing.id}/archive")
    assert answer.status_code == 303
    _db.session.expire_all()
    job = _db.session.get(Job, int(answer.location.rsplit("/", 1)[1]))
    assert job is not None and job.finished_at is not None
    assert archive_path(job.id).exists()
    return job


def _entries(action: str) -> list[AuditEvent]:
    return list(_db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_package_is_kept_its_hours_then_removed_once_and_audited(
    hearing: Any, sek: FlaskClient
) -> None:
    job = _pack(sek, hearing)
    packed = job.finished_at
    assert packed is not None
    assert clean_packages(packed + timedelta(hours=4, minutes=59))["expired"] == 0
    commit()
    assert archive_path(job.id).exists() and not _entries("hearing.archive_package_expired")

    assert clean_packages(packed + timedelta(hours=5))["expired"] == 1
    assert archive_path(job.id).exists()  # not before the commit
    commit()
    assert not archive_path(job.id).exists()
    (entry,) = _entries("hearing.archive_package_expired")
    assert (entry.object_type, entry.object_id) == ("Hearing", str(hearing.id))
    assert entry.actor_id is None and entry.changes == {"job": job.id, "stored_hours": 5}
    # Idempotent: a second run finds nothing and records nothing.
    assert set(clean_packages(packed + timedelta(hours=6)).values()) == {0}
    commit()
    assert len(_entries("hearing.archive_package_expired")) == 1
    audit_page = text_of(sek.get("/audit/"))
    assert "Gemt arkivpakke fjernet efter sine timer" in audit_page
    assert "Timer en pakke gemmes" in audit_page and "archive_package" not in audit_page


def test_a_rolled_back_clean_keeps_the_package_and_records_nothing(
    hearing: Any, sek: FlaskClient
) -> None:
    job = _pack(sek, hearing)
    assert job.finished_at is not None
    assert clean_packages(job.finished_at + timedelta(hours=5))["expired"] == 1
    _db.session.rollback()
    assert archive_path(job.id).exists() and not _entries("hearing.archive_package_expired")


def test_a_removed_package_says_it_is_gone_and_is_packed_again_from_its_page(
    hearing: Any, sek: FlaskClient
) -> None:
    job = _pack(sek, hearing)
    link = f"/hearings/{hearing.id}/archive/jobs/{job.id}.zip"
    assert f'href="{link}"' in text_of(sek.get(f"/jobs/{job.id}"))
    assert job.finished_at is not None
    clean_packages(job.finished_at + timedelta(hours=5))
    commit()

    page = text_of(sek.get(f"/jobs/{job.id}"))
    assert "Resultatet gemmes ikke længere" in page and GONE_DA in page
    assert f'href="{link}"' not in page  # no link to a file that is gone
    assert f'action="/hearings/{hearing.id}/archive"' in page
    assert "Pak arkivpakken igen" in page
    answer = sek.get(link)
    assert answer.status_code == 410 and answer.mimetype == "text/html"
    gone = text_of(answer)
    assert GONE_DA in gone and f'action="/hearings/{hearing.id}/archive"' in gone

    again = _pack(sek, hearing)  # the button's POST
    assert again.id != job.id
    package = sek.get(f"/hearings/{hearing.id}/archive/jobs/{again.id}.zip")
    assert package.status_code == 200 and package.mimetype == "application/zip"

    post(sek, "/language", {"locale": "en", "next": "/"})
    english = text_of(sek.get(f"/jobs/{job.id}"))
    assert "The result is no longer stored" in english
    assert "a package is kept for 5 hours after it was packed" in english
    assert "Pack the archive package again" in english


def test_the_privacy_purge_removes_the_packages_packed_before_it(
    app: Flask, db: Any, client: FlaskClient, configured: Any, tmp_path: Path
) -> None:
    """A decided hearing past its retention date: the purge erases its personal data and,
    in the same run, the package packed before; one packed afterwards is kept."""
    from hearing.services.decision import record_decision
    from tests.hearing.consolidation_factories import LATER
    from tests.hearing.factories import secretariat
    from tests.hearing.test_decision_services import _data, _prepared

    configured(ARCHIVE_PACKAGE_HOURS=5, STORAGE_DIR=str(tmp_path))
    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    login(client, "sek@example.dk")
    before = _pack(client, hearing)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "hearings: hearings 1" in result.output
    assert "archive packages: expired 0, purged 1, orphaned 0, unfinished 0." in result.output
    assert not archive_path(before.id).exists()
    (entry,) = _entries("hearing.archive_package_purged")
    assert entry.object_id == str(hearing.id) and entry.changes == {"job": before.id}
    page = text_of(client.get(f"/jobs/{before.id}"))
    assert "Arkivpakken blev fjernet, da høringens personoplysninger blev slettet" in page

    after = _pack(client, hearing)  # holds no erased data: it goes by its hours
    again = runner.invoke(args=["privacy", "purge"])
    assert "archive packages: expired 0, purged 0, orphaned 0, unfinished 0." in again.output
    assert archive_path(after.id).exists()


def test_the_command_removes_old_files_no_job_refers_to_and_keeps_new_ones(
    app: Flask, hearing: Any
) -> None:
    folder = package_folder()
    folder.mkdir(parents=True, exist_ok=True)
    old = utcnow().timestamp() - 6 * 3600

    def stored(name: str, *, aged: bool) -> Path:
        path = folder / name
        path.write_bytes(b"PK")
        if aged:
            os.utime(path, (old, old))
        return path

    orphan, fresh = stored("job-987654.zip", aged=True), stored("job-987655.zip", aged=False)
    killed, other = stored(".job-987656.zip.part", aged=True), stored("notes.txt", aged=True)
    result = app.test_cli_runner().invoke(args=["hearing", "archive-clean"])
    assert result.exit_code == 0, result.output
    assert "expired 0, purged 0, orphaned 1, unfinished 1." in result.output
    assert not orphan.exists() and not killed.exists()
    assert fresh.exists() and other.exists()
    (entry,) = _entries("hearing.archive_package_expired")
    assert (entry.object_type, entry.object_id) == ("Job", "987654")
    again = app.test_cli_runner().invoke(args=["hearing", "archive-clean"])
    assert "expired 0, purged 0, orphaned 0, unfinished 0." in again.output
