"""`metric`: a document-level measure (sentence length, questions asked...) against a limit."""

from __future__ import annotations

from tenderlint.model import BlockKind
from tenderlint.parse.assemble import RawBlock

from .checkkit import findings, linter, status


def test_fires_when_the_measure_passes_the_limit_and_reports_it() -> None:
    lint = linter("metric", {"metric": "question_count", "op": ">", "value": 2}, message="{measured} over {limit}")
    asked = ("Who owns the data?", "Where is it hosted?", "How is it backed up?")
    [found] = findings(lint, *asked)
    assert found.message == "3 over 2"
    assert not findings(lint, *asked[:2])


def test_operator_and_minimum_length() -> None:
    few = linter("metric", {"metric": "words", "op": "<", "value": 10})
    assert findings(few, "Too short.")
    assert not findings(few, "This document has rather more than ten words in its only sentence.")
    assert status(linter("metric", {"metric": "words", "op": "<", "value": 10, "min_words": 5}), "Too short.") == "not_applicable"


def test_binding_modals_are_counted_per_thousand_body_words_and_not_descriptive_ones() -> None:
    lint = linter("metric", {"metric": "binding_modals_per_1000", "op": ">", "value": 0}, message="{measured}")
    binding = "The contractor shall clean the hall, must lock it and is required to report damage."
    [found] = findings(lint, binding)
    assert float(found.message) == round(1000 * 3 / 15, 2)
    # "will", "should", "may" and a "required" that demands nothing are not binding
    assert not findings(lint, "The contractor will clean the hall, should lock it and may report the permit required.")
    # table cells are not body text (amendment 12)
    assert not findings(lint, (0, 0, 0, "The contractor shall clean the hall."), "A hall is hired for events.")


def test_requirement_items_count_numbered_or_listed_demands_only() -> None:
    lint = linter("metric", {"metric": "requirement_items", "op": ">", "value": 2}, message="{measured}")
    listed = [RawBlock(BlockKind.LIST_ITEM, f"The contractor shall empty bin number {n} weekly.") for n in range(3)]
    assert [f.message for f in findings(lint, *listed)] == ["3"]
    numbered = [f"4.{n} The contractor must sweep yard {n} daily." for n in range(1, 4)]
    assert findings(lint, *numbered)
    # unnumbered paragraphs, and listed items that demand nothing, are not requirement items
    assert not findings(lint, *(f"The contractor shall sweep yard {n} daily." for n in range(3)))
    assert not findings(lint, *(RawBlock(BlockKind.LIST_ITEM, f"Bin {n} sits by the gate.") for n in range(3)))


def test_syllables_leave_out_the_silent_e_of_common_endings() -> None:
    from tenderlint.metrics import syllables

    # "-ed" after t or d and "-es" after a sibilant are syllables; elsewhere the e is silent
    counts = {"required": 2, "performed": 2, "stated": 2, "provides": 2, "services": 3, "changes": 2,
              "requirement": 3, "statement": 2, "agreement": 3, "timely": 2, "agreed": 2, "studied": 2,
              "contractor": 3, "free": 1, "table": 2}
    assert {word: syllables(word) for word in counts} == counts
