"""`absence`: something a document should hold is missing (judged once, for the whole document)."""

from __future__ import annotations

from .checkkit import findings, linter, status

PARAMS = {"require_any": ["award criteria", "evaluation criteria"]}
ELSEWHERE = {"topic": ["evaluation criteria"], "deferral": ["set out in each call-off"]}


def test_fires_once_for_the_document_when_no_term_appears() -> None:
    [found] = findings(linter("absence", PARAMS), "Bids are due on 1 May.", "Send them by email.")
    assert found.quote == "" and found.location.page is None
    assert status(linter("absence", PARAMS), "Bids will be judged on the award criteria below.") == "passed"


def test_short_documents_are_not_judged() -> None:
    lint = linter("absence", {**PARAMS, "min_words": 50})
    assert status(lint, "Bids are due on 1 May.") == "not_applicable"


def test_a_deferral_to_another_document_is_not_a_miss() -> None:
    lint = linter("absence", {"require_any": ["weighting"], "elsewhere": ELSEWHERE})
    assert status(lint, "The evaluation criteria are set out in each call-off.") == "not_applicable"
    assert status(lint, "The evaluation criteria follow.") == "flagged"
