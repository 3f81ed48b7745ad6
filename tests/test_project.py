"""Project-level promises: CI runs the README's test command; the core stays pure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci_lines = [
        line for line in (REPO / ".ci" / "run").read_text().splitlines() if line and not line.startswith(("#", "set ", "cd "))
    ]
    assert len(ci_lines) == 1, ci_lines
    assert ci_lines[0] in (REPO / "README.md").read_text()


def test_core_imports_no_service_frameworks() -> None:
    code = (
        "import sys, pkgutil, importlib, tenderlint\n"
        "for m in pkgutil.walk_packages(tenderlint.__path__, 'tenderlint.'):\n"
        "    if m.name != 'tenderlint.__main__': importlib.import_module(m.name)\n"
        "bad = sorted({n.split('.')[0] for n in sys.modules} & {'flask', 'celery', 'redis', 'sqlalchemy', 'kombu', 'werkzeug'})\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"the core imported {done.stdout.strip()}"
