"""Token patterns run only where they can match: around their rarest required word.

The Matcher tests every pattern at every token, and patterns with word sets or wildcards make
a Python call per token, so 50 patterns over a 70,000-word tender cost more than everything
else. But a pattern that needs the lemma "harmless" cannot match where that word is absent, and
most patterns' required words are absent from most of a document. So for each pattern:

1. find the tokens holding each of its required words (one sort per document and attribute);
2. keep the sentences holding its three rarest (or skip the pattern: one is absent);
3. keep the occurrences of the rarest (the anchors) whose second and third rarest words sit at
   an offset the pattern allows;
4. run the Matcher only on windows reaching as far before and after each anchor as a match can.

The matches are the same as running the pattern over every sentence (a test checks this); no
match crosses a sentence, which no check needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

Size = tuple[int, int | None]  # fewest and most tokens one pattern entry consumes (None: no limit)
WINDOW_GAP = 8  # windows this close in one sentence are read in one Matcher call: a call costs ~20 tokens
_LITERAL_ATTRS = {"LOWER": "LOWER", "LEMMA": "LEMMA", "ORTH": "ORTH", "TEXT": "ORTH"}
_FLAG_ATTRS = ("LIKE_NUM",)  # lexical flags worth anchoring on: numbers are rarer than most words
COLUMNS = ("LOWER", "LEMMA", "ORTH", "LIKE_NUM")


@dataclass(frozen=True)
class Requirement:
    """A token every match holds: `attr` (a column, or "REGEX:<column>") takes one of `values`."""

    attr: str
    values: Any  # frozenset of string hashes (flag: {1}), or the regex text
    entry: int  # the pattern entry it belongs to


class AnchoredPattern:
    """One token pattern with what is known of where it can match."""

    def __init__(self, vocab: Vocab, name: str, pattern: Sequence[Mapping[str, Any]]) -> None:
        self.matcher = Matcher(vocab)
        self.matcher.add(name, [[dict(entry) for entry in pattern]])
        self.sizes = [_size(entry) for entry in pattern]
        self.requirements = _requirements(vocab, pattern)

    def reach(self, entry: int) -> tuple[int | None, int | None]:
        """Most tokens a match can hold before and after the token matched by `entry`."""
        most = self.sizes[entry][1]
        spare = None if most is None else most - 1  # the anchor may be any repetition of its entry

        def total(sizes: list[Size]) -> int | None:
            highs = [high for _, high in sizes]
            return None if spare is None or None in highs else sum(highs) + spare  # type: ignore[arg-type]

        return total(self.sizes[:entry]), total(self.sizes[entry + 1 :])

    def offsets(self, a: int, b: int) -> tuple[float, float] | None:
        """Where entry b's token can sit relative to entry a's, when both match exactly one token."""
        if self.sizes[a] != (1, 1) or self.sizes[b] != (1, 1) or a == b:
            return None
        between = self.sizes[min(a, b) + 1 : max(a, b)]
        low = 1 + sum(fewest for fewest, _ in between)
        high = numpy.inf if any(most is None for _, most in between) else 1 + sum(most or 0 for _, most in between)
        return (low, high) if b > a else (-high, -low)


class DocumentWords:
    """Where each word (by attribute) occurs in one document, and its sentence bounds.

    One sort per attribute; then the tokens holding any of a pattern's words are a few slices,
    where testing the whole column against each pattern's word set cost a pass per pattern."""

    def __init__(self, doc: Doc, regex_memo: dict[str, dict[int, bool]]) -> None:
        self.doc = doc
        columns = doc.to_array([*COLUMNS, "SENT_START"])
        self._columns = {attr: columns[:, i] for i, attr in enumerate(COLUMNS)}
        self._slices: dict[str, dict[int, tuple[int, int]]] = {}
        self._orders: dict[str, Any] = {}
        starts = columns[:, len(COLUMNS)].astype("int64") == 1
        self.sentence_of = numpy.cumsum(starts) - 1
        self.bounds = numpy.append(numpy.flatnonzero(starts), len(doc))
        self._regex_memo = regex_memo  # regex -> word hash -> whether it matches, kept across documents
        self._regex_words: dict[tuple[str, str], frozenset[int]] = {}

    def _index(self, attr: str) -> dict[int, tuple[int, int]]:
        if attr not in self._slices:
            column = self._columns[attr]
            self._orders[attr] = order = numpy.argsort(column)
            ordered = column[order]
            firsts = numpy.append(0, numpy.flatnonzero(ordered[1:] != ordered[:-1]) + 1)
            counts = numpy.diff(numpy.append(firsts, len(ordered)))
            self._slices[attr] = dict(zip(ordered[firsts].tolist(), zip(firsts.tolist(), counts.tolist())))
        return self._slices[attr]

    def resolve(self, requirement: Requirement) -> tuple[str, Iterable[int]]:
        """(column, word hashes): a regex requirement becomes this document's words that match it."""
        if not requirement.attr.startswith("REGEX:"):
            return requirement.attr, requirement.values
        column = requirement.attr.split(":", 1)[1]
        key = (column, requirement.values)
        if key not in self._regex_words:
            known = self._regex_memo.setdefault(requirement.values, {})
            pattern = re.compile(requirement.values)
            strings = self.doc.vocab.strings
            words = self._index(column).keys()
            for word in words:
                if word not in known:
                    known[word] = bool(pattern.search(strings[word]))
            self._regex_words[key] = frozenset(word for word in words if known[word])
        return column, self._regex_words[key]

    def count(self, requirement: Requirement) -> int:
        column, values = self.resolve(requirement)
        index = self._index(column)
        return sum(index.get(value, (0, 0))[1] for value in values)

    def positions(self, requirement: Requirement) -> Any:
        """Sorted indices of the tokens meeting the requirement."""
        column, values = self.resolve(requirement)
        index, order = self._index(column), self._orders[column]
        parts = [order[first : first + n] for first, n in (index.get(v, (0, 0)) for v in values) if n]
        return numpy.sort(numpy.concatenate(parts)) if parts else numpy.empty(0, dtype="int64")


def run_anchored(patterns: Iterable[AnchoredPattern], words: DocumentWords) -> list[tuple[int, int, int]]:
    """Every match of every pattern, as (match id, start, end)."""
    matches: list[tuple[int, int, int]] = []
    for pattern in patterns:
        ranked = sorted(pattern.requirements, key=words.count)[:3]
        found = [words.positions(r) for r in ranked]
        if any(not len(f) for f in found):
            continue
        shared = numpy.unique(words.sentence_of[found[0]])
        for positions in found[1:]:
            shared = numpy.intersect1d(shared, numpy.unique(words.sentence_of[positions]), assume_unique=True)
        anchors = found[0][numpy.isin(words.sentence_of[found[0]], shared)]
        for requirement, positions in zip(ranked[1:], found[1:]):
            offsets = pattern.offsets(ranked[0].entry, requirement.entry)
            if offsets is not None and len(anchors):
                # keep anchors with the other word at an allowed distance (bounds inclusive)
                low = numpy.searchsorted(positions, anchors + offsets[0], side="left")
                high = numpy.searchsorted(positions, anchors + offsets[1], side="right")
                anchors = anchors[low < high]
        doc = words.doc
        for start, end in _windows(anchors, words, pattern.reach(ranked[0].entry)):
            matches += [(m, start + s, start + e) for m, s, e in pattern.matcher(doc[start:end])]
    return matches


def _windows(anchors: Any, words: DocumentWords, reach: tuple[int | None, int | None]) -> list[tuple[int, int]]:
    """Token ranges where a match holding an anchor can lie: the pattern's reach either side of
    each anchor, cut at the anchor's sentence bounds, close ones within a sentence merged."""
    before, after = reach
    windows: list[tuple[int, int]] = []
    for anchor, sentence in zip(anchors.tolist(), words.sentence_of[anchors].tolist()):
        first, last = int(words.bounds[sentence]), int(words.bounds[sentence + 1])
        start = first if before is None else max(first, anchor - before)
        end = last if after is None else min(last, anchor + 1 + after)
        if windows and start <= windows[-1][1] + WINDOW_GAP and windows[-1][0] >= first:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _size(entry: Mapping[str, Any]) -> Size:
    op = entry.get("OP")
    if op is None:
        return 1, 1
    if op in ("?", "!"):
        return 0, 1
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        low, _, high = op[1:-1].partition(",")
        if "," not in op:
            return int(low), int(low)
        return int(low or 0), (int(high) if high.strip() else None)
    raise ValueError(f"unknown pattern operator {op!r}")


def _requirements(vocab: Vocab, pattern: Sequence[Mapping[str, Any]]) -> list[Requirement]:
    """The tokens every match must hold that name their word(s) literally, or are numbers;
    optional entries and tests by shape or other flags are left out."""
    required: list[Requirement] = []
    for entry_number, entry in enumerate(pattern):
        if _size(entry)[0] == 0:
            continue
        for attr, column in _LITERAL_ATTRS.items():
            value = entry.get(attr)
            if isinstance(value, str):
                values = [value]
            elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
                values = list(value["IN"])
            elif isinstance(value, dict) and set(value) == {"REGEX"} and attr in ("TEXT", "ORTH", "LOWER"):
                required.append(Requirement(f"REGEX:{'LOWER' if attr == 'LOWER' else 'ORTH'}", value["REGEX"], entry_number))
                break
            else:
                continue
            if values:
                words = [v.lower() for v in values] if column == "LOWER" else values
                required.append(Requirement(column, frozenset(vocab.strings.add(w) for w in words), entry_number))
            break
        else:
            for flag in _FLAG_ATTRS:
                if entry.get(flag) is True:
                    required.append(Requirement(flag, frozenset({1}), entry_number))
    return required
