"""Compile every rule's terms into one PhraseMatcher and one Matcher, run once per document.

Running 200 separate Matcher patterns costs ~16x the tokenizer; one PhraseMatcher holding
all phrases costs almost nothing. So rules declare terms as data, the pack compiles them
under keys ("PP-RISK-001/liability"), and checks read the hits per sentence.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from .model import Document

NEGATORS = frozenset({"not", "no", "never", "n't", "without", "nor", "neither", "none", "nothing", "cannot"})


@dataclass(frozen=True)
class Hit:
    key: str
    start: int  # token index
    end: int


class TermIndex:
    """Named term lists (phrases matched on lemmas) and token patterns, compiled once."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.exact = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab)
        self.keys: set[str] = set()

    def add_terms(self, key: str, terms: Iterable[str]) -> None:
        """Phrases are lemmatised, so "indemnify" also matches "Indemnifies" and "indemnified".

        A term written with a leading "=" matches only that exact wording (any case): needed where
        lemmas merge meanings, as "without limiting" (a drafting idiom) and "without limit".
        """
        terms = [t for t in terms if t.strip()]
        lemma_docs = list(self.nlp.pipe(t for t in terms if not t.startswith("=")))
        exact_docs = [self.nlp.make_doc(t[1:].strip()) for t in terms if t.startswith("=")]
        if lemma_docs:
            self.phrases.add(key, lemma_docs)
        if exact_docs:
            self.exact.add(key, exact_docs)
        if lemma_docs or exact_docs:
            self.keys.add(key)

    def add_patterns(self, key: str, patterns: Sequence[list[dict[str, Any]]]) -> None:
        if patterns:
            self.matcher.add(key, [list(p) for p in patterns])
            self.keys.add(key)

    def run(self, doc: Doc) -> list[Hit]:
        strings = self.nlp.vocab.strings
        hits = [Hit(strings[m], s, e) for m, s, e in self.phrases(doc)]
        if len(self.exact):
            hits += [Hit(strings[m], s, e) for m, s, e in self.exact(doc)]
        if len(self.matcher):
            hits += [Hit(strings[m], s, e) for m, s, e in self.matcher(doc)]
        return hits


@dataclass
class Sentence:
    index: int
    start: int  # token
    end: int
    start_char: int
    end_char: int
    text: str
    block: int | None = None  # index into document.blocks
    hits: dict[str, list[Hit]] = field(default_factory=lambda: defaultdict(list))


class Analysis:
    """One document after the pipeline: its spaCy Doc, sentences and term hits by sentence."""

    def __init__(self, document: Document, doc: Doc, hits: list[Hit]) -> None:
        self.document = document
        self.doc = doc
        self.sentences: list[Sentence] = []
        for index, span in enumerate(doc.sents):
            text = span.text.strip()
            if text:
                end_char = span.start_char + len(span.text.rstrip())
                block = document.block_index_at(span.start_char)
                self.sentences.append(
                    Sentence(len(self.sentences), span.start, span.end, span.start_char, end_char, text, block)
                )
        self._starts = [s.start for s in self.sentences]
        self.hits_by_key: dict[str, list[Hit]] = defaultdict(list)
        for hit in sorted(hits, key=lambda h: (h.start, h.end)):
            self.hits_by_key[hit.key].append(hit)
            sentence = self.sentence_of(hit.start)
            if sentence is not None:
                sentence.hits[hit.key].append(hit)

    def sentence_of(self, token: int) -> Sentence | None:
        position = bisect.bisect_right(self._starts, token) - 1
        if position < 0:
            return None
        sentence = self.sentences[position]
        return sentence if token < sentence.end else None

    def negated(self, hit: Hit, window: int = 4) -> bool:
        """A negator shortly before the hit (or inside it), in the same sentence."""
        sentence = self.sentence_of(hit.start)
        first = max(hit.start - window, sentence.start if sentence else 0)
        return any(self.doc[i].lower_ in NEGATORS for i in range(first, hit.end))

    def quoted(self, hit: Hit) -> bool:
        """The hit sits inside quotation marks within its sentence (a definition, a citation)."""
        sentence = self.sentence_of(hit.start)
        if sentence is None:
            return False
        before = self.document.text[sentence.start_char : self.doc[hit.start].idx]  # Doc.text is rebuilt per call
        # Only double quotes: a single ’ is far more often an apostrophe ("Supplier’s").
        opens, closes, straight = before.count("“"), before.count("”"), before.count('"')
        return opens > closes or straight % 2 == 1

    def char_span(self, hit: Hit) -> tuple[int, int]:
        span = self.doc[hit.start : hit.end]
        return span.start_char, span.end_char
