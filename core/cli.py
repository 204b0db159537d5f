"""Command-line commands of ``core``: users, demo data, mail outbox, job worker, backups."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from core.clock import utcnow
from core.errors import DomainError
from core.extensions import db
from core.models import Body, Role, User

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="The demo data.")
mail_cli = AppGroup("mail", help="The mail outbox.")
jobs_cli = AppGroup("jobs", help="Background jobs (RQ).")


def _body_id(code: str) -> int:
    body = db.session.scalar(select(Body).where(Body.code == code))
    if body is None:
        raise click.BadParameter(f"Unknown body code {code!r}.")
    return body.id


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--locale", type=click.Choice(["da", "en"]), default="da", show_default=True)
@click.option("--admin", is_flag=True, help="Administrator: users, bodies and roles.")
@click.option("--secretariat", is_flag=True, help="Secretariat: catalogue, hearings, publishing.")
@click.option("--member", "member_of", multiple=True, metavar="CODE", help="Member of a body.")
@click.option(
    "--data-contact",
    "data_contact_for",
    multiple=True,
    metavar="CODE",
    help="Data contact for an administration.",
)
def create_user_command(
    email: str,
    name: str,
    password: str,
    locale: str,
    admin: bool,
    secretariat: bool,
    member_of: tuple[str, ...],
    data_contact_for: tuple[str, ...],
) -> None:
    """Create a user account."""
    from core.services.accounts import RoleData, UserData, create_user

    roles = [RoleData(Role.ADMIN)] if admin else []
    roles += [RoleData(Role.SECRETARIAT)] if secretariat else []
    roles += [RoleData(Role.MEMBER, _body_id(code)) for code in member_of]
    roles += [RoleData(Role.DATA_CONTACT, _body_id(code)) for code in data_contact_for]
    try:
        user = create_user(
            UserData(email, name, locale=locale, roles=tuple(roles)),
            password,
            actor=None,
            now=utcnow(),
        )
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(str(err)) from err
    db.session.commit()
    click.echo(f"Created user {user.email} (id {user.id}).")


@users_cli.command("list")
def list_users_command() -> None:
    """List user accounts with their roles."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        roles = ", ".join(
            f"{m.role}{'@' + m.body.code if m.body else ''}" for m in user.memberships
        )
        state = "" if user.active else " (deactivated)"
        click.echo(f"{user.email}{state}: {roles}")


def _print_logins() -> None:
    from flask import current_app

    from core.demo import demo_logins

    logins = demo_logins()
    if logins:
        click.echo(f"Demo log-ins (password: {current_app.config['DEMO_PASSWORD']}):")
    for email, role in logins:
        click.echo(f"  {email:28} {role}")


@demo_cli.command("load")
def load_demo_command() -> None:
    """Load the demo data (idempotent: a second run changes nothing)."""
    from core.demo import load_demo

    steps = load_demo(utcnow())
    db.session.commit()
    click.echo("Demo data loaded: " + ", ".join(steps) + ".")
    _print_logins()


@demo_cli.command("load-if-empty")
def load_demo_if_empty_command() -> None:
    """Load the demo data only into an empty database (used by `make run`)."""
    from core.demo import load_demo

    if db.session.scalar(select(User.id).limit(1)) is None:
        load_demo(utcnow())
        db.session.commit()
        click.echo("Demo data loaded into the empty database.")
    else:
        click.echo("The database has data; the demo was not loaded again.")
    _print_logins()


@mail_cli.command("send")
@click.option("--limit", default=1000, show_default=True, help="At most this many messages.")
def send_mail_command(limit: int) -> None:
    """Send every queued message that is due (safe to run often, e.g. from cron)."""
    from core.mail import send_due_emails

    report = send_due_emails(utcnow(), limit=limit)
    click.echo(f"Sent {report.sent}, to retry {report.deferred}, failed {report.failed}.")


@mail_cli.command("list")
@click.option("--status", type=click.Choice(["queued", "sent", "failed"]), default=None)
@click.option("--limit", default=50, show_default=True)
def list_mail_command(status: str | None, limit: int) -> None:
    """List the newest messages in the outbox."""
    from core.mail import OutboundEmail

    query = select(OutboundEmail).order_by(OutboundEmail.id.desc()).limit(limit)
    if status:
        query = query.where(OutboundEmail.status == status)
    for email in db.session.scalars(query):
        when = email.sent_at or email.next_attempt_at
        click.echo(
            f"{email.id:>6} {email.status:<6} attempts={email.attempts} "
            f"{when.isoformat(timespec='minutes') if when else '-':<25} "
            f"{email.to_address} | {email.subject}"
        )
        if email.status != "sent" and email.last_error:
            click.echo(f"       last error: {email.last_error}")


@mail_cli.command("test")
@click.argument("address")
@click.option("--locale", type=click.Choice(["da", "en"]), default="da", show_default=True)
def test_mail_command(address: str, locale: str) -> None:
    """Queue a test message to ADDRESS (then run `mail send` to check the SMTP settings)."""
    from core.mail import queue_templated_email

    queue_templated_email(address, "test_message", {}, now=utcnow(), locale=locale)
    db.session.commit()
    click.echo(f"Queued a test message to {address}.")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--simple", is_flag=True, help="Run jobs in this process instead of a fork.")
@click.option("--queue", "queues", multiple=True, help="Queue to listen on (repeatable).")
def worker_command(burst: bool, simple: bool, queues: tuple[str, ...]) -> None:
    """Run an RQ worker that runs each job inside the app."""
    from core import jobs

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set; jobs run in-process after commits.")
    if not simple:
        from core.pdf import warm_up

        warm_up()  # once here, not in every forked work horse
    jobs.serve(app, queues, burst=burst, simple=simple)


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def backup_command(directory: Path) -> None:
    """Back up the database and the stored files into DIRECTORY (new or empty)."""
    from core import backup

    try:
        manifest = backup.create_backup(
            directory, db.engine, backup.folders_of(current_app.config), now=utcnow()
        )
    except backup.BackupError as err:
        raise click.ClickException(str(err)) from err
    click.echo(
        f"Backed up the {manifest.database} database (revision {manifest.alembic_revision}) "
        f"and {', '.join(manifest.folders)} into {directory}: {len(manifest.files)} files."
    )


@click.command("restore")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database or folders that hold data.")
def restore_command(directory: Path, force: bool) -> None:
    """Restore the backup in DIRECTORY, after checking every file against its manifest."""
    from core import backup

    db.session.remove()  # the restore needs the database to itself
    try:
        manifest = backup.restore_backup(
            directory, db.engine, backup.folders_of(current_app.config), force=force
        )
    except backup.BackupError as err:
        raise click.ClickException(str(err)) from err
    click.echo(
        f"Restored the backup of {manifest.created_at} (revision {manifest.alembic_revision}). "
        "Run `flask --app app db upgrade` if this code is newer than the backup."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    from core.privacy_cli import privacy_cli
    from core.services import privacy, subscription_retention, subscriptions, user_privacy

    app.cli.add_command(privacy_cli)
    privacy.register_step(app, 80, "subscriptions", subscription_retention.purge_subscription_mail)
    privacy.register_step(app, 90, "users", user_privacy.purge_inactive_users)
    user_privacy.register_exporter(app, "subscription", subscriptions.export_for)
    user_privacy.register_eraser(app, subscriptions.erase_for)
