"""``flask --app app privacy purge``: the retention job, safe to run from cron (docs/privacy.md)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from core.clock import utcnow
from core.extensions import db

privacy_cli = AppGroup("privacy", help="Personal data: retention and erasure.")


@privacy_cli.command("purge")
def purge_command() -> None:
    """Purge personal data that is due: hearings past their retention date, inactive users.

    Idempotent: what was purged is not touched again, so a second run does nothing.
    """
    from core.services import privacy

    try:
        report = privacy.purge(utcnow())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for step, counts in report.items():
        done = ", ".join(f"{name} {count}" for name, count in counts.items())
        click.echo(f"{step}: {done}.")
