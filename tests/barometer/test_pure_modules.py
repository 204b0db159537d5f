"""The barometer's pure modules - rules and value objects - import neither Flask nor the
database, not directly and not through another module of the project.

Translated labels are the one exception: ``flask_babel.lazy_gettext`` makes a lazy string
that needs no application until it is shown (:mod:`barometer.units`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE = (
    "barometer.bilingual",
    "barometer.chart_data",
    "barometer.editions.dcat",
    "barometer.charts",
    "barometer.frequency",
    "barometer.indicator_status",
    "barometer.metadata_text",
    "barometer.period",
    "barometer.plain_summary",
    "barometer.rollup",
    "barometer.status",
    "barometer.status_method",
    "barometer.status_text",
    "barometer.svg",
    "barometer.units",
    "barometer.what_moved",
)
FORBIDDEN = {"flask", "flask_login", "flask_sqlalchemy", "flask_wtf", "sqlalchemy", "wtforms"}
ALLOWED = {"flask_babel.lazy_gettext"}
OWN = ("barometer", "core", "hearing")


def _path(module: str) -> Path:
    base = ROOT.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _imports(module: str) -> set[str]:
    """Every name imported anywhere in the module, inside functions too."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(_path(module).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _own_module(name: str) -> str | None:
    """The project module an imported name lives in, or None for a third-party name."""
    parts = name.split(".")
    if parts[0] not in OWN:
        return None
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if _path(candidate).exists():
            return candidate
    return None


def _reached(module: str) -> dict[str, set[str]]:
    """The module and every project module it imports, transitively, with their imports."""
    seen: dict[str, set[str]] = {}
    todo = [module]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen[current] = _imports(current)
        todo += [m for m in map(_own_module, seen[current]) if m and m not in seen]
    return seen


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_neither_flask_nor_the_database(module: str) -> None:
    offending = {
        (where, name)
        for where, names in _reached(module).items()
        for name in names
        if name.split(".")[0] in FORBIDDEN and name not in ALLOWED
    }
    assert not offending, offending


def test_the_list_names_modules_that_exist() -> None:
    assert all(_path(module).exists() for module in PURE)
