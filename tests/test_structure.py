"""The shape docs/design.md promises, held by the code itself: no module over 500 lines, no
function over 60, no `assert isinstance` narrowing, no two modules importing each other."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

from helpers import ROOT

SRC = ROOT / "src"
FILES = sorted((SRC / "tripplan").rglob("*.py"))


def _module(path: Path) -> str:
    name = ".".join(path.relative_to(SRC).with_suffix("").parts)
    return name.removesuffix(".__init__")


MODULES = {_module(p): p for p in FILES}


def test_no_module_is_over_500_lines() -> None:
    big = {m: n for m, p in MODULES.items() if (n := p.read_text().count("\n")) > 500}
    assert big == {}


def test_no_function_is_over_60_lines() -> None:
    long = [
        f"{m}:{node.name} {node.end_lineno - node.lineno + 1}"
        for m, p in MODULES.items()
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 60
    ]
    assert long == []


def test_no_assert_narrows_a_type() -> None:
    narrowing = [
        f"{m}:{node.lineno}"
        for m, p in MODULES.items()
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.Assert) and "isinstance" in ast.unparse(node.test)
    ]
    assert narrowing == []


def _imports(module: str, path: Path) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            subs = {f"{base}.{a.name}" for a in node.names} & MODULES.keys()
            found |= subs
            if base in MODULES and len(subs) < len(node.names):
                found.add(base)  # a name defined in the module itself, not a submodule
    return found


def test_no_two_modules_import_each_other() -> None:
    imports = {m: _imports(m, p) for m, p in MODULES.items()}
    mutual = [
        (a, b)
        for a, b in itertools.combinations(sorted(MODULES), 2)
        if b in imports[a] and a in imports[b]
    ]
    assert mutual == []
    assert "tripplan.model" in imports["tripplan.load"]  # the walk sees imports at all
