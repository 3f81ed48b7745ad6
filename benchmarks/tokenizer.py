"""Tokenizing a line of one punctuation character, against ordinary prose of the same length, in one run.

Usage: .venv/bin/python benchmarks/tokenizer.py [LENGTH ...]   (default: 4000 16000)

Issue #14: spaCy's tokenizer strips a long run of "=" one character at a time, each strip a regex
search over the rest of the run, so 16,000 characters took 94 s. tenderlint's tokenizer breaks
such runs (tenderlint/nlp/runs.py). For each length this prints the time for a run of "=" and
for prose of the same length, both through tenderlint's tokenizer, the ratio between them, and
the bare spaCy tokenizer's time on the run when that is short enough to wait for (<= 4,000).
A ratio near 1 means the run costs what text costs; super-linear growth shows as a ratio that
climbs with the length.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tenderlint.nlp import build_pipeline  # noqa: E402

PROSE = "The supplier shall deliver the services described in clause 4.2 within ten working days. "


def timed(action, text: str) -> float:  # type: ignore[no-untyped-def]
    """The fastest of three runs (caches are cleared by building a fresh tokenizer each time)."""
    best = float("inf")
    for _ in range(3):
        tokenizer = build_pipeline().tokenizer
        call = action(tokenizer)
        started = time.perf_counter()
        call(text)
        best = min(best, time.perf_counter() - started)
    return best


def main(lengths: list[int]) -> None:
    print(f"{'length':>8} {'run s':>8} {'prose s':>8} {'ratio':>6} {'bare spaCy on run s':>20}")
    for length in lengths:
        run = "=" * length
        prose = (PROSE * (length // len(PROSE) + 1))[:length]
        ours = timed(lambda t: t, run)
        reference = timed(lambda t: t, prose)
        bare = f"{timed(lambda t: t.inner, run):.3f}" if length <= 4000 else "(skipped)"
        print(f"{length:>8} {ours:>8.3f} {reference:>8.3f} {ours / reference:>6.1f} {bare:>20}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [4000, 16000])
