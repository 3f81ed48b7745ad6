"""`metric`: a document-level measure (sentence length, questions asked...) against a limit."""

from __future__ import annotations

from .checkkit import findings, linter, status


def test_fires_when_the_measure_passes_the_limit_and_reports_it() -> None:
    lint = linter("metric", {"metric": "question_count", "op": ">", "value": 2}, message="{measured} over {limit}")
    asked = ("Who owns the data?", "Where is it hosted?", "How is it backed up?")
    [found] = findings(lint, *asked)
    assert found.message == "3.0 over 2.0"
    assert not findings(lint, *asked[:2])


def test_operator_and_minimum_length() -> None:
    few = linter("metric", {"metric": "words", "op": "<", "value": 10})
    assert findings(few, "Too short.")
    assert not findings(few, "This document has rather more than ten words in its only sentence.")
    assert status(linter("metric", {"metric": "words", "op": "<", "value": 10, "min_words": 5}), "Too short.") == "not_applicable"
