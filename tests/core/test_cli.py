"""`tenderlint extract`: JSON contract, text output, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "council-parking-sensors-itt.md"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tenderlint", *args], capture_output=True, text=True, timeout=60
    )


def test_extract_json_contract() -> None:
    done = run("extract", str(SAMPLE), "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["schema_version"]
    assert set(out["document"]) >= {"name", "format", "pages", "sha256"}
    assert out["document"]["format"] == "markdown"
    assert len(out["document"]["sha256"]) == 64
    assert out["blocks"], "no blocks extracted"
    for block in out["blocks"]:
        assert set(block) >= {"kind", "text", "page", "section", "clause"}
        assert isinstance(block["section"], list)
    assert any(b["kind"] == "heading" for b in out["blocks"])
    assert any(b["clause"] for b in out["blocks"])


def test_extract_text_format() -> None:
    done = run("extract", str(SAMPLE), "--format", "text")
    assert done.returncode == 0
    assert done.stdout.startswith("# council-parking-sensors-itt.md (markdown")
    assert "\theading\t" in done.stdout


def test_bad_file_exits_2_with_one_error_line(tmp_path: Path) -> None:
    fake = tmp_path / "tender.pdf"
    fake.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(500))
    done = run("extract", str(fake))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error[unsupported-format]: ")


def test_missing_file_exits_2() -> None:
    done = run("extract", "/nonexistent/tender.docx")
    assert done.returncode == 2
    assert done.stderr.startswith("error[file-not-found]")
