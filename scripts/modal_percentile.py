#!/usr/bin/env python3
"""Print the percentiles of binding-modal density over a corpus: the source of PP-SPEC-001's limit.

The catalogue fires PP-SPEC-001 when binding modals per 1,000 words are "above the 90th percentile of
the corpus". The rule keeps that figure as a number, so this script is how it is re-derived:

    scripts/modal_percentile.py ../shared/corpus/tenders ../shared/corpus/blind

Each document is parsed and measured exactly as the linter measures it (`binding_modals_per_1000`,
body text only); unreadable files are skipped and named.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from corpus_findings import documents  # the same document listing as the corpus diff
from tenderlint.engine import Linter
from tenderlint.errors import TenderlintError
from tenderlint.metrics import document_metrics
from tenderlint.parse import parse_path


def densities(folders: list[Path]) -> dict[str, float]:
    linter = Linter()
    out: dict[str, float] = {}
    for file in documents(folders):
        try:
            measured = document_metrics(linter.analyse(parse_path(file)))["binding_modals_per_1000"]
        except TenderlintError as exc:
            print(f"skipped {file.name}: {exc}", file=sys.stderr)
            continue
        if measured is not None:
            out[file.name] = measured
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--each", action="store_true", help="also list every document's density")
    args = parser.parse_args()
    found = densities(args.folders)
    if len(found) < 10:
        parser.error("need at least ten readable documents for a 90th percentile")
    if args.each:
        for name, value in sorted(found.items(), key=lambda item: -item[1]):
            print(f"{value:6.2f}  {name}")
    deciles = statistics.quantiles(found.values(), n=10)
    print(f"{len(found)} documents; median {deciles[4]:.2f}, 80th percentile {deciles[7]:.2f}, 90th percentile {deciles[8]:.2f} per 1,000 words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
