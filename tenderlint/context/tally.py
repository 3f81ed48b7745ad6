"""Weighing signal phrases: each one seen adds to a tally, more in the title zone or a heading than in
body text, so one stray "Federal" or "Council" decides nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..analysis import Analysis, Sentence
from ..model import BlockKind, Document
from ..nlp import get_pipeline
from .facts import FOUND, Fact, short_quote
from .signals import SIGNAL_BY_KEY, signal_hits

_TITLE_WEIGHT, _HEADING_WEIGHT, _BODY_WEIGHT = 6.0, 2.0, 1.0
TITLE_BLOCKS = 6  # the first short blocks of a document, and its metadata title, are its title zone
_TITLE_LENGTH = 120


@dataclass(frozen=True)
class Evidence:
    """One signal seen in one place, with the weight of where it was seen and the text to quote."""

    fact: str
    value: str
    weight: float
    quote: str
    start: int | None


class Tally:
    """Signal weights per (fact, value), title-zone weights apart, and the best evidence for quoting."""

    def __init__(self) -> None:
        self.score: dict[tuple[str, str], float] = defaultdict(float)
        self.title: dict[tuple[str, str], float] = defaultdict(float)
        self.count: dict[tuple[str, str], int] = defaultdict(int)
        self.best: dict[tuple[str, str], Evidence] = {}

    def add(self, evidence: Evidence) -> None:
        key = (evidence.fact, evidence.value)
        self.score[key] += evidence.weight
        self.count[key] += 1
        if evidence.weight >= _TITLE_WEIGHT:
            self.title[key] += evidence.weight
        best = self.best.get(key)
        if best is None or evidence.weight > best.weight:
            self.best[key] = evidence

    def values(self, fact: str) -> dict[str, float]:
        return {value: score for (name, value), score in self.score.items() if name == fact}

    def get(self, fact: str, value: str) -> float:
        return self.score.get((fact, value), 0.0)

    def fact(self, fact: str, value: str, name: str | None = None) -> Fact:
        """A Fact named `name` (default: `fact`) quoting the best evidence for `value`."""
        evidence = self.best[(fact, value)]
        return Fact(name or fact, value, FOUND, short_quote(evidence.quote), evidence.start)


def _title_blocks(document: Document) -> frozenset[int]:
    """Short blocks at the top of the document (not running headers): its title and cover page."""
    found: list[int] = []
    seen = 0
    for index, block in enumerate(document.blocks):
        if block.kind == BlockKind.HEADER_FOOTER:
            continue
        seen += 1
        if seen > TITLE_BLOCKS:
            break
        if len(block.text) <= _TITLE_LENGTH:
            found.append(index)
    return frozenset(found)


def _weight(analysis: Analysis, sentence: Sentence, title: frozenset[int]) -> float:
    """Titles say what a document is; headings say more than body text does."""
    if sentence.block is None:
        return _BODY_WEIGHT
    if sentence.block in title:
        return _TITLE_WEIGHT
    kind = analysis.document.blocks[sentence.block].kind
    return _HEADING_WEIGHT if kind == BlockKind.HEADING else _BODY_WEIGHT


def tally_signals(analysis: Analysis) -> Tally:
    """Every signal phrase, weighted by where it sits; the file's title and subject count as its title."""
    tally = Tally()
    title_blocks = _title_blocks(analysis.document)
    for key, token in signal_hits(analysis.doc):
        sentence = analysis.sentence_of(token)
        signal = SIGNAL_BY_KEY[key]
        if sentence is not None:
            weight = _weight(analysis, sentence, title_blocks)
            tally.add(Evidence(signal.fact, signal.value, weight, sentence.text, sentence.start_char))
    metadata = analysis.document.metadata
    title = " ".join(metadata.get(key, "") for key in ("title", "subject")).strip()
    if title:
        for key, _ in signal_hits(get_pipeline().make_doc(title)):
            signal = SIGNAL_BY_KEY[key]
            if signal.fact == "doc_types":
                tally.add(Evidence(signal.fact, signal.value, _TITLE_WEIGHT, f"document properties: {title}", None))
    return tally
