"""The ``bench`` commands of ``flask --app app``: synthetic data at a named scale.

    flask --app app bench seed --scale small|large|huge [--seed N]

Registered by the app factory; the domain code is imported only when a command runs.
"""

from __future__ import annotations

import sys
import time
from dataclasses import asdict
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

bench_cli = AppGroup("bench", help="Synthetic data for the benchmarks.")

NOT_EMPTY = 2  # the exit code when the database already holds data


@bench_cli.command("seed")
@click.option(
    "--scale",
    "scale_name",
    type=click.Choice(["small", "large", "huge"]),
    required=True,
    help="How much data: see bench/README.md.",
)
@click.option("--seed", "seed_value", type=int, default=2007, show_default=True)
def seed_command(scale_name: str, seed_value: int) -> None:
    """Fill an EMPTY database with synthetic data at a named scale (the same seed gives
    the same data). The secretariat user logs in with DEMO_PASSWORD."""
    from bench.scales import SCALES
    from bench.seed import SECRETARIAT_EMAIL, content_digest, is_empty, seed
    from core.extensions import db

    if not is_empty():
        click.echo(
            "The database already holds data; nothing was seeded. Seed an empty database "
            "(a new one after `flask --app app db upgrade`).",
            err=True,
        )
        sys.exit(NOT_EMPTY)
    scale = SCALES[scale_name]
    started = time.perf_counter()
    try:
        seeded = seed(
            scale,
            seed=seed_value,
            password=current_app.config["DEMO_PASSWORD"],
            folder=Path(current_app.config["UPLOAD_FOLDER"]),
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    seconds = time.perf_counter() - started
    click.echo(f"Seeded scale {scale.name} (seed {seed_value}) in {seconds:.1f} s:")
    for name, count in asdict(seeded).items():
        click.echo(f"  {name.replace('_', ' '):18} {count}")
    click.echo(f"  content digest     {content_digest()}")
    click.echo(f"Secretariat log-in: {SECRETARIAT_EMAIL} (password: DEMO_PASSWORD).")
