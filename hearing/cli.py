"""``flask --app app hearing ...``: the commands cron runs (all idempotent), and the archive."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from core.clock import utcnow
from core.extensions import db

hearing_cli = AppGroup("hearing", help="Hearings: the commands cron runs.")


@hearing_cli.command("close-expired")
def close_expired_command() -> None:
    """Close every open hearing whose deadlines (extensions included) have all passed."""
    from hearing.services.transitions import close_expired

    closed = close_expired(utcnow())
    db.session.commit()
    for hearing in closed:
        click.echo(f"Closed {hearing.reference}.")
    click.echo(f"{len(closed)} hearing(s) closed.")


@hearing_cli.command("send-reminders")
def send_reminders_command() -> None:
    """Queue the reminders that are due; a reminder already sent is never sent again."""
    from hearing.services.notifications import send_reminders

    sent = send_reminders(utcnow())
    db.session.commit()
    click.echo(f"{sent} reminder(s) queued.")


@hearing_cli.command("archive-clean")
def archive_clean_command() -> None:
    """Remove the stored archive packages past ARCHIVE_PACKAGE_HOURS, and those packed before
    their hearing's personal data was erased (also a step of `privacy purge`)."""
    from hearing.services.archive_packages import clean_packages

    try:
        counts = clean_packages(utcnow())
        db.session.commit()  # the files go once the audit entries are committed
    except Exception:
        db.session.rollback()
        raise
    done = ", ".join(f"{name} {count}" for name, count in counts.items())
    click.echo(f"Archive packages removed: {done}.")


@hearing_cli.command("archive")
@click.argument("hearing_id", type=int)
@click.argument("directory", type=click.Path(file_okay=False, writable=True))
def archive_command(hearing_id: int, directory: str) -> None:
    """Write the hearing's archive package for the records system into DIRECTORY."""
    from pathlib import Path

    from hearing import archive
    from hearing.models import Hearing

    hearing = db.session.get(Hearing, hearing_id)
    if hearing is None or hearing.issued_at is None:
        raise click.ClickException(f"No issued hearing {hearing_id}.")
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    path = target / archive.filename(hearing)
    partial = path.with_name(path.name + ".part")  # a failed run leaves no half package
    with current_app.test_request_context("/"), partial.open("wb") as out:
        archive.write_package(hearing, out)  # the documents' templates need a request
    partial.replace(path)
    click.echo(f"Wrote {path}.")
