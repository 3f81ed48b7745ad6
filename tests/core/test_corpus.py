"""Every real tender in the shared corpus reads without error and has structure.

Per-format word recall against independent extractors lives with each format's tests
(test_pdf.py, test_docx.py, test_odt.py); legacy .doc is checked here against antiword's text.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tenderlint.model import BlockKind
from tenderlint.parse import parse_path

from ..conftest import CORPUS
from ..wordcheck import word_stats

TENDERS = sorted(p for p in CORPUS.glob("*") if p.suffix.lower() in {".pdf", ".docx", ".doc", ".odt", ".md"})


@pytest.fixture(scope="module", params=TENDERS, ids=[p.name for p in TENDERS])
def parsed(request: pytest.FixtureRequest):
    return request.param, parse_path(request.param)


def test_corpus_is_present() -> None:
    assert len(TENDERS) >= 29, f"expected the 29 corpus tenders in {CORPUS}"


def test_extracts_with_text_and_headings(parsed) -> None:
    path, document = parsed
    assert document.word_count > 500, f"{path.name}: only {document.word_count} words"
    assert any(b.kind is BlockKind.HEADING for b in document.blocks), f"{path.name}: no headings"
    for block in document.blocks[:: max(1, len(document.blocks) // 50)]:
        assert document.text[block.start : block.end] == block.text


@pytest.mark.parametrize("path", [p for p in TENDERS if p.suffix == ".doc"], ids=lambda p: p.name)
def test_legacy_doc_words_match_antiword(path: Path) -> None:
    reference = subprocess.run(
        ["antiword", "-w", "0", "-m", "UTF-8.txt", str(path)], capture_output=True, text=True, check=True
    ).stdout.replace("|", " ")
    recall, duplicates = word_stats(parse_path(path).text, reference)
    assert recall >= 0.98, f"{path.name}: recall {recall:.3f}"
    assert duplicates < 0.02, f"{path.name}: duplicates {duplicates:.3f}"
