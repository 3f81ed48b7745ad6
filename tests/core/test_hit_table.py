"""The hit table answers per sentence the same whether or not a key has been read whole.

Sentence reads build only that sentence's hit tuples (a key read sentence by sentence is rarely
read whole), and `in` must not build any; these tests pin both paths to the same answers.
"""

from __future__ import annotations

import numpy
from spacy.strings import StringStore

from tenderlint.matching import Hit, HitTable, RawHits

# Three sentences: tokens 0-4, 5-9, 12-15 (10 and 11 are a blank gap between blocks).
STARTS, ENDS = [0, 5, 12], [5, 10, 16]


def _table() -> HitTable:
    strings = StringStore(["duty", "cap"])
    hits = [("duty", 1, 2), ("cap", 3, 4), ("duty", 6, 8), ("duty", 7, 8), ("duty", 10, 11), ("duty", 13, 14)]
    raw = RawHits(
        numpy.array([strings[k] for k, _, _ in hits], dtype="uint64"),
        numpy.array([s for _, s, _ in hits], dtype="int64"),
        numpy.array([e for _, _, e in hits], dtype="int64"),
    )
    return HitTable(raw, strings, STARTS, ENDS)


def test_sentence_reads_match_before_and_after_the_whole_key_is_read() -> None:
    cold = _table()
    before = [cold.in_sentence("duty", i) for i in range(3)]
    warm = _table()
    assert len(warm["duty"]) == 5  # read whole first: sentence reads slice the built list
    after = [warm.in_sentence("duty", i) for i in range(3)]
    expected = [[Hit("duty", 1, 2)], [Hit("duty", 6, 8), Hit("duty", 7, 8)], [Hit("duty", 13, 14)]]
    assert before == after == expected


def test_a_hit_in_the_gap_between_sentences_belongs_to_none() -> None:
    table = _table()
    assert Hit("duty", 10, 11) in table["duty"]
    assert all(Hit("duty", 10, 11) not in table.in_sentence("duty", i) for i in range(3))
    assert table.sentences_with("duty") == frozenset({0, 1, 2})


def test_membership_builds_no_tuples_and_absent_keys_read_empty() -> None:
    table = _table()
    assert "cap" in table and "missing" not in table
    assert table.in_sentence("missing", 0) == []
    assert table.in_sentence("cap", 0) == [Hit("cap", 3, 4)] and table.in_sentence("cap", 1) == []
    assert not table._lists  # `in` and sentence reads left the whole-key lists unbuilt
