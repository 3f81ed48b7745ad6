"""`missing_fact`: fires when the document states none of the named facts."""

from __future__ import annotations

from .checkkit import document, findings, linter, status

PARAMS = {"facts": ["value_total", "value_annual", "value_per_lot"]}


def test_fires_only_when_no_value_is_found_in_the_document() -> None:
    lint = linter("missing_fact", PARAMS)
    assert findings(lint, "Tenders are due on 3 May.")
    assert not findings(lint, "The estimated contract value is £250,000.")
    assert findings(lint, "The estimated contract value is £[X].")  # a placeholder is not a value


def test_user_supplied_facts_do_not_count_and_short_documents_are_skipped() -> None:
    assert findings(linter("missing_fact", PARAMS, {"value_total": 90_000}), "Tenders are due on 3 May.")
    assert status(linter("missing_fact", {**PARAMS, "min_words": 100}), "Tenders are due on 3 May.") == "not_applicable"


def test_absence_is_not_judged_where_the_document_puts_the_thing_in_another_document() -> None:
    from .checkkit import linter as one_rule

    params = {
        "require_any": ["award criteria"],
        "elsewhere": {"topic": ["evaluation criteria"], "deferral": ["will be specified in", "in each opportunity"]},
    }
    lint = one_rule("absence", params)
    deferred = lint.lint(document("Evaluation criteria will be specified in each Opportunity.")).rule_results[0]
    assert deferred.status == "not_applicable" and "another document" in deferred.reason
    missing = lint.lint(document("Evaluation of bids is important to us.")).rule_results[0]
    assert missing.status == "flagged"
    # a deferral about something else does not excuse the gap
    other = lint.lint(document("Pricing will be specified in each Opportunity.")).rule_results[0]
    assert other.status == "flagged"
