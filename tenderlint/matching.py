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
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

import numpy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from .anchors import AnchoredPattern, DocumentWords, run_anchored
from .model import BlockKind, Document

# Typographic quotes become straight ones in the text the pipeline sees, so "won’t" tokenises and
# matches like "won't". Each replacement is one character for one: offsets into document.text hold.
_QUOTES = ("’", "‘", "ʼ", "′")


def normalise_quotes(text: str) -> str:
    for quote in _QUOTES:  # str.replace scans at memory speed; str.translate goes char by char
        text = text.replace(quote, "'")
    return text


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


class Hit(NamedTuple):
    """A term hit. A tuple rather than a dataclass: documents produce hundreds of thousands."""

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
        # Patterns with required words: each runs alone, only where it can match (anchors.py).
        self.anchored: dict[str, AnchoredPattern] = {}
        self.keys: set[str] = set()
        self._pattern_owner: dict[str, str] = {}  # pattern JSON -> internal Matcher key
        self._pattern_keys: dict[str, set[str]] = {}  # internal Matcher key -> term keys
        self._regex_words: dict[str, dict[int, bool]] = {}  # regex -> word hash -> whether it matches

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
                anchored = AnchoredPattern(self.nlp.vocab, owner, pattern)
                if anchored.requirements:
                    self.anchored[owner] = anchored
                else:  # nothing to anchor on: the shared Matcher reads every token
                    self.matcher.add(owner, [pattern])
            self._pattern_keys.setdefault(owner, set()).add(key)
            self.nlp.vocab.strings.add(key)
            self.keys.add(key)

    def run(self, doc: Doc) -> "RawHits":
        """Every hit in the document as arrays (key hash, start, end): no Python object per hit."""
        matches = self.phrases(doc)
        if len(self.exact):
            matches += self.exact(doc)
        patterns = list(self.matcher(doc)) if len(self.matcher) else []
        if self.anchored and len(doc):
            patterns += run_anchored(self.anchored.values(), DocumentWords(doc, self._regex_words))
        strings = self.nlp.vocab.strings
        for match_id, start, end in patterns:
            matches += [(strings[key], start, end) for key in self._pattern_keys[strings[match_id]]]
        flat = numpy.fromiter(itertools.chain.from_iterable(matches), dtype="uint64", count=3 * len(matches))
        table = flat.reshape(-1, 3)
        return RawHits(table[:, 0], table[:, 1].astype("int64"), table[:, 2].astype("int64"))


_MAX_EXPANSION = 2000


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


class RawHits(NamedTuple):
    """A document's hits as parallel arrays, in match order."""

    keys: Any  # uint64 string-store hash of each hit's key
    starts: Any  # int64 token index
    ends: Any


class HitTable(Mapping[str, list[Hit]]):
    """A document's hits by key, held in arrays and made into `Hit` tuples only for keys that are read.

    A document has about one hit per word, most from a few generic term groups ("object", "only")
    that matter only beside rarer ones. A tuple and two dictionary entries per hit cost more than
    finding the hits; most keys are never read, and those that are are read once.
    """

    def __init__(self, raw: RawHits, strings: Any, sentence_starts: list[int], sentence_ends: list[int]) -> None:
        order = numpy.lexsort((raw.ends, raw.starts, raw.keys))  # stable: key, then start, then end
        keys, self._starts, self._ends = raw.keys[order], raw.starts[order], raw.ends[order]
        # place = 2i for a hit inside sentence i, 2i + 1 for one after it (in a blank gap): it grows
        # with the start, so one sentence's hits of a key are a slice found by bisection.
        position = numpy.searchsorted(numpy.asarray(sentence_starts, dtype="int64"), self._starts, side="right") - 1
        ends = numpy.asarray(sentence_ends + [0], dtype="int64")  # index -1 (before any sentence) reads the 0
        inside = (position >= 0) & (self._starts < ends[position])
        self._place = 2 * position + (~inside)
        unique, first = numpy.unique(keys, return_index=True)
        bounds = numpy.append(first, len(keys)).tolist()
        self._ranges = {strings[int(h)]: (bounds[i], bounds[i + 1]) for i, h in enumerate(unique.tolist())}
        self._lists: dict[str, list[Hit]] = {}
        self._places: dict[str, list[int]] = {}
        self._sentence_sets: dict[str, frozenset[int]] = {}

    def __getitem__(self, key: str) -> list[Hit]:
        found = self._lists.get(key)
        if found is None:
            lo, hi = self._ranges[key]  # KeyError for a key without hits, as a dict would
            starts, ends = self._starts[lo:hi].tolist(), self._ends[lo:hi].tolist()
            found = self._lists[key] = [Hit(key, s, e) for s, e in zip(starts, ends)]
            self._places[key] = self._place[lo:hi].tolist()
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._ranges)

    def __len__(self) -> int:
        return len(self._ranges)

    def __contains__(self, key: object) -> bool:
        return key in self._ranges

    def in_sentence(self, key: str, sentence: int) -> list[Hit]:
        """The hits of `key` inside sentence number `sentence`, in order."""
        if key not in self._ranges:
            return []
        hits = self[key]
        places = self._places[key]
        return hits[bisect.bisect_left(places, 2 * sentence) : bisect.bisect_right(places, 2 * sentence)]

    def sentences_with(self, key: str) -> frozenset[int]:
        found = self._sentence_sets.get(key)
        if found is None:
            if key in self._ranges:
                lo, hi = self._ranges[key]
                places = self._place[lo:hi]
                found = frozenset((places[places % 2 == 0] // 2).tolist())
            else:
                found = frozenset()
            self._sentence_sets[key] = found
        return found


class SentenceHits(Mapping[str, list[Hit]]):
    """One sentence's hits by key: a view on the document's `HitTable`."""

    __slots__ = ("_table", "_sentence")

    def __init__(self, table: HitTable, sentence: int) -> None:
        self._table = table
        self._sentence = sentence

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self._table.in_sentence(key, self._sentence) or default

    def __getitem__(self, key: str) -> list[Hit]:
        found = self._table.in_sentence(key, self._sentence)
        if not found:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(self._table.in_sentence(key, self._sentence))

    def __iter__(self) -> Iterator[str]:  # every key of the document is tried: avoid in hot loops
        return (key for key in self._table if self._table.in_sentence(key, self._sentence))

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass
class Sentence:
    index: int
    start: int  # token
    end: int
    start_char: int
    end_char: int
    text: str
    block: int | None = None  # index into document.blocks
    hits: Mapping[str, list[Hit]] = field(default_factory=dict)  # set by Analysis: a SentenceHits view


class Analysis:
    """One document after the pipeline: its spaCy Doc, sentences and term hits by sentence."""

    def __init__(self, document: Document, doc: Doc, hits: RawHits) -> None:
        self.document = document
        self.doc = doc
        self.sentences: list[Sentence] = []
        # Sentence bounds from token arrays: iterating doc.sents builds a Span and Token objects
        # for every sentence, which costs more than the tokenizer on a long document.
        if len(doc):
            columns = doc.to_array(["SENT_START", "IDX", "LENGTH"]).astype("int64")
            starts = numpy.flatnonzero(columns[:, 0] == 1).tolist()
            ends = starts[1:] + [len(doc)]
            idx, length, full = columns[:, 1].tolist(), columns[:, 2].tolist(), document.text
            for start, end in zip(starts, ends):
                start_char = idx[start]
                raw = full[start_char : idx[end - 1] + length[end - 1]]
                text = raw.strip()
                if text:
                    block = document.block_index_at(start_char)
                    end_char = start_char + len(raw.rstrip())
                    self.sentences.append(Sentence(len(self.sentences), start, end, start_char, end_char, text, block))
        self._starts = [s.start for s in self.sentences]
        self._clause_units: list[list[Sentence]] | None = None
        self._units_of_sentence: list[list[int]] | None = None
        self.hits_by_key = HitTable(hits, doc.vocab.strings, self._starts, [s.end for s in self.sentences])
        for sentence in self.sentences:
            sentence.hits = SentenceHits(self.hits_by_key, sentence.index)

    def sentences_with(self, key: str) -> frozenset[int]:
        """Indices of the sentences holding a hit for `key`."""
        return self.hits_by_key.sentences_with(key)

    @property
    def clause_units(self) -> list[list[Sentence]]:
        """Lead-ins judged with each of their list items: ["We reserve the right to:", "(b) change the
        timetable without notice."] is one unit. A lead-in is a sentence ending in ":" or a dash; its
        items are the following sentences in the same block, then following blocks that are list items
        or start with an item marker ("(a)", "ii)", "•"), up to the next heading or plain paragraph; or
        a table that follows it directly, as one item. Running headers and footers are skipped.
        Other sentences are units on their own. Computed once per document."""
        if self._clause_units is None:
            self._clause_units = self._compute_clause_units()
        return self._clause_units

    def clause_units_holding(self, sentences: Iterable[int]) -> list[list[Sentence]]:
        """The clause units that contain any of these sentences, in document order."""
        if self._units_of_sentence is None:
            self._units_of_sentence = [[] for _ in self.sentences]
            for number, unit in enumerate(self.clause_units):
                for sentence in unit:
                    self._units_of_sentence[sentence.index].append(number)
        numbers = {n for index in sentences for n in self._units_of_sentence[index]}
        return [self.clause_units[n] for n in sorted(numbers)]

    def _is_lead_in(self, sentence: Sentence) -> bool:
        text = sentence.text.rstrip().rstrip(".;,").rstrip()
        return text[-16:].lower().endswith(_LEAD_IN_END)  # the tail only: lowering every sentence added up

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
            in_cell = blocks[sentence.block].kind is BlockKind.TABLE_CELL
            table: int | None = None  # the table following the lead-in, which is then its one item
            for follower in sentences[index + 1 :]:
                if follower.block is None or len(items) >= CLAUSE_MAX_ITEMS:
                    break
                if follower.block == sentence.block:  # the rest of the lead-in's own block
                    items.append([follower])
                    continue
                kind = blocks[follower.block].kind
                if kind is BlockKind.HEADER_FOOTER:
                    continue  # a page break's running header or footer between a lead-in and its items
                cell = blocks[follower.block].cell
                if kind is BlockKind.TABLE_CELL and cell is not None and not in_cell and (not items or table is not None):
                    # a table straight after a lead-in ("in the following formats:") is its item, read whole
                    if table is None:
                        table = cell.table
                        items.append([])
                    if cell.table != table or cell.row >= CLAUSE_MAX_ITEMS:
                        break
                    items[-1].append(follower)
                    continue
                if table is not None:
                    break  # the table has ended
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
        return any(self._negators[first : hit.end])

    @cached_property
    def _negators(self) -> list[bool]:
        """Per token, whether it is a negator: read from one array, not a Token object per test."""
        strings = self.doc.vocab.strings
        negators = numpy.array([strings.add(word) for word in NEGATORS], dtype="uint64")
        return numpy.isin(self.doc.to_array("LOWER"), negators).tolist()

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
