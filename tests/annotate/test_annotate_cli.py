"""`tenderlint check FILE --annotate OUT`: writes the annotated copy; other formats fail plainly."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx

from tests.conftest import CORPUS, REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tenderlint", *args], capture_output=True, text=True, timeout=300)


def test_check_annotate_writes_a_commented_docx(tmp_path: Path) -> None:
    out = tmp_path / "annotated.docx"
    source = CORPUS / "uk-ccs-rm6264-dps-core-terms.docx"
    done = run("check", str(source), "--format", "json", "--annotate", str(out))
    assert done.returncode in (0, 1), done.stderr
    comments = list(docx.Document(io.BytesIO(out.read_bytes())).comments)
    assert comments and all(c.author == "tenderlint" for c in comments)
    assert f"{len(comments)} finding(s) annotated" in done.stderr

    serious = tmp_path / "serious.docx"
    run("check", str(source), "--annotate", str(serious), "--annotate-serious")
    kept = list(docx.Document(io.BytesIO(serious.read_bytes())).comments)
    assert all(c.text.startswith(("error", "warning")) for c in kept)
    assert len(kept) == sum(1 for c in comments if c.text.startswith(("error", "warning")))


def test_check_annotate_refuses_other_formats(tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    done = run("check", str(REPO / "samples" / "council-parking-sensors-itt.md"), "--annotate", str(out))
    assert done.returncode == 2
    assert done.stderr.startswith("error[cannot-annotate]:")
    assert "DOCX and PDF" in done.stderr
    assert not out.exists()
