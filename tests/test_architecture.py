"""Tests of mgcalc's shape: every raise is a MgcalcError, the imports form no cycle, and the
domain never imports its presentation."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

import mgcalc.errors as errors

SOURCE = Path(__file__).resolve().parents[1] / "src" / "mgcalc"
MODULES = sorted(SOURCE.rglob("*.py"))

MGCALC_ERRORS = {
    name
    for name in dir(errors)
    if isinstance(getattr(errors, name), type) and issubclass(getattr(errors, name), Exception)
    and issubclass(getattr(errors, name), errors.MgcalcError)
} | {"CommandError"}  # fmt: skip
BUILTIN_ERRORS = {
    name
    for name in dir(builtins)
    if isinstance(getattr(builtins, name), type)
    and issubclass(getattr(builtins, name), BaseException)
}

ALLOWED: dict[str, str] = {
    "AttributeError": "a module's __getattr__ must raise AttributeError (the language's protocol)",
    "IndexError": "a sequence's __getitem__ must raise IndexError (the language's protocol)",
    "SystemExit": "python -m mgcalc exits with the command's status",
    "PydanticCustomError": "inside validators only: pydantic reports it as a ValidationError",
}
"""Raises that are not MgcalcErrors, each with the reason it must stay."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _raised_name(node: ast.Raise) -> str | None:
    exc = node.exc
    if exc is None:
        return None  # a bare re-raise
    if isinstance(exc, ast.Call):
        exc = exc.func
    if isinstance(exc, ast.Name):
        return exc.id
    if isinstance(exc, ast.Attribute):
        return exc.attr
    return ast.unparse(exc)


def test_every_raise_is_a_mgcalc_error() -> None:
    """A test walks the source: any other raise fails, naming its place."""
    bad = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Raise):
                continue
            name = _raised_name(node)
            if name is None or name in MGCALC_ERRORS or name in ALLOWED:
                continue
            if name in BUILTIN_ERRORS or name[:1].isupper():
                bad.append(f"{path.relative_to(SOURCE)}:{node.lineno}: raise {name}")
    assert not bad, "raises outside MgcalcError:\n" + "\n".join(bad)


def _imports(path: Path) -> set[str]:
    """The mgcalc modules ``path`` imports, at the top or inside functions."""
    here = _module_name(path)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative imports
                base = here.rsplit(".", node.level)[0]
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module.startswith("mgcalc"):
                found.add(module)
                for alias in node.names:  # `from mgcalc import display` imports a module
                    candidate = f"{module}.{alias.name}"
                    if (SOURCE.parent / Path(*candidate.split("."))).with_suffix(".py").exists():
                        found.add(candidate)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("mgcalc")}
    found.discard(here)
    return found


def _graph() -> dict[str, set[str]]:
    names = {_module_name(p) for p in MODULES}
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        targets = set()
        for module in _imports(path):
            while module not in names and "." in module:  # a name inside a module
                module = module.rsplit(".", 1)[0]
            if module in names and module != "mgcalc":
                targets.add(module)
        graph[_module_name(path)] = targets
    return graph


def test_the_import_graph_has_no_cycle() -> None:
    """Top-level and function-level imports of src/mgcalc form no cycle (the package's
    ``__init__``, which only re-exports lazily, is left out)."""
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node != "mgcalc" and node not in state:
            visit(node)


DOMAIN = (
    "mgcalc.analysis", "mgcalc.intake", "mgcalc.resolve", "mgcalc.log", "mgcalc.foods",
    "mgcalc.parse", "mgcalc.ratio", "mgcalc.supplements", "mgcalc.references", "mgcalc.assess",
    "mgcalc.units", "mgcalc.supplements.forms", "mgcalc.supplements.dose",
    "mgcalc.supplements.label", "mgcalc.supplements.ledger", "mgcalc.supplements._names",
    "mgcalc.records", "mgcalc.comparison",
    "mgcalc.water", "mgcalc.recipes",
)  # fmt: skip
PRESENTATION = ("mgcalc.report", "mgcalc.plots", "mgcalc.display", "mgcalc.cli")


@pytest.mark.parametrize("module", DOMAIN)
def test_the_domain_never_imports_presentation(module: str) -> None:
    path = SOURCE.parent / Path(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    imported = _imports(path)
    assert not {m for m in imported if m.startswith(PRESENTATION)}, imported
