"""One document after the pipeline: its sentences, each sentence's term hits, and the clause units
(a lead-in with its list items) the checks judge. Every check reads this model; building the term
index that produces the hits is `matching`'s job.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Mapping

import numpy
from spacy.tokens import Doc

from .matching import Hit, HitTable, RawHits, SentenceHits
from .model import BlockKind, Document

NEGATORS = frozenset({"not", "no", "never", "n't", "without", "nor", "neither", "none", "nothing", "cannot"})

# A sentence ending like this introduces a list: "We reserve the right to:" / "... as follows —".
_LEAD_IN_END = (":", "—", "–", ":-", "as follows", "the following")
_ITEM_START = re.compile(r"^\s*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)|(?:[a-z]|[ivx]{1,4})\.\s|[•·▪◦‣*\-–—]\s?)", re.I)
_NUMBER_LABEL = re.compile(r"^\s*\(?(\d{1,3}(?:\.\d{1,3})*)[.)]?\s")
CLAUSE_MAX_ITEMS = 30
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def _label_depth(text: str) -> int | None:
    """ "13." -> 1, "13.1.2" -> 3, no clause number -> None."""
    match = _NUMBER_LABEL.match(text)
    return match.group(1).count(".") + 1 if match else None


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

    @cached_property
    def lower_text(self) -> str:
        """The document's text in small letters, offset for offset. A case-sensitive pattern on it
        finds what a case-blind one finds in the text at a quarter of the cost (IGNORECASE tests
        every character both ways), which counts for patterns searched over a whole document."""
        lowered = self.document.text.lower()
        if len(lowered) != len(self.document.text):  # "İ" lowers to two characters: ASCII only then
            lowered = self.document.text.translate(_ASCII_LOWER)
        return lowered

    @cached_property
    def _start_chars(self) -> list[int]:
        return [s.start_char for s in self.sentences]

    def sentences_matching(self, pattern: re.Pattern[str]) -> list[Sentence]:
        """The sentences holding a match of `pattern` (written in small letters) in `lower_text`, in
        order: one search of the document, where a search per sentence costs a call each."""
        found: dict[int, Sentence] = {}
        for match in pattern.finditer(self.lower_text):
            at = bisect.bisect_right(self._start_chars, match.start()) - 1
            if at >= 0 and match.start() < self.sentences[at].end_char:
                found.setdefault(at, self.sentences[at])
        return [found[at] for at in sorted(found)]

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
