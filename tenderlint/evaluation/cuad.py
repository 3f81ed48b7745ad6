"""Measure clause tagging against CUAD (Contract Understanding Atticus Dataset) annotations.

CUAD's master_clauses.csv holds, per contract and category, the list of clause strings lawyers
marked. A document "has" a category when that list is non-empty; a tagged sentence is right when
it overlaps one of those strings found in the contract text. Terms are tuned on this general
picture, so the numbers say how far sentence evidence alone goes on commercial contracts.
"""

from __future__ import annotations

import ast
import csv
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..clauses import tag_clauses
from ..parse import parse_path

if TYPE_CHECKING:
    from ..engine import Linter

CATEGORIES: dict[str, str] = {
    "Uncapped Liability": "uncapped_liability",
    "Cap On Liability": "liability_cap",
    "Ip Ownership Assignment": "ip_assignment",
    "Liquidated Damages": "liquidated_damages",
    "Insurance": "insurance",
    "Audit Rights": "audit_rights",
    "Termination For Convenience": "termination_for_convenience",
    "Exclusivity": "exclusivity",
    "Non-Compete": "non_compete",
    "Minimum Commitment": "minimum_commitment",
    "Warranty Duration": "warranty_duration",
    "Renewal Term": "renewal_term",
}


@dataclass
class Counts:
    """Document- and sentence-level tallies for one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    gold_docs: int = 0
    sentences: int = 0  # tagged sentences
    sentences_right: int = 0  # ... overlapping an annotated clause
    spans: int = 0  # annotated clauses located in the text
    spans_found: int = 0  # ... overlapped by some tagged sentence

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def sentence_precision(self) -> float:
        return _ratio(self.sentences_right, self.sentences)

    @property
    def sentence_recall(self) -> float:
        return _ratio(self.spans_found, self.spans)


@dataclass
class CuadResult:
    documents: int = 0
    seconds: float = 0.0
    unlocated: int = 0  # annotated clauses whose text could not be found in the contract
    counts: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})

    @property
    def average_f1(self) -> float:
        return sum(c.f1 for c in self.counts.values()) / len(self.counts)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _clause_list(cell: str) -> list[str]:
    """CUAD stores each category's clauses as a Python list literal."""
    cell = (cell or "").strip()
    if not cell or cell == "[]":
        return []
    try:
        value = ast.literal_eval(cell)
    except (ValueError, SyntaxError):
        return [cell]
    return [str(v) for v in value if str(v).strip()] if isinstance(value, list) else [str(value)]


def locate(text: str, clause: str) -> tuple[int, int] | None:
    """Find a clause in the parsed text, whitespace-insensitively.

    CUAD joins discontinuous pieces with "<omitted>": the span runs from the first piece to the last.
    A piece not found whole is looked for by its first words (page furniture such as "-4-" can
    interrupt a long clause).
    """
    spans = [span for piece in clause.split("<omitted>") if (span := _find(text, piece))]
    return (spans[0][0], max(end for _, end in spans)) if spans else None


def _find(text: str, piece: str) -> tuple[int, int] | None:
    words = piece.split()
    for size in sorted({len(words), min(len(words), 12), min(len(words), 6)}, reverse=True):
        if size == 0:
            continue
        match = re.search(r"\s+".join(re.escape(w) for w in words[:size]), text)
        if match:
            end = match.end() if size == len(words) else min(len(text), match.start() + len(piece))
            return match.start(), end
    return None


def _rows(directory: Path) -> list[dict[str, str]]:
    """Master rows for contracts whose text file is present in this copy of CUAD."""
    csv.field_size_limit(1 << 30)
    with open(directory / "master_clauses.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    present = []
    for row in rows:
        path = directory / "full_contract_txt" / (Path(row["Filename"]).stem + ".txt")
        if path.is_file():
            present.append({**row, "_path": str(path)})
    return present


def clause_linter() -> "Linter":
    """A Linter with no rules: tagging needs only the clause terms, and skips compiling the pack."""
    from ..engine import Linter
    from ..rulepack.model import RulePack

    return Linter(RulePack(rules=(), profiles={}, root="", digest=""))


def evaluate_cuad(directory: str | Path, limit: int | None = None, linter: "Linter | None" = None) -> CuadResult:
    """Tag every available CUAD contract and score the twelve mapped categories."""
    directory = Path(directory)
    linter = linter or clause_linter()
    rows = sorted(_rows(directory), key=lambda r: r["Filename"])[:limit]
    result = CuadResult()
    began = time.perf_counter()
    for row in rows:
        document = parse_path(row["_path"])
        tags = tag_clauses(linter.analyse(document))
        result.documents += 1
        for category, tag in CATEGORIES.items():
            tagged = [(t.start, t.end) for t in tags if t.type == tag]
            _score(result, category, document.text, _clause_list(row.get(category, "")), tagged)
    result.seconds = time.perf_counter() - began
    return result


def _score(result: CuadResult, category: str, text: str, clauses: list[str], tagged: list[tuple[int, int]]) -> None:
    counts = result.counts[category]
    gold, predicted = bool(clauses), bool(tagged)
    counts.gold_docs += gold
    counts.tp += gold and predicted
    counts.fp += predicted and not gold
    counts.fn += gold and not predicted
    spans = []
    for clause in clauses:
        span = locate(text, clause)
        if span is None:
            result.unlocated += 1
        else:
            spans.append(span)
    counts.sentences += len(tagged)
    counts.sentences_right += sum(1 for s in tagged if any(overlaps(s, g) for g in spans))
    counts.spans += len(spans)
    counts.spans_found += sum(1 for g in spans if any(overlaps(s, g) for s in tagged))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def format_table(result: CuadResult) -> str:
    header = f"{'category':<28} {'tag':<28} {'docs':>5} {'P':>5} {'R':>5} {'F1':>5} {'sentP':>6} {'sentR':>6}"
    lines = [header, "-" * len(header)]
    for category, counts in result.counts.items():
        lines.append(
            f"{category:<28} {CATEGORIES[category]:<28} {counts.gold_docs:>5} {counts.precision:>5.2f} "
            f"{counts.recall:>5.2f} {counts.f1:>5.2f} {counts.sentence_precision:>6.2f} {counts.sentence_recall:>6.2f}"
        )
    lines.append("-" * len(header))
    lines.append(
        f"average document F1 {result.average_f1:.3f} over {result.documents} contracts "
        f"in {result.seconds:.1f} s ({result.unlocated} annotated clauses not found in the text)"
    )
    return "\n".join(lines)


def table_rows(result: CuadResult) -> Sequence[tuple[str, int, float, float, float, float, float]]:
    """(category, docs with clause, doc P, doc R, doc F1, sentence P, sentence R) per category."""
    return [
        (cat, c.gold_docs, c.precision, c.recall, c.f1, c.sentence_precision, c.sentence_recall)
        for cat, c in result.counts.items()
    ]
