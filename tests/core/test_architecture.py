"""The layering rules, checked by reading the imports (at module level and inside functions)
and the view modules' calls; every rule holds without an allow-list."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _load_metrics() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "architecture_metrics", ROOT / "scripts/architecture_metrics.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


metrics = _load_metrics()

# The one place a view's commit is written, and the error pages that roll a failed request back.
UNIT_OF_WORK = {"core/views/unit_of_work.py", "core/views/errors.py"}
PURE_MODULES = (
    "barometer/bilingual.py",
    "barometer/catalogue_data.py",
    "barometer/change_contract.py",
    "barometer/chart_data.py",
    "barometer/frequency.py",
    "barometer/indicator_status.py",
    "barometer/metadata_text.py",
    "barometer/period.py",
    "barometer/plain_summary.py",
    "barometer/version_in_force.py",
    "barometer/rollup.py",
    "barometer/status.py",
    "barometer/status_method.py",
    "barometer/status_text.py",
    "barometer/svg.py",
    "barometer/diff.py",
    "barometer/charts.py",
    "barometer/overview.py",
    "hearing/calendar.py",
    "hearing/canonical.py",
    "hearing/proposals.py",
    "hearing/reminders.py",
    "hearing/response_content.py",
    "hearing/response_fields.py",
    "hearing/workflow.py",
    "core/clock.py",
    "core/errors.py",
)
WIRING = {"core/__init__.py", "barometer/__init__.py", "hearing/__init__.py"}


def _imports(path: Path) -> set[str]:
    return {imp.name for imp in metrics.imports(ROOT, path)}


def _files(package: str, sub: str = "") -> list[Path]:
    return sorted((ROOT / package / sub).rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _names_package(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in packages)


def test_barometer_does_not_import_hearing() -> None:
    for path in _files("barometer"):
        assert not any(_names_package(n, "hearing") for n in _imports(path)), path


def test_core_imports_neither_a_domain_package_nor_the_app_at_any_level() -> None:
    for path in _files("core"):
        bad = {n for n in _imports(path) if _names_package(n, "barometer", "hearing", "app")}
        assert not bad, (path, bad)


def test_services_do_not_read_the_request_the_current_user_or_forms() -> None:
    forbidden = {"flask.request", "flask_login.current_user", "flask.session", "flask.g"}
    for package in ("core", "barometer", "hearing"):
        for path in _files(package, "services"):
            names = _imports(path)
            assert not names & forbidden, (path, names & forbidden)
            assert not any(n.endswith(".forms") or ".forms." in n for n in names), path


def test_queries_never_import_services() -> None:
    queries = [
        *sorted(ROOT.glob("core/queries*.py")),
        *sorted(ROOT.glob("barometer/queries*.py")),
        *_files("barometer", "queries"),
        *_files("hearing", "queries"),
    ]
    offenders = {
        _rel(path)
        for path in queries
        if any(n.endswith(".services") or ".services." in n for n in _imports(path))
    }
    assert not offenders, offenders


def test_nothing_but_views_and_the_wiring_imports_views() -> None:
    offenders = set()
    for package in ("core", "barometer", "hearing"):
        for path in _files(package):
            if "views" in path.relative_to(ROOT).parts or _rel(path) in WIRING:
                continue
            if any(n.split(".")[1:2] == ["views"] for n in _imports(path)):
                offenders.add(_rel(path))
    assert not offenders, offenders


def test_views_leave_commits_to_the_unit_of_work_and_queries_to_the_queries() -> None:
    """No ``db.session.commit/rollback/execute/scalar(s)/get`` nor ``select(...)`` in views."""
    found = {}
    for package in ("core", "barometer", "hearing"):
        for path in _files(package, "views"):
            if _rel(path) in UNIT_OF_WORK:
                continue
            transactions, queries = metrics.view_database_calls(path)
            if transactions or queries:
                found[_rel(path)] = (transactions, queries)
    assert not found, found


def test_pure_rule_modules_import_neither_flask_nor_sqlalchemy() -> None:
    for rel in PURE_MODULES:
        path = ROOT / rel
        if path.exists():
            names = {n.split(".")[0] for n in _imports(path)}
            assert not any(n.startswith(("flask", "sqlalchemy")) for n in names), rel


def test_the_import_graph_has_no_cycle() -> None:
    """Module-level and function-level imports over core, barometer, hearing and app.py."""
    found = metrics.cycles(metrics.import_graph(ROOT, function_level=True))
    assert not found, found


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert metrics.cycles(graph) == [["a", "b", "c"]]
    assert metrics.cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_is_over_400_lines_outside_tests_and_migrations() -> None:
    long = metrics.long_modules(ROOT, metrics.project_files(ROOT))
    assert not long, long
