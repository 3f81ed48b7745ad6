"""Compile every rule's terms into one PhraseMatcher and one Matcher, run once per document.

Running 200 separate Matcher patterns costs ~16x the tokenizer; one PhraseMatcher holding
all phrases costs almost nothing. So rules declare terms as data, the pack compiles them
under keys ("PP-RISK-001/liability"), and checks read the hits per sentence (`analysis.Analysis`
holds the document's sentences and their hits).
"""

from __future__ import annotations

import bisect
import itertools
import json
import weakref
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

import numpy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from .anchors import AnchoredPattern, DocumentWords, run_anchored
from .buyer_names import buyer_names, buyer_spans

# In a term list, this stands for the buyer's own name as each document uses it (buyer_names.py);
# the shared `@buyer` set carries it, so every rule asking "does the buyer ..." reads it.
DOCUMENT_BUYER = "%document-buyer"

# Typographic quotes become straight ones in the text the pipeline sees, so "won’t" tokenises and
# matches like "won't". Each replacement is one character for one: offsets into document.text hold.
_QUOTES = ("’", "‘", "ʼ", "′")


def normalise_quotes(text: str) -> str:
    for quote in _QUOTES:  # str.replace scans at memory speed; str.translate goes char by char
        text = text.replace(quote, "'")
    return text




# Each term's Doc, per pipeline: rules repeat terms, and every profile's Linter compiles the same
# ones again (a profile's Linter took seconds, most of it running the pipeline over term lists).
_TERM_DOCS: weakref.WeakKeyDictionary[Language, dict[str, Doc]] = weakref.WeakKeyDictionary()


def _term_docs(nlp: Language, terms: list[str]) -> list[Doc]:
    """The pipeline's Docs for the terms, each term run once per process (a matcher only reads them)."""
    cache = _TERM_DOCS.setdefault(nlp, {})
    missing = [t for t in dict.fromkeys(terms) if t not in cache]
    cache.update(zip(missing, nlp.pipe(missing)))
    return [cache[t] for t in terms]


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
        self._buyer_keys: set[str] = set()  # keys whose terms include the document's buyer name
        self._buyer_words: set[str] = set()  # the fixed buyer words beside it (already matched)

    def add_terms(self, key: str, terms: Iterable[str]) -> None:
        """Phrases are lemmatised, so "indemnify" also matches "Indemnifies" and "indemnified".

        A term written with a leading "=" matches only that exact wording (any case): needed where
        lemmas merge meanings, as "without limiting" (a drafting idiom) and "without limit".
        """
        terms = [t for t in terms if t.strip()]
        if DOCUMENT_BUYER in terms:
            terms.remove(DOCUMENT_BUYER)
            self._buyer_keys.add(key)
            self._buyer_words.update(t for t in terms if " " not in t and not t.startswith("="))
            self.nlp.vocab.strings.add(key)
            self.keys.add(key)
        lemma_docs = _term_docs(self.nlp, [t for t in terms if not t.startswith("=")])
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

    def run(self, doc: Doc, text: str | None = None) -> "RawHits":
        """Every hit in the document as arrays (key hash, start, end): no Python object per hit.

        `text` is the string the Doc was made from (Doc.text rebuilds it token by token)."""
        matches = self.phrases(doc)
        if len(self.exact):
            matches += self.exact(doc)
        patterns = list(self.matcher(doc)) if len(self.matcher) else []
        if self.anchored and len(doc):
            patterns += run_anchored(self.anchored.values(), DocumentWords(doc, self._regex_words))
        strings = self.nlp.vocab.strings
        for match_id, start, end in patterns:
            matches += [(strings[key], start, end) for key in self._pattern_keys[strings[match_id]]]
        if self._buyer_keys:
            text = doc.text if text is None else text
            spans = buyer_spans(doc, buyer_names(text, self._buyer_words), text)
            matches += [(strings[key], start, end) for key in self._buyer_keys for start, end in spans]
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
        span = self._ranges.get(key)
        if span is None:
            return []
        places = self._places.get(key)
        if places is None:
            places = self._places[key] = self._place[span[0] : span[1]].tolist()
        lo, hi = bisect.bisect_left(places, 2 * sentence), bisect.bisect_right(places, 2 * sentence)
        hits = self._lists.get(key)
        if hits is not None:
            return hits[lo:hi]
        # Build only this sentence's tuples: a key read sentence by sentence is rarely read whole.
        base = span[0]
        return [Hit(key, int(self._starts[base + i]), int(self._ends[base + i])) for i in range(lo, hi)]

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
