"""``flask --app app hearing ...``: the commands cron runs. Both are idempotent."""

from __future__ import annotations

import click
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
