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


def test_a_hollow_hit_does_not_count() -> None:
    params = {"require_any": ["limitation of liability"], "hollow": ["consequential damages"], "hollow_unless": ["exceed"]}
    lint = linter("absence", params)
    # a clause so titled that only excludes consequential damages caps nothing
    assert status(lint, "(p) Limitation of liability.", "The Contractor will not be liable for consequential damages.") == "flagged"
    # ... unless it also states a measure
    assert status(lint, "(p) Limitation of liability.", "Liability shall not exceed the price, and excludes consequential damages.") == "passed"
    assert status(lint, "(p) Limitation of liability.", "Liability is capped at the annual charges.") == "passed"
