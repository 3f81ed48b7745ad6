"""`consistency`: unfilled placeholders and one key fact stated with different values."""

from __future__ import annotations

from .checkkit import findings, linter

PARAMS = {
    "markers": ["=[insert", "TBC"],
    "respond": ["bidder to complete"],
    "facts": {"tender_deadline": {"cue": ["tender deadline", "tenders must be received"], "quantity": "date"}},
    "unless": ["extended"],
}


def test_placeholders_of_every_kind() -> None:
    lint = linter("consistency", PARAMS)
    assert "[insert" in findings(lint, "The Buyer is [insert name of buyer].")[0].message.lower()
    assert findings(lint, "The estimated value is £[X].")
    assert findings(lint, "Tenders close on XX/XX/2026.")
    assert "impossible date" in findings(lint, "Questions close on 31 February 2026.")[0].message
    assert findings(lint, "Start date TBC.")


def test_letters_side_by_side_are_not_a_placeholder() -> None:
    lint = linter("consistency", PARAMS)
    assert not findings(lint, "E 0 F H X X")  # a seal or a tick grid read from a cover page
    assert not findings(lint, "Mark each row X or leave it blank: X X X.")
    assert findings(lint, "Liquidated damages are XX% of the price.")
    assert findings(lint, "The contract runs for XX months.")


def test_response_form_blanks_are_not_slips() -> None:
    lint = linter("consistency", PARAMS)
    assert not findings(lint, "Bidder to complete: company number [insert].")


def test_two_deadlines_disagree() -> None:
    lint = linter("consistency", PARAMS)
    found = findings(lint, "The tender deadline is 3 March 2026.", "Tenders must be received by 10 March 2026.")
    assert len(found) == 1 and "3 March 2026" in found[0].message and "10 March 2026" in found[0].message
    assert not findings(lint, "The tender deadline is 3 March 2026.", "Tenders must be received by 3 March 2026.")


def test_unless_silences_the_comparison_but_not_placeholders() -> None:
    lint = linter("consistency", PARAMS)
    assert not findings(lint, "The tender deadline is 3 March 2026.", "The tender deadline has been extended to 10 March 2026.")
    assert findings(lint, "The tender deadline has been extended to [insert date].")


def test_deadline_before_issue_date_is_an_impossible_order() -> None:
    params = {**PARAMS, "order": [["issue_date", "tender_deadline"]]}
    facts = {"issue_date": "2024-12-06", "tender_deadline": "2024-01-03"}
    found = findings(linter("consistency", params, facts), "Proposals are due on the date in the timetable.")
    assert len(found) == 1 and "comes before" in found[0].message
    assert not findings(linter("consistency", params, {**facts, "tender_deadline": "2025-01-03"}), "x")
    assert not findings(linter("consistency", params, {**facts, "tender_deadline": "2019-01-03"}), "x")  # a stale date


def test_a_fact_the_text_settles_later_is_not_a_slip() -> None:
    lint = linter("consistency", {**PARAMS, "later": ["=at time of award"]})
    assert not findings(lint, "Contract manager: TBC at time of award.")
    assert findings(lint, "Contract manager: TBC.")
