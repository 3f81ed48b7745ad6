#!/usr/bin/env python3
"""Measure each rule's precision and recall and write them to `rules/measured.yaml`.

Two figures per rule, both per (document, rule) like `tenderlint eval --labels`:

- **blind, before fixes**: every blind round re-run with the rule pack of the commit it was scored
  at (`tests/corpus_labels/blind/scored-at.txt`), before any change that round prompted. This is the
  honest figure for documents nobody tuned for; rules below 0.7 here are reported at info.
- **all labels, now**: the current pack on every label (the tuned corpus labels, open; the blind
  rounds, closed), which the fixes have seen, so read it as an upper bound.

    .venv/bin/python scripts/measure_rules.py          # rewrites rules/measured.yaml

Each past commit is checked out into a temporary git worktree and run with this environment's
Python; nothing in the working tree changes except the output file.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "corpus_labels"
BLIND = LABELS / "blind"
CORPUS = REPO.parent / "shared" / "corpus"
OUTPUT = REPO / "rules" / "measured.yaml"

_EVAL = """
import json, sys
from tenderlint.evaluation.labels import evaluate_labels
result = evaluate_labels(sys.argv[1], corpus=sys.argv[2] or None, closed=sys.argv[3] == "closed")
print(json.dumps({rule: [c.tp, c.fn, c.fp] for rule, c in result.rules.items()}))
"""


def run_eval(code: Path, labels: Path, corpus: Path | None, closed: bool) -> dict[str, list[int]]:
    """Per-rule [tp, fn, fp] for `labels`, scored by the tenderlint package found under `code`
    (`corpus` None: each document lies beside its label file)."""
    done = subprocess.run(
        [sys.executable, "-c", _EVAL, str(labels), str(corpus or ""), "closed" if closed else "open"],
        cwd=code, env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _corpus_of(folder: Path) -> Path | None:
    """The shared corpus, or None for a round whose documents are kept beside its labels (documents
    found after `../shared/corpus/blind` was used up, see the round's SOURCES.md)."""
    return None if (folder / "SOURCES.md").is_file() else CORPUS


def blind_before_fixes() -> dict[str, list[int]]:
    lines = (BLIND / "scored-at.txt").read_text().splitlines()
    rounds = dict(line.split() for line in lines if line.strip() and not line.startswith("#"))
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    with tempfile.TemporaryDirectory() as scratch:
        for name, commit in sorted(rounds.items()):
            if not (BLIND / name).is_dir():
                continue  # a round whose documents could not be kept (licence unknown): figures in docs/accuracy.md
            tree = Path(scratch) / name
            subprocess.run(["git", "worktree", "add", "--detach", str(tree), str(commit)], cwd=REPO, check=True, capture_output=True)
            try:
                counts = run_eval(tree, BLIND / name, _corpus_of(BLIND / name), closed=True)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, check=True, capture_output=True)
            for rule, figures in counts.items():
                total[rule] = [a + b for a, b in zip(total[rule], figures)]
            print(f"{name} at {commit}: {sum(c[0] for c in counts.values())} TP", file=sys.stderr)
    return dict(total)


def all_labels_now() -> dict[str, list[int]]:
    tuned = [p for p in LABELS.glob("*.yaml")]
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for path in tuned:
            (folder / path.name).write_text(path.read_text())
        parts: list[tuple[Path, Path | None, bool]] = [(folder, CORPUS / "tenders", False)]
        parts += [(round_, _corpus_of(round_), True) for round_ in sorted(BLIND.glob("round-*"))]
        for labels, corpus, closed in parts:
            for rule, figures in run_eval(REPO, labels, corpus, closed).items():
                total[rule] = [a + b for a, b in zip(total[rule], figures)]
    return dict(total)


def _entry(figures: list[int]) -> dict[str, object]:
    tp, fn, fp = figures
    out: dict[str, object] = {"tp": tp, "fn": fn, "fp": fp}
    if tp + fp:
        out["precision"] = round(tp / (tp + fp), 2)
    if tp + fn:
        out["recall"] = round(tp / (tp + fn), 2)
    return out


def main() -> int:
    blind = blind_before_fixes()
    now = all_labels_now()
    rules = sorted(set(blind) | set(now))
    data = {
        "measured_on": datetime.date.today().isoformat(),
        "rules": {
            rule: {
                **({"blind_before_fixes": _entry(blind[rule])} if rule in blind else {}),
                **({"all_labels": _entry(now[rule])} if rule in now else {}),
            }
            for rule in rules
        },
    }
    header = (
        "# Measured precision and recall per rule, per (document, rule). Written by\n"
        "# scripts/measure_rules.py; do not edit by hand. blind_before_fixes: the blind rounds, each scored\n"
        "# with the pack of the commit it was scored at (tests/corpus_labels/blind/scored-at.txt);\n"
        "# all_labels: the current pack on every label, which the fixes have seen (an upper bound).\n"
    )
    OUTPUT.write_text(header + yaml.safe_dump(data, sort_keys=False, width=120))
    print(f"wrote {OUTPUT.relative_to(REPO)} ({len(rules)} rules)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
