"""Measure the rule pack against hand-labelled corpus documents (`tenderlint eval --labels`).

A label file (`tests/corpus_labels/<document-stem>.yaml`) names one document and says which rules
should fire on it (`expected`, each with a short exact quote of where) and which must not
(`not_expected`: confident non-findings, e.g. PP-PAY-001 on terms that pay in 30 days):

    document: uk-ccs-psc-core-terms-v2.7.pdf      # a file name in the corpus folder
    facts: {value_total: 250000}                   # optional context overrides; prefer none
    closed: false                                  # optional: labels are exhaustive for this document
    expected:
      - {rule: PP-RISK-004, quote: "all Deliverables shall vest in the Buyer", note: why}
    not_expected:
      - {rule: PP-PAY-001, note: pays within 30 days, quote: optional}

Scoring is per (document, rule): TP an expected rule fired; FN it did not; FP a not_expected rule
fired, or, in closed mode, any rule that fired without a label. Other unlabelled firings are
reported separately ("unlabelled"), not counted. As a secondary figure, an expected item's quote is
"matched" when a finding of that rule quotes text containing it (whitespace and case normalised).

The scoring (`score`) is pure; `evaluate_labels` parses and lints the documents.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import yaml

from ..errors import TenderlintError

if TYPE_CHECKING:
    from ..engine import Linter

REPO = Path(__file__).resolve().parents[2]
CORPUS_ROOT = REPO.parent / "shared" / "corpus"
DEFAULT_CORPUS = CORPUS_ROOT / "tenders"
RULE_ID = re.compile(r"^PP-[A-Z]+-\d{3}$")
_SPACE = re.compile(r"\s+")


class LabelError(TenderlintError):
    """A label file is missing, unreadable or malformed."""

    code = "bad-labels"


@dataclass(frozen=True)
class LabelItem:
    rule: str
    quote: str = ""
    note: str = ""


@dataclass(frozen=True)
class DocumentLabels:
    source: Path  # the label file
    document: str  # file name (or path relative to the label file)
    facts: Mapping[str, Any] = field(default_factory=dict)
    expected: tuple[LabelItem, ...] = ()
    not_expected: tuple[LabelItem, ...] = ()
    closed: bool = False

    @property
    def expected_rules(self) -> set[str]:
        return {item.rule for item in self.expected}

    @property
    def not_expected_rules(self) -> set[str]:
        return {item.rule for item in self.not_expected}


@dataclass(frozen=True)
class Firing:
    """One finding as the scorer sees it."""

    rule: str
    quote: str = ""


@dataclass
class RuleCounts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    unlabelled: int = 0
    quotes: int = 0  # expected items with a quote
    quotes_matched: int = 0  # ... quoted by a finding of that rule

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def add(self, other: "RuleCounts") -> None:
        for name in ("tp", "fn", "fp", "unlabelled", "quotes", "quotes_matched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class Miss:
    """A false negative, false positive or unlabelled firing, for the report."""

    kind: str  # "FN", "FP", "unlabelled"
    document: str
    rule: str
    quote: str  # the labelled quote (FN) or the finding's quote (FP, unlabelled)
    note: str = ""  # the label's note, or the rule's status when it did not fire


@dataclass
class LabelsResult:
    documents: list[str] = field(default_factory=list)
    rules: dict[str, RuleCounts] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    quote_misses: list[Miss] = field(default_factory=list)  # TP pairs whose labelled quote no finding covers

    @property
    def overall(self) -> RuleCounts:
        total = RuleCounts()
        for counts in self.rules.values():
            total.add(counts)
        return total

    def meets(self, min_precision: float | None = None, min_recall: float | None = None) -> bool:
        overall = self.overall
        if min_precision is not None and (overall.precision or 0.0) < min_precision:
            return False
        if min_recall is not None and (overall.recall or 0.0) < min_recall:
            return False
        return True


# --- loading ------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Whitespace collapsed and case folded, for quote comparison."""
    return _SPACE.sub(" ", text).strip().casefold()


def _items(data: Any, key: str, source: Path, need_quote: bool) -> tuple[LabelItem, ...]:
    raw = data.get(key) or []
    if not isinstance(raw, list):
        raise LabelError(f"{source}: `{key}` must be a list of {{rule, quote, note}}")
    items = []
    for n, entry in enumerate(raw, 1):
        if not isinstance(entry, dict) or "rule" not in entry:
            raise LabelError(f"{source}: {key} item {n} needs at least a `rule`")
        unknown = set(entry) - {"rule", "quote", "note"}
        if unknown:
            raise LabelError(f"{source}: {key} item {n} has unknown keys {sorted(unknown)}")
        rule = str(entry["rule"]).strip()
        if not RULE_ID.match(rule):
            raise LabelError(f"{source}: {key} item {n}: {rule!r} is not a rule id like PP-RISK-001")
        quote = str(entry.get("quote") or "")
        if need_quote and not quote.strip() and not entry.get("note"):
            raise LabelError(f"{source}: {key} item {n} ({rule}) needs a quote or, for absence rules, a note")
        items.append(LabelItem(rule, quote, str(entry.get("note") or "")))
    return tuple(items)


def load_label_file(path: Path) -> DocumentLabels:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LabelError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not data.get("document"):
        raise LabelError(f"{path}: a label file needs `document: <file name>`")
    unknown = set(data) - {"document", "facts", "closed", "expected", "not_expected"}
    if unknown:
        raise LabelError(f"{path}: unknown keys {sorted(unknown)}")
    facts = data.get("facts") or {}
    if not isinstance(facts, dict):
        raise LabelError(f"{path}: `facts` must be a mapping")
    labels = DocumentLabels(
        source=path,
        document=str(data["document"]),
        facts=facts,
        expected=_items(data, "expected", path, need_quote=True),
        not_expected=_items(data, "not_expected", path, need_quote=False),
        closed=bool(data.get("closed", False)),
    )
    both = labels.expected_rules & labels.not_expected_rules
    if both:
        raise LabelError(f"{path}: {', '.join(sorted(both))} both expected and not expected")
    return labels


def load_labels(path: str | Path) -> list[DocumentLabels]:
    """One label file, or every *.yaml / *.yml in a folder and its subfolders (sorted by path):
    `tests/corpus_labels` is every label, `tests/corpus_labels/blind/round-1` one blind round."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
        if not files:
            raise LabelError(f"{path} holds no label files (*.yaml)")
    elif path.is_file():
        files = [path]
    else:
        raise LabelError(f"{path} does not exist")
    return [load_label_file(f) for f in files]


def document_path(labels: DocumentLabels, corpus: Path | None = None) -> Path:
    """`--corpus DIR` if given; else the document relative to its label file; else the shared
    corpus: a bare name in `tenders/`, a name with a folder ("blind/x.pdf") under the corpus root."""
    if corpus is not None:
        return Path(corpus) / labels.document
    beside = labels.source.parent / labels.document
    if beside.is_file():
        return beside
    return (CORPUS_ROOT if "/" in labels.document else DEFAULT_CORPUS) / labels.document


# --- scoring (pure) -------------------------------------------------------------------------------


def score(
    labelled: Sequence[tuple[DocumentLabels, Sequence[Firing]]],
    closed: bool = False,
    statuses: Mapping[str, Mapping[str, str]] | None = None,
) -> LabelsResult:
    """Score findings against labels. `statuses[document][rule]` (optional) explains an FN."""
    result = LabelsResult()
    rules: dict[str, RuleCounts] = defaultdict(RuleCounts)
    for labels, firings in labelled:
        name = labels.document
        result.documents.append(name)
        fired: dict[str, list[str]] = defaultdict(list)
        for firing in firings:
            fired[firing.rule].append(firing.quote)
        doc_closed = closed or labels.closed
        expected_by_rule: dict[str, list[LabelItem]] = defaultdict(list)
        for item in labels.expected:
            expected_by_rule[item.rule].append(item)
        for rule, items in expected_by_rule.items():
            counts = rules[rule]
            quotes = [normalise(q) for q in fired.get(rule, [])]
            if rule in fired:
                counts.tp += 1
            else:
                counts.fn += 1
                status = (statuses or {}).get(name, {}).get(rule, "")
                for item in items:
                    result.misses.append(Miss("FN", name, rule, item.quote, _join(item.note, status)))
            for item in items:
                if not item.quote.strip():
                    continue
                counts.quotes += 1
                wanted = normalise(item.quote)
                if any(wanted in q for q in quotes):
                    counts.quotes_matched += 1
                elif rule in fired:
                    result.quote_misses.append(Miss("quote", name, rule, item.quote, item.note))
        not_expected = {item.rule: item for item in labels.not_expected}
        for rule, quotes in sorted(fired.items()):
            if rule in expected_by_rule:
                continue
            counts = rules[rule]
            first = next((q for q in quotes if q), "")
            if rule in not_expected:
                counts.fp += 1
                result.misses.append(Miss("FP", name, rule, first, not_expected[rule].note))
            elif doc_closed:
                counts.fp += 1
                result.misses.append(Miss("FP", name, rule, first, "unlabelled firing (closed labels)"))
            else:
                counts.unlabelled += 1
                result.misses.append(Miss("unlabelled", name, rule, first))
        for rule in not_expected:
            rules.setdefault(rule, RuleCounts())
    result.rules = dict(sorted(rules.items()))
    return result


def _join(*parts: str) -> str:
    return " | ".join(p for p in parts if p)


# --- running ------------------------------------------------------------------------------------


def evaluate_labels(
    path: str | Path,
    corpus: str | Path | None = None,
    closed: bool = False,
    linter: "Linter | None" = None,
) -> LabelsResult:
    """Parse and lint every labelled document, then score."""
    from ..engine import Linter
    from ..parse import parse_path

    all_labels = load_labels(path)
    linter = linter or Linter()
    labelled: list[tuple[DocumentLabels, list[Firing]]] = []
    statuses: dict[str, dict[str, str]] = {}
    for labels in all_labels:
        doc_path = document_path(labels, Path(corpus) if corpus else None)
        if not doc_path.is_file():
            raise LabelError(f"{labels.source}: document {doc_path} not found (use --corpus DIR)")
        report = linter.lint(parse_path(doc_path), facts=dict(labels.facts))
        labelled.append((labels, [Firing(f.rule_id, f.quote) for f in report.findings]))
        statuses[labels.document] = {
            r.rule_id: f"rule {r.status}" + (f": {r.reason}" if r.reason else "") for r in report.rule_results
        }
    return score(labelled, closed=closed, statuses=statuses)


# --- output -------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value * 100:3.0f}%"


def _short(text: str, limit: int = 110) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_table(result: LabelsResult, show_unlabelled: bool = True) -> str:
    lines = [f"Labelled documents: {len(result.documents)}", ""]
    header = f"{'rule':<13} {'TP':>3} {'FN':>3} {'FP':>3} {'unlab':>5} {'prec':>5} {'recall':>6} {'quotes':>7}"
    lines += [header, "-" * len(header)]

    def row(name: str, c: RuleCounts) -> str:
        quotes = f"{c.quotes_matched}/{c.quotes}" if c.quotes else "-"
        return (
            f"{name:<13} {c.tp:>3} {c.fn:>3} {c.fp:>3} {c.unlabelled:>5} {_pct(c.precision):>5} "
            f"{_pct(c.recall):>6} {quotes:>7}"
        )

    for rule, counts in result.rules.items():
        lines.append(row(rule, counts))
    lines.append("-" * len(header))
    overall = result.overall
    lines.append(row("overall", overall))
    quote_rate = _pct(overall.quotes_matched / overall.quotes) if overall.quotes else "   -"
    lines += [
        "",
        f"Overall precision {_pct(overall.precision).strip()}, recall {_pct(overall.recall).strip()} "
        f"(per document and rule); quote-level: {overall.quotes_matched}/{overall.quotes} labelled quotes "
        f"found in a finding of their rule ({quote_rate.strip()}).",
    ]
    for kind, title in (("FN", "False negatives (expected, did not fire)"), ("FP", "False positives")):
        misses = [m for m in result.misses if m.kind == kind]
        lines += ["", f"{title}: {len(misses)}"]
        for m in misses:
            lines.append(f"  {kind} {m.rule} {m.document}: \"{_short(m.quote)}\"" + (f"  — {_short(m.note, 160)}" if m.note else ""))
    if result.quote_misses:
        lines += ["", f"Fired, but not at the labelled quote: {len(result.quote_misses)}"]
        for m in result.quote_misses:
            lines.append(f"  {m.rule} {m.document}: \"{_short(m.quote)}\"")
    unlabelled = [m for m in result.misses if m.kind == "unlabelled"]
    if show_unlabelled and unlabelled:
        lines += ["", f"Unlabelled firings (not scored; label them or pass --closed): {len(unlabelled)}"]
        for m in unlabelled:
            lines.append(f"  {m.rule} {m.document}: \"{_short(m.quote)}\"")
    return "\n".join(lines)


def quotes_not_found(labels: DocumentLabels, text: str) -> list[LabelItem]:
    """Label items whose quote is not a (whitespace-normalised) substring of the document's text."""
    haystack = normalise(text)
    items: Iterable[LabelItem] = (*labels.expected, *labels.not_expected)
    return [item for item in items if item.quote.strip() and normalise(item.quote) not in haystack]
