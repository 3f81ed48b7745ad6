"""A warmed-up process reads its first real document without importing anything more, so the
worker's pool processes, forked after the warm-up, share the readers instead of each loading them."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import CORPUS, REPO

PROBE = """
import json, sys
from pathlib import Path
from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes
linter = Linter()
if sys.argv[1] == "warm":
    from tenderlint.warmup import warm_up
    warm_up(linter)
before = set(sys.modules)
for path in sys.argv[2:]:
    linter.lint(parse_bytes(Path(path).read_bytes(), Path(path).name))
print(json.dumps(sorted(name for name in set(sys.modules) - before if not name.startswith("encodings"))))
"""
FILES = [str(CORPUS / "uk-ccs-psc-core-terms-v2.7.pdf"), str(CORPUS / "uk-ccs-fm2017-guarantee.docx")]


def imported_by_first_documents(mode: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, mode, *FILES], cwd=REPO, capture_output=True, text=True,
                          timeout=300, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_after_warm_up_the_first_documents_import_nothing() -> None:
    assert imported_by_first_documents("warm") == []


def test_without_it_the_first_pdf_imports_the_pdf_stack() -> None:
    """The probe can see the difference the warm-up makes."""
    cold = imported_by_first_documents("cold")
    assert "pypdfium2" in cold and "pdfplumber" in cold


def test_a_profile_linter_reuses_the_term_docs_already_compiled() -> None:
    """Each profile's Linter compiles the pack's terms; the pipeline runs over each term once per
    process, so a worker process taking its first job under another profile pays little."""
    from tenderlint.engine import LintConfig, Linter
    from tenderlint.matching import _TERM_DOCS, _term_docs

    first = Linter(config=LintConfig(profile="uk-pcr-2015"))
    cache = _TERM_DOCS[first.nlp]
    known = dict(cache)
    Linter(config=LintConfig(profile="uk-pcr-2015"))
    assert cache == known and len(known) > 1000  # the second build ran the pipeline over no term
    term = next(iter(known))
    assert _term_docs(first.nlp, [term, term]) == [known[term], known[term]]
