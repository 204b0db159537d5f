"""Structural figures of the code base, read with ``ast`` (nothing is imported or run).

    python scripts/architecture_metrics.py [ROOT] [--json]

For ``core``, ``barometer`` and ``hearing``: the modules over 400 lines, import cycles
(module-level imports only, and with the imports inside functions as well), the length
of route handlers (p50/p90, overall and per package), and the commits/rollbacks and
direct database queries written in view modules. ``tests/core/test_architecture.py``
uses the same import graph for its rules.
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("core", "barometer", "hearing")
LONG_MODULE = 400
SKIPPED_DIRS = {"tests", "migrations", "node_modules", "__pycache__"}
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}
QUERY_CALLS = {"execute", "scalar", "scalars", "get"}


@dataclass(frozen=True)
class Import:
    name: str  # dotted, relative imports resolved; ``from a import b`` gives ``a.b``
    line: int
    module_level: bool


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def python_files(root: Path, packages: Iterable[str] = PACKAGES) -> list[Path]:
    """The modules of ``packages`` (and ``app.py`` when it exists)."""
    files = [p for pkg in packages for p in sorted((root / pkg).rglob("*.py"))]
    if (root / "app.py").exists():
        files.append(root / "app.py")
    return [p for p in files if not SKIPPED_DIRS & set(p.relative_to(root).parts)]


def project_files(root: Path) -> list[Path]:
    """Every Python file outside tests/, migrations/ and hidden or installed folders."""
    return sorted(
        p
        for p in root.rglob("*.py")
        if not SKIPPED_DIRS & set(p.relative_to(root).parts)
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def imports(root: Path, path: Path) -> list[Import]:
    """Every import of a module, at module level or inside a function or class."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = module_name(root, path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    top_level = {id(node) for node in tree.body}
    found: list[Import] = []
    for node in ast.walk(tree):
        at_top = id(node) in top_level
        if isinstance(node, ast.Import):
            found += [Import(a.name, node.lineno, at_top) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found += [Import(f"{base}.{a.name}", node.lineno, at_top) for a in node.names]
    return found


def import_graph(root: Path, *, function_level: bool = True) -> dict[str, set[str]]:
    """Module -> the project modules it imports (``from a import b`` counts ``a.b`` when
    that is a module, else ``a``). Only imports inside functions when ``function_level``."""
    files = python_files(root)
    known = {module_name(root, p) for p in files}
    graph: dict[str, set[str]] = {}
    for path in files:
        edges: set[str] = set()
        for imp in imports(root, path):
            if imp.module_level or function_level:
                target = _known_prefix(imp.name, known)
                if target is not None:
                    edges.add(target)
        own = module_name(root, path)
        graph[own] = edges - {own}
    return graph


def _known_prefix(name: str, known: set[str]) -> str | None:
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), largest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(found, key=lambda c: (-len(c), c))


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def long_modules(root: Path, files: Iterable[Path], limit: int = LONG_MODULE) -> dict[str, int]:
    """Relative path -> line count of the modules over ``limit`` lines."""
    counts = {str(p.relative_to(root)): line_count(p) for p in files}
    return {path: n for path, n in sorted(counts.items()) if n > limit}


def route_handler_lengths(path: Path) -> list[int]:
    """Lines (``def`` to last line) of each function decorated with ``<bp>.route/get/post...``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lengths = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            isinstance(d, ast.Call)
            and isinstance(d.func, ast.Attribute)
            and d.func.attr in ROUTE_DECORATORS
            for d in node.decorator_list
        ):
            lengths.append((node.end_lineno or node.lineno) - node.lineno + 1)
    return lengths


def _is_db_session(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "session"
        and isinstance(node.value, ast.Name)
        and node.value.id == "db"
    )


def view_database_calls(path: Path) -> tuple[int, int]:
    """(commits + rollbacks, direct queries) written in one view module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    transactions = queries = 0
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and _is_db_session(func.value):
            transactions += func.attr in ("commit", "rollback")
            queries += func.attr in QUERY_CALLS
        elif (isinstance(func, ast.Name) and func.id == "select") or (
            isinstance(func, ast.Attribute) and func.attr == "select"
        ):
            queries += 1
    return transactions, queries


def _percentile(values: list[int], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return round(cuts[int(share * 100) - 1], 1)


def _is_view_module(root: Path, path: Path) -> bool:
    return "views" in path.relative_to(root).parts


def measure(root: Path) -> dict[str, object]:
    files = [p for p in python_files(root) if p.name != "app.py"]
    module_graph = import_graph(root, function_level=False)
    full_graph = import_graph(root, function_level=True)
    module_cycles, full_cycles = cycles(module_graph), cycles(full_graph)
    handlers: dict[str, list[int]] = {}
    transactions = queries = 0
    for path in files:
        package = path.relative_to(root).parts[0]
        handlers.setdefault(package, []).extend(route_handler_lengths(path))
        if _is_view_module(root, path):
            t, q = view_database_calls(path)
            transactions, queries = transactions + t, queries + q
    every_handler = [n for lengths in handlers.values() for n in lengths]
    long = long_modules(root, files)
    return {
        "root": str(root),
        "modules": len(files),
        "modules_over_400_lines": len(long),
        "long_modules": long,
        "import_cycles_module_level": {
            "count": len(module_cycles),
            "largest": max((len(c) for c in module_cycles), default=0),
        },
        "import_cycles_with_function_level": {
            "count": len(full_cycles),
            "largest": max((len(c) for c in full_cycles), default=0),
        },
        "route_handlers": {
            "count": len(every_handler),
            "p50": _percentile(every_handler, 0.5),
            "p90": _percentile(every_handler, 0.9),
            "per_package": {
                pkg: {
                    "count": len(lengths),
                    "p50": _percentile(lengths, 0.5),
                    "p90": _percentile(lengths, 0.9),
                }
                for pkg, lengths in sorted(handlers.items())
            },
        },
        "view_commits_and_rollbacks": transactions,
        "view_direct_queries": queries,
    }


def _print(figures: dict[str, object]) -> None:
    for key, value in figures.items():
        if key == "long_modules":
            for path, lines in value.items():  # type: ignore[attr-defined]
                print(f"    {lines:5d}  {path}")
        elif isinstance(value, dict):
            print(f"{key}: {json.dumps(value)}")
        else:
            print(f"{key}: {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = measure(Path(args.root).resolve())
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        _print(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
