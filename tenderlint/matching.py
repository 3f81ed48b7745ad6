"""Compile every rule's terms into one PhraseMatcher and one Matcher, run once per document.

Running 200 separate Matcher patterns costs ~16x the tokenizer; one PhraseMatcher holding
all phrases costs almost nothing. So rules declare terms as data, the pack compiles them
under keys ("PP-RISK-001/liability"), and checks read the hits per sentence.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .model import BlockKind, Document

# Typographic quotes become straight ones in the text the pipeline sees, so "won’t" tokenises and
# matches like "won't". Each replacement is one character for one: offsets into document.text hold.
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'"})


def normalise_quotes(text: str) -> str:
    return text.translate(_QUOTES)


# A sentence ending like this introduces a list: "We reserve the right to:" / "... as follows —".
_LEAD_IN_END = (":", "—", "–", ":-", "as follows", "the following")
_ITEM_START = re.compile(r"^\s*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)|(?:[a-z]|[ivx]{1,4})\.\s|[•·▪◦‣*\-–—]\s?)", re.I)
_NUMBER_LABEL = re.compile(r"^\s*\(?(\d{1,3}(?:\.\d{1,3})*)[.)]?\s")
CLAUSE_MAX_ITEMS = 30


def _label_depth(text: str) -> int | None:
    """ "13." -> 1, "13.1.2" -> 3, no clause number -> None."""
    match = _NUMBER_LABEL.match(text)
    return match.group(1).count(".") + 1 if match else None

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
        self.matcher = Matcher(nlp.vocab)  # patterns with no required literal token
        self.anchored = Matcher(nlp.vocab)  # patterns that need one of `self.anchors`
        self.anchors: dict[str, set[int]] = {"LOWER": set(), "LEMMA": set(), "ORTH": set()}
        self.keys: set[str] = set()
        self._pattern_owner: dict[str, str] = {}  # pattern JSON -> internal Matcher key
        self._pattern_keys: dict[str, set[str]] = {}  # internal Matcher key -> term keys

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
        """Token patterns; those that are plain word sequences become phrases.

        The Matcher costs time per pattern per token, the PhraseMatcher almost nothing, so a
        pattern such as [{LOWER: {IN: [...]}}, {LOWER: "services"}] is expanded into phrases.
        """
        kept = []
        for pattern in patterns:
            phrases = _as_phrases(pattern)
            if phrases is None:
                kept.append(list(pattern))
                continue
            attr, words = phrases
            docs = [Doc(self.nlp.vocab, words=list(w), lemmas=list(w)) for w in words]
            (self.exact if attr == "LOWER" else self.phrases).add(key, docs)
            self.keys.add(key)
        for pattern in kept:
            # Composite rules repeat the same guard patterns under several keys; the Matcher
            # runs each identical pattern once and its hits are copied to every key.
            signature = json.dumps(pattern, sort_keys=True)
            owner = self._pattern_owner.setdefault(signature, f"_pattern/{len(self._pattern_owner)}")
            if owner not in self.matcher and owner not in self.anchored:
                anchor = _anchor(pattern)
                if anchor is None:
                    self.matcher.add(owner, [pattern])
                else:
                    attr, values = anchor
                    self.anchors[attr].update(self.nlp.vocab.strings.add(v) for v in values)
                    self.anchored.add(owner, [pattern])
            self._pattern_keys.setdefault(owner, set()).add(key)
            self.keys.add(key)

    def run(self, doc: Doc) -> list[Hit]:
        strings = self.nlp.vocab.strings
        hits = [Hit(strings[m], s, e) for m, s, e in self.phrases(doc)]
        if len(self.exact):
            hits += [Hit(strings[m], s, e) for m, s, e in self.exact(doc)]
        matches = list(self.matcher(doc)) if len(self.matcher) else []
        if len(self.anchored):
            for span in self._anchor_spans(doc):
                matches += [(m, span.start + s, span.start + e) for m, s, e in self.anchored(span)]
        for match_id, start, end in matches:
            hits += [Hit(key, start, end) for key in self._pattern_keys[strings[match_id]]]
        return hits

    def _anchor_spans(self, doc: Doc) -> list[Span]:
        """Runs of sentences holding at least one anchor token.

        The Matcher tests every pattern at every token; a pattern that cannot match without one
        of its anchor words only needs the sentences that contain one, usually a small share."""
        if not len(doc):
            return []
        columns = doc.to_array(["LOWER", "LEMMA", "ORTH", "SENT_START"])
        mask = numpy.zeros(len(doc), dtype=bool)
        for column, attr in enumerate(("LOWER", "LEMMA", "ORTH")):
            if self.anchors[attr]:
                mask |= numpy.isin(columns[:, column], numpy.fromiter(self.anchors[attr], dtype="uint64"))
        if not mask.any():
            return []
        sentence_of = numpy.cumsum(columns[:, 3].astype("int64") == 1) - 1
        starts = numpy.flatnonzero(columns[:, 3].astype("int64") == 1)
        bounds = numpy.append(starts, len(doc))
        wanted = numpy.unique(sentence_of[mask])
        spans: list[Span] = []
        run_start = run_end = None
        for sentence in wanted.tolist():
            start, end = int(bounds[sentence]), int(bounds[sentence + 1])
            if run_end == start:
                run_end = end
                continue
            if run_start is not None:
                spans.append(doc[run_start:run_end])
            run_start, run_end = start, end
        spans.append(doc[run_start:run_end])
        return spans


_MAX_EXPANSION = 2000
_ANCHOR_ATTRS = {"LOWER": "LOWER", "LEMMA": "LEMMA", "ORTH": "ORTH", "TEXT": "ORTH"}


def _anchor(pattern: Sequence[dict[str, Any]]) -> tuple[str, list[str]] | None:
    """A token every match must contain, as (attribute, values): the first token that is not
    optional and names its word(s) literally. None when the pattern has no such token."""
    for token in pattern:
        if token.get("OP") in ("?", "*", "!") or (isinstance(token.get("OP"), str) and token["OP"].startswith("{0")):
            continue
        for attr, column in _ANCHOR_ATTRS.items():
            value = token.get(attr)
            if isinstance(value, str):
                values = [value]
            elif isinstance(value, dict) and set(value) == {"IN"}:
                values = [v for v in value["IN"] if isinstance(v, str)]
            else:
                continue
            if values and len(values) == len(value["IN"] if isinstance(value, dict) else values):
                if column == "LOWER":
                    values = [v.lower() for v in values]
                return column, values
    return None



def _as_phrases(pattern: Sequence[dict[str, Any]]) -> tuple[str, list[tuple[str, ...]]] | None:
    """(attr, word tuples) when every token is a plain LOWER or LEMMA value or IN list, on one
    attribute, optionally with OP "?", and the expansion is small; otherwise None (keep it a
    Matcher pattern). An optional token doubles the variants: with and without it."""
    attrs = set()
    choices: list[list[str | None]] = []
    for token in pattern:
        token = dict(token)
        optional = token.pop("OP", None)
        if optional not in (None, "?") or len(token) != 1:
            return None
        (attr, value), = token.items()
        if attr not in ("LOWER", "LEMMA"):
            return None
        if isinstance(value, str):
            options: list[str | None] = [value]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            options = list(value["IN"])
        else:
            return None
        if not options or any(not isinstance(o, str) or not o or " " in o or o != o.lower() for o in options):
            return None
        attrs.add(attr)
        choices.append(options + [None] if optional else options)
    if len(attrs) != 1 or not choices:
        return None
    total = 1
    for options in choices:
        total *= len(options)
    if total > _MAX_EXPANSION:
        return None
    variants = {tuple(w for w in words if w is not None) for words in itertools.product(*choices)}
    return attrs.pop(), sorted(v for v in variants if v)


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
        self._clause_units: list[list[Sentence]] | None = None
        self.hits_by_key: dict[str, list[Hit]] = defaultdict(list)
        for hit in sorted(hits, key=lambda h: (h.start, h.end)):
            self.hits_by_key[hit.key].append(hit)
            sentence = self.sentence_of(hit.start)
            if sentence is not None:
                sentence.hits[hit.key].append(hit)

    @property
    def clause_units(self) -> list[list[Sentence]]:
        """Lead-ins judged with each of their list items: ["We reserve the right to:", "(b) change the
        timetable without notice."] is one unit. A lead-in is a sentence ending in ":" or a dash; its
        items are the following sentences in the same block, then following blocks that are list items
        or start with an item marker ("(a)", "ii)", "•"), up to the next heading or plain paragraph.
        Other sentences are units on their own. Computed once per document."""
        if self._clause_units is None:
            self._clause_units = self._compute_clause_units()
        return self._clause_units

    def _is_lead_in(self, sentence: Sentence) -> bool:
        text = sentence.text.rstrip().rstrip(".;,").rstrip().lower()
        return text.endswith(_LEAD_IN_END)

    def _compute_clause_units(self) -> list[list[Sentence]]:
        blocks = self.document.blocks
        units: list[list[Sentence]] = []
        sentences = self.sentences
        for index, sentence in enumerate(sentences):
            units.append([sentence])
            if sentence.block is None or not self._is_lead_in(sentence):
                continue
            if blocks[sentence.block].kind is BlockKind.HEADING:
                continue
            items: list[list[Sentence]] = []
            current_block: int | None = sentence.block
            depth = _label_depth(blocks[sentence.block].text)
            for follower in sentences[index + 1 :]:
                if follower.block is None or len(items) >= CLAUSE_MAX_ITEMS:
                    break
                if follower.block == sentence.block:  # the rest of the lead-in's own block
                    items.append([follower])
                    continue
                kind = blocks[follower.block].kind
                if follower.block == current_block and items:
                    items[-1].append(follower)  # a second sentence of the same item
                    continue
                if kind is BlockKind.HEADING:
                    break
                block_text = blocks[follower.block].text
                follower_depth = _label_depth(block_text)
                if depth is not None and follower_depth is not None and follower_depth <= depth:
                    break  # "14." after the lead-in "13. ... include:" is a sibling clause, not an item
                deeper = depth is not None and follower_depth is not None  # "13.1.1" under "13."
                if kind is not BlockKind.LIST_ITEM and not deeper and not _ITEM_START.match(block_text):
                    break
                if self._is_lead_in(follower) and not deeper and not _ITEM_START.match(block_text):
                    break  # a new lead-in starts its own clause
                current_block = follower.block
                items.append([follower])
            units.extend([sentence, *item] for item in items)
        return units

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
