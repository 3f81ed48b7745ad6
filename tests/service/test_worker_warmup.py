"""The worker's main process warms up before its pool forks: the readers' libraries are imported
there, once, so no pool process pays for them on its first document (benchmarks/scale.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

PROBE = """
import sys
import worker.app
readers = ("pdfplumber", "pypdfium2", "tenderlint.parse.pdf", "tenderlint.parse.odt", "tenderlint.parse.html")
print(sorted(name for name in readers if name in sys.modules))
worker.app._preload_linter()
print(sorted(name for name in readers if name in sys.modules))
"""


def test_the_worker_parent_imports_every_reader_before_forking(tmp_path: Path) -> None:
    env = {**os.environ, "TENDERLINT_INSTANCE_DIR": str(tmp_path / "instance")}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300, check=True)
    before, after = done.stdout.splitlines()[-2:]
    assert "pdfplumber" not in before and "pypdfium2" not in before  # importing the app alone does not load them
    assert after == "['pdfplumber', 'pypdfium2', 'tenderlint.parse.html', 'tenderlint.parse.odt', 'tenderlint.parse.pdf']"
