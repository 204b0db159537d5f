"""``flask barometer import-measurements``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from barometer.models import Measurement
from tests.barometer.factories import administration
from tests.barometer.reading_factories import make_period, make_reading_catalogue
from tests.factories import make_data_contact


def setup_site(db: Any) -> None:
    make_reading_catalogue()
    make_period("2007-H1")
    make_data_contact(administration("BIF"), "bif@example.dk")
    db.session.commit()


def test_the_cli_imports_a_file_for_a_period_as_a_user(app: Flask, db: Any, tmp_path: Path) -> None:
    setup_site(db)
    path = tmp_path / "maalinger.csv"
    path.write_text("Periode;Indikatorkode;Værdi\n2007-H1;A1-M1-I1;46,4\n", encoding="utf-8-sig")
    args = ["barometer", "import-measurements", str(path), "--period", "2007-H1"]
    result = app.test_cli_runner().invoke(args=[*args, "--as", "bif@example.dk"])
    assert result.exit_code == 0, result.output
    assert "Imported 1 new value and 0 corrections" in result.output
    assert db.session.scalar(select(Measurement.value)) == Decimal("46.4")


def test_the_cli_lists_every_problem_and_writes_nothing(
    app: Flask, db: Any, tmp_path: Path
) -> None:
    setup_site(db)
    path = tmp_path / "maalinger.csv"
    path.write_text(
        "Periode;Indikatorkode;Værdi\n2007-H1;A1-M1-I1;46,4\n2007-H1;A1-M1-C;3\n2007-H2;X;1\n",
        encoding="utf-8",
    )
    args = ["barometer", "import-measurements", str(path), "--period", "2007-H1"]
    result = app.test_cli_runner().invoke(args=[*args, "--as", "bif@example.dk"])
    assert result.exit_code == 1
    assert "row 3, code: A1-M1-C belongs to BUF" in result.output
    assert "row 4, period: The row is for the period 2007-H2, not 2007-H1." in result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Measurement.id))) == 0
