"""Each package's init_app wires its parts into the app it is given, and only into it."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import barometer
import hearing
from app import create_app
from config import TestingConfig
from core import demo, navigation, permissions
from core.demo import load_demo

NOW = datetime(2026, 1, 1, 12, 0)
ROOT = Path(__file__).resolve().parents[2]


def _endpoints(app: Flask) -> set[str]:
    return {entry.endpoint for entry in navigation.entries(app)}


def _fresh_app(tmp_path: Any) -> Flask:
    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/other.sqlite3")


def test_create_app_wires_every_package(app: Flask) -> None:
    assert {"main", "auth", "admin", "audit", "api", "barometer", "hearing"} <= set(app.blueprints)
    assert {"users", "demo", "mail", "jobs", "barometer", "hearing"} <= set(
        app.cli.list_commands(None)
    )  # type: ignore[arg-type]
    assert {"main.index", "barometer.catalogue_index", "hearing.index", "hearing.mine"} <= (
        _endpoints(app)
    )
    predicates = permissions.predicates(app)
    assert {"can_manage_users", "can_view_catalogue", "can_list_hearings"} <= set(predicates)
    names = [name for _, name, _ in demo.steps(app)]
    assert names[:3] == ["bodies", "users", "catalogue"] and "open hearing" in names


def test_barometer_init_app_registers_only_its_own_parts_on_a_bare_app() -> None:
    bare = Flask("bare")
    barometer.init_app(bare)
    assert set(bare.blueprints) == {"barometer"}
    assert "barometer" in bare.cli.commands
    assert _endpoints(bare) == {
        "barometer.catalogue_index",
        "barometer.reading_index",
        "barometer.measurements_index",
        "barometer.editions_index",
    }
    assert "can_view_catalogue" in permissions.predicates(bare)
    assert "can_manage_users" not in permissions.predicates(bare)
    assert next(name for _, name, _ in demo.steps(bare)) == "catalogue"
    assert "reading_symbol" in bare.jinja_env.globals


def test_hearing_init_app_registers_only_its_own_parts_on_a_bare_app() -> None:
    bare = Flask("bare")
    hearing.init_app(bare)
    assert set(bare.blueprints) == {"hearing"}
    assert "hearing" in bare.cli.commands
    assert _endpoints(bare) == {"hearing.mine", "hearing.index", "hearing.public_index"}
    assert set(permissions.predicates(bare)) == set(hearing.permissions.PREDICATES)
    assert "hearing_can" in bare.jinja_env.globals
    assert "barometer.origin_link" in bare.extensions


def test_two_apps_in_one_process_share_no_menu_predicates_or_demo_steps(
    app: Flask, tmp_path: Any
) -> None:
    other = _fresh_app(tmp_path)
    navigation.register(other, 99, "main.index_copy", "Extra", lambda user: True)
    permissions.register_predicates(other, {"can_fly": lambda user: True})
    demo.register_step(other, 99, "extra step", lambda data, now: None)

    assert "main.index_copy" in _endpoints(other)
    assert "main.index_copy" not in _endpoints(app)
    assert "can_fly" not in permissions.predicates(app)
    assert "extra step" not in [name for _, name, _ in demo.steps(app)]
    assert _endpoints(other) - {"main.index_copy"} == _endpoints(app)


def test_a_menu_entry_is_registered_once_per_app() -> None:
    bare = Flask("bare")
    navigation.register(bare, 1, "x.page", "Page", lambda user: True)
    navigation.register(bare, 2, "x.page", "Page again", lambda user: True)
    assert [(e.order, e.label) for e in navigation.entries(bare)] == [(1, "Page")]


def test_the_demo_loader_runs_the_registered_steps_in_order_up_to_until(
    app: Flask, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []

    def step(name: str) -> demo.DemoStep:
        return lambda data, now: ran.append(name)

    monkeypatch.setitem(app.extensions, "core.demo_steps", [])
    demo.register_step(app, 20, "second", step("second"))
    demo.register_step(app, 10, "first", step("first"))
    demo.register_step(app, 30, "third", step("third"))

    assert load_demo(NOW, until=20) == ["first", "second"]
    assert ran == ["first", "second"]
    assert load_demo(NOW) == ["first", "second", "third"]


def test_importing_every_core_module_loads_no_domain_package_and_not_the_app() -> None:
    script = (
        "import pkgutil, sys, core\n"
        "for info in pkgutil.walk_packages(core.__path__, 'core.'):\n"
        "    __import__(info.name)\n"
        "domain = ('app', 'barometer', 'hearing')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in domain))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
