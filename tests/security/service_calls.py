"""A static reading of the service modules: which functions change state and which write
an audit entry, following calls between service functions (used by
tests/security/test_audit_completeness.py)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import config

ROOT = config.BASE_DIR
PACKAGES = ("core", "barometer", "hearing")
# What writes to the database: a session's add/delete/flush/merge, an UPDATE/DELETE/INSERT
# statement, or a change of an attribute or a collection of a loaded object.
SESSION_WRITES = {"add", "add_all", "delete", "flush", "merge", "bulk_save_objects"}
STATEMENT_WRITES = {"update", "delete", "insert"}
COLLECTION_WRITES = {"append", "remove", "extend", "clear", "pop", "insert"}
AUDIT_CALLS = {("audit", "record"), ("audit", "record_many")}


@dataclass
class Function:
    module: str  # "hearing.services.annexes"
    name: str
    node: ast.FunctionDef
    writes: list[str] = field(default_factory=list)  # why it counts as changing state
    audits: bool = False
    calls: set[tuple[str, str]] = field(default_factory=set)  # (module, function)

    @property
    def key(self) -> str:
        return f"{self.module}.{self.name}"

    @property
    def public(self) -> bool:
        return not self.name.startswith("_")


def service_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package / "services").glob("*.py")):
            if path.name != "__init__.py":
                found[f"{package}.services.{path.stem}"] = path
    return found


def _imports(tree: ast.Module, modules: set[str]) -> dict[str, tuple[str, str | None]]:
    """Local name -> (service module, function or None for the module itself)."""
    names: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.module is None:
            continue
        for alias in node.names:
            local = alias.asname or alias.name
            as_module = f"{node.module}.{alias.name}"
            if as_module in modules:
                names[local] = (as_module, None)
            elif node.module in modules:
                names[local] = (node.module, alias.name)
    return names


def _parameters(node: ast.FunctionDef) -> set[str]:
    args = node.args
    return {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _read(fn: Function, module_functions: set[str], imported: dict) -> None:
    params = _parameters(fn.node) - {"actor", "now"}
    for node in ast.walk(fn.node):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute | ast.Subscript) and _root_name(target) in (
                    params | {"row", "obj"}
                ):
                    fn.writes.append(f"sets {ast.unparse(target)}")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = ast.unparse(func.value)
            if func.attr in SESSION_WRITES and owner.endswith("session"):
                fn.writes.append(f"{owner}.{func.attr}")
            elif func.attr == "execute" and owner.endswith("session") and node.args:
                first = node.args[0]
                inner = first.func if isinstance(first, ast.Call) else None
                while isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Call):
                    inner = inner.value.func
                if isinstance(inner, ast.Name) and inner.id in STATEMENT_WRITES:
                    fn.writes.append(f"{inner.id} statement")
            elif (
                func.attr in COLLECTION_WRITES
                and _root_name(func.value) in params
                and isinstance(func.value, ast.Attribute)
            ):
                fn.writes.append(f"{owner}.{func.attr}")
            if (owner, func.attr) in AUDIT_CALLS:
                fn.audits = True
            if owner in imported and imported[owner][1] is None:
                fn.calls.add((imported[owner][0], func.attr))
        elif isinstance(func, ast.Name):
            if func.id in module_functions:
                fn.calls.add((fn.module, func.id))
            elif func.id in imported and imported[func.id][1] is not None:
                fn.calls.add(imported[func.id])  # type: ignore[arg-type]


def read_services() -> dict[str, Function]:
    modules = service_modules()
    functions: dict[str, Function] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = _imports(tree, set(modules))
        defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        names = {d.name for d in defs}
        for d in defs:
            fn = Function(module, d.name, d)
            _read(fn, names, imported)
            functions[fn.key] = fn
    return functions


def closure(functions: dict[str, Function], key: str, attribute: str) -> bool:
    """Whether the function or one it calls (transitively) writes or audits."""
    seen: set[str] = set()
    todo = [key]
    while todo:
        current = todo.pop()
        if current in seen or current not in functions:
            continue
        seen.add(current)
        fn = functions[current]
        if getattr(fn, attribute):
            return True
        todo.extend(f"{m}.{n}" for m, n in fn.calls)
    return False
