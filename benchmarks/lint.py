"""Lint speed against the bare spaCy tokenizer on the same text, measured in the same run.

Usage: .venv/bin/python benchmarks/lint.py [FILE ...]   (default: every corpus tender)

Parsing is done first and not timed: this measures the lint (pipeline, term matching,
context, checks, findings) in words per second, next to `spacy.blank("en")` tokenising the
same text, and prints the ratio. Issue #3 aims for a ratio of at most 3. When proselint (a
general prose linter, a dev extra) is installed it is timed on the same text as a second reference.

The bare tokenizer is timed two ways. Given a whole document, spaCy stops caching its word
splits after the first special case ("e.g.", "don't") and runs its affix regexes on almost every
word; given page-sized pieces (3,000 characters, cut at whitespace) it caches as designed and
runs about twice as fast. The second is the stricter reference, and both ratios are printed.
The Linter is built and warmed first and the heap frozen (`gc.freeze()`), as the worker does
before it forks (worker/app.py).
"""

from __future__ import annotations

import gc
import re
import sys
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tenderlint.engine import Linter  # noqa: E402
from tenderlint.parse import parse_path  # noqa: E402
from tenderlint.quantities.finder import clear_cache  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "tenders"


def best_of(runs: int, action, first: list[float] | None = None) -> float:  # type: ignore[no-untyped-def]
    """The fastest of `runs` timings; the first (cold caches) is appended to `first` when given."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    if first is not None:
        first.append(times[0])
    return min(times)


def proselint_time(documents) -> float | None:  # type: ignore[no-untyped-def]
    """proselint's own lint over the same texts (best of 3), or None when it is not installed."""
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)
    config = {**DEFAULT, "max_errors": 10**9}
    files = [LintFile(d.name, d.text) for d in documents]
    return best_of(3, lambda: [f.lint(config) for f in files])


_SPACE = re.compile(r"\s")


def pages(text: str, size: int = 3000) -> list[str]:
    """The text in pieces of about `size` characters, each cut just after whitespace."""
    pieces, start = [], 0
    while start < len(text):
        cut = _SPACE.search(text, min(start + size, len(text)))
        end = cut.end() if cut else len(text)
        pieces.append(text[start:end])
        start = end
    return pieces


def main(paths: list[Path]) -> None:
    documents = [parse_path(p) for p in paths]
    words = sum(d.word_count for d in documents)
    tokenizer = spacy.blank("en")
    linter = Linter()
    linter.lint(documents[0])  # warm-up: lazy imports, caches
    gc.collect()
    gc.freeze()

    chunked = [pages(d.text) for d in documents]
    t_tok = best_of(3, lambda: [tokenizer.make_doc(d.text) for d in documents])
    t_pages = best_of(3, lambda: [tokenizer.make_doc(p) for parts in chunked for p in parts])
    cold: list[float] = []
    t_lint = best_of(3, lambda: (clear_cache(), [linter.lint(d) for d in documents]), cold)
    print(f"{len(documents)} documents, {words:,} words, {len(linter.rules)} rules")
    print(f"{'':<34}{'seconds':>10}{'words/s':>12}")
    print(f"{'spaCy tokenizer, whole documents':<34}{t_tok:>10.3f}{words / t_tok:>12,.0f}")
    print(f"{'spaCy tokenizer, page-sized pieces':<34}{t_pages:>10.3f}{words / t_pages:>12,.0f}")
    print(f"{'tenderlint lint':<34}{t_lint:>10.3f}{words / t_lint:>12,.0f}")
    print(f"{'  first pass (words new to caches)':<34}{cold[0]:>10.3f}{words / cold[0]:>12,.0f}")
    print(f"ratio lint / tokenizer (whole documents): {t_lint / t_tok:.2f}x")
    print(f"ratio lint / tokenizer (page-sized pieces): {t_lint / t_pages:.2f}x")
    t_prose = proselint_time(documents)
    if t_prose is not None:
        print(f"{'proselint':<34}{t_prose:>10.3f}{words / t_prose:>12,.0f}")
        print(f"tenderlint words/s / proselint words/s: {t_prose / t_lint:.2f}")
    for document in sorted(documents, key=lambda d: -d.word_count)[:1]:
        t1 = best_of(3, lambda: tokenizer.make_doc(document.text))
        t1p = best_of(3, lambda: [tokenizer.make_doc(p) for p in pages(document.text)])
        t2 = best_of(3, lambda: (clear_cache(), linter.lint(document)))
        print(
            f"largest document {document.name} ({document.word_count:,} words): lint {t2:.3f} s, "
            f"tokenizer {t1:.3f} s whole / {t1p:.3f} s in pages, ratio {t2 / t1:.2f}x / {t2 / t1p:.2f}x"
        )


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(args or sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in {".pdf", ".docx", ".doc", ".odt", ".md"}))
