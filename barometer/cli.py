"""Command-line commands of ``barometer``: ``flask --app app barometer import-measurements``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from barometer import measurement_import as mi
from barometer.errors import ImportRejected
from barometer.reading import catalogue_in_force
from barometer.services import measurements as svc
from core.clock import utcnow
from core.errors import DomainError
from core.extensions import db
from core.services.accounts import find_user_by_email

barometer_cli = AppGroup("barometer", help="The barometer: measurements and readings.")


@barometer_cli.command("import-measurements")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--period", "period_code", required=True, help="The half-year, e.g. 2007-H1.")
@click.option("--as", "email", required=True, help="E-mail of the user the values are entered as.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def import_measurements_command(file: Path, period_code: str, email: str, dry_run: bool) -> None:
    """Import an XLSX or CSV file of values for a period, all or nothing."""
    actor = find_user_by_email(email)
    if actor is None or not actor.active:
        raise click.ClickException(f"No active user with the e-mail address {email}.")
    period = svc.period_by_code(period_code.strip().upper())
    if period is None:
        raise click.ClickException(f"No measurement period {period_code}.")
    catalogue = catalogue_in_force(period.period)
    if catalogue is None:
        raise click.ClickException(f"No catalogue version is in force for {period.code}.")
    specs = catalogue.specs()
    data = file.read_bytes()
    try:
        if dry_run:
            result, _entries = svc.plan_file(period, file.name, data, specs, actor=actor)
            if result.problems:
                raise ImportRejected(result.problems)
        else:
            result = svc.import_file(period, file.name, data, specs, actor=actor, now=utcnow())
    except ImportRejected as err:
        db.session.rollback()
        for p in err.problems:
            click.echo(f"row {p.row}, {p.column or '-'}: {p.text()}", err=True)
        raise click.ClickException(f"Nothing was imported: {len(err.problems)} problems.") from err
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(str(err)) from err
    new = len(result.of_kind(mi.ChangeKind.NEW))
    corrected = len(result.of_kind(mi.ChangeKind.CORRECTION))
    unchanged = len(result.of_kind(mi.ChangeKind.UNCHANGED))
    told = (
        f"{_count(new, 'new value')} and {_count(corrected, 'correction')} ({unchanged} unchanged)."
    )
    if dry_run:
        db.session.rollback()
        click.echo(f"Would import {told}")
        return
    db.session.commit()
    click.echo(f"Imported {told}")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@barometer_cli.command("export-site")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--edition", "edition_id", type=int, help="Export only this published edition.")
def export_site_command(directory: Path, edition_id: int | None) -> None:
    """Write the public site of published editions as static files into DIRECTORY."""
    from barometer.editions.export import export_site

    try:
        result = export_site(directory, edition_id)
    except ValueError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Wrote {len(result.files)} files and folders to {directory}.")
