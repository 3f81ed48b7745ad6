#!/usr/bin/env python3
"""Clause tags on a fixed held-back split of the 120 CUAD contracts, and a trained baseline beside them.

    scripts/cuad_split.py [--cuad DIR] [--show TAG]     # terms: detection and false-positive rates
    scripts/cuad_split.py --classifier                  # 5-fold logistic regression (needs scikit-learn)

The split is crc32(file name) mod 5: folds 0-1 are held back (41 contracts), so changes to the
term tables are made reading false positives on the other 79 only (`--show TAG` prints them for
those) and judged on the 41. The false-positive rate on contracts without a clause is the figure
to watch: outside these 120 such clauses are rarer, so that rate decides precision on unseen
contracts. `--classifier` trains a sentence classifier (hashed word 1-2-grams) per category on
four folds and scores the fifth, so every figure is on contracts it has not seen; it is a
measuring stick for the terms, not a dependency of the linter.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tenderlint.clauses import tag_clauses  # noqa: E402
from tenderlint.evaluation.cuad import CATEGORIES, _clause_list, _rows, clause_linter, locate, overlaps  # noqa: E402
from tenderlint.parse import parse_path  # noqa: E402

DEFAULT_CUAD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cuad"
FOLDS = 5
HELD_BACK = (0, 1)


def fold(name: str) -> int:
    return zlib.crc32(name.encode()) % FOLDS


def contracts(directory: Path) -> list[dict[str, Any]]:
    """Per contract: gold categories, and per sentence its text, gold tags and the terms' tags."""
    linter = clause_linter()
    out = []
    for row in sorted(_rows(directory), key=lambda r: r["Filename"]):
        document = parse_path(row["_path"])
        analysis = linter.analyse(document)
        tagged: dict[int, set[str]] = {}
        for tag in tag_clauses(analysis):
            tagged.setdefault(tag.sentence, set()).add(tag.type)
        spans = {
            tag: [s for c in _clause_list(row.get(cat, "")) if (s := locate(document.text, c))]
            for cat, tag in CATEGORIES.items()
        }
        sentences = [
            {
                "text": s.text,
                "gold": {t for t, found in spans.items() if any(overlaps((s.start_char, s.end_char), g) for g in found)},
                "terms": tagged.get(s.index, set()),
            }
            for s in analysis.sentences
        ]
        gold = {tag for cat, tag in CATEGORIES.items() if _clause_list(row.get(cat, ""))}
        out.append({"name": row["Filename"], "gold": gold, "sentences": sentences})
    return out


def rates(rows: list[dict[str, Any]], predicted: Any) -> dict[str, tuple[int, int, int, int]]:
    """(tp, fn, fp, tn) per tag at document level; `predicted(contract, tag)` says whether it is tagged."""
    out = {}
    for tag in CATEGORIES.values():
        tp = fn = fp = tn = 0
        for contract in rows:
            gold, said = tag in contract["gold"], predicted(contract, tag)
            tp += gold and said
            fn += gold and not said
            fp += said and not gold
            tn += not gold and not said
        out[tag] = (tp, fn, fp, tn)
    return out


def report(title: str, counts: dict[str, tuple[int, int, int, int]]) -> None:
    print(f"{title}\n  {'tag':<28} {'found':>6} {'false+':>7} {'F1':>5}   (tp fn fp tn)")
    f1s = []
    for tag, (tp, fn, fp, tn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
        false_rate = fp / (fp + tn) if fp + tn else 0.0
        print(f"  {tag:<28} {recall:>6.2f} {false_rate:>7.2f} {f1s[-1]:>5.2f}   ({tp} {fn} {fp} {tn})")
    print(f"  document macro F1 {sum(f1s) / len(f1s):.3f}")


def classifier_scores(rows: list[dict[str, Any]], threshold: float) -> dict[str, tuple[int, int, int, int]]:
    """5-fold cross-validated logistic regression per tag; a contract is tagged when any sentence
    scores at least `threshold`."""
    try:
        import numpy
        from sklearn.feature_extraction.text import HashingVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        sys.exit("--classifier needs scikit-learn: pip install scikit-learn")
    vectorizer = HashingVectorizer(ngram_range=(1, 2), n_features=2**18, alternate_sign=False)
    tagged: dict[str, set[str]] = {}
    for k in range(FOLDS):
        train = [c for c in rows if fold(c["name"]) != k]
        test = [c for c in rows if fold(c["name"]) == k]
        features = vectorizer.transform([s["text"] for c in train for s in c["sentences"]])
        for tag in CATEGORIES.values():
            labels = numpy.array([tag in s["gold"] for c in train for s in c["sentences"]])
            model = LogisticRegression(C=4.0, max_iter=2000).fit(features, labels)
            for contract in test:
                probability = model.predict_proba(vectorizer.transform([s["text"] for s in contract["sentences"]]))
                if (probability[:, 1] >= threshold).any():
                    tagged.setdefault(contract["name"], set()).add(tag)
        print(f"fold {k} trained", file=sys.stderr)
    return rates(rows, lambda c, tag: tag in tagged.get(c["name"], set()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cuad", type=Path, default=DEFAULT_CUAD)
    parser.add_argument("--show", metavar="TAG", help="print the terms' false positives on the 79 for this tag")
    parser.add_argument("--classifier", action="store_true", help="also score the cross-validated classifier")
    parser.add_argument("--threshold", type=float, default=0.3)
    args = parser.parse_args()
    rows = contracts(args.cuad)
    held = [c for c in rows if fold(c["name"]) in HELD_BACK]
    seen = [c for c in rows if fold(c["name"]) not in HELD_BACK]
    by_terms = lambda c, tag: any(tag in s["terms"] for s in c["sentences"])  # noqa: E731
    report(f"terms, {len(seen)} contracts read while tuning", rates(seen, by_terms))
    report(f"terms, {len(held)} held-back contracts", rates(held, by_terms))
    if args.show:
        for contract in seen:
            if args.show not in contract["gold"] and by_terms(contract, args.show):
                print(f"\n## {contract['name']}")
                for s in contract["sentences"]:
                    if args.show in s["terms"]:
                        print("   -", " ".join(s["text"].split())[:300])
    if args.classifier:
        report(f"classifier, 5-fold over all {len(rows)}", classifier_scores(rows, args.threshold))
    return 0


if __name__ == "__main__":
    sys.exit(main())
