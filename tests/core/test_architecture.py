"""The one-way dependency and the purity of services, checked by reading the imports."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _files(package: str, sub: str = "") -> list[Path]:
    return sorted((ROOT / package / sub).rglob("*.py"))


def test_barometer_does_not_import_hearing() -> None:
    for path in _files("barometer"):
        assert not any(n == "hearing" or n.startswith("hearing.") for n in _imports(path)), path


def test_core_imports_neither_domain_package_at_module_level() -> None:
    for path in _files("core"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # only module-level imports; demo.load imports lazily
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("barometer", "hearing")), path


def test_services_do_not_read_the_request_the_current_user_or_forms() -> None:
    forbidden = {"flask.request", "flask_login.current_user", "flask.session", "flask.g"}
    for package in ("core", "barometer", "hearing"):
        for path in _files(package, "services"):
            names = _imports(path)
            assert not names & forbidden, (path, names & forbidden)
            assert not any(n.endswith(".forms") or ".forms." in n for n in names), path


def test_pure_rule_modules_import_neither_flask_nor_sqlalchemy() -> None:
    for rel in (
        "barometer/status.py",
        "hearing/workflow.py",
        "hearing/canonical.py",
        "hearing/reminders.py",
    ):
        path = ROOT / rel
        if path.exists():
            names = _imports(path)
            assert not any(
                n.split(".")[0] in {"flask", "sqlalchemy", "flask_sqlalchemy"} for n in names
            )
