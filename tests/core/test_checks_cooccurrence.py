"""`cooccurrence`: the `clause` scope (a lead-in ending in ":" judged with each list item),
typographic apostrophes, and a composite branch's own severity."""

from __future__ import annotations

from tenderlint.model import BlockKind
from tenderlint.parse.assemble import RawBlock

from .checkkit import document, findings, linter

RESERVE = {"all": {"reserve": ["reserve the right"], "change": ["alter the timetable", "change the scope"]}}


def test_clause_scope_joins_a_lead_in_with_each_item() -> None:
    lint = linter("cooccurrence", {**RESERVE, "scope": "clause"})
    found = findings(lint, "The Council reserves the right to:", "(a) alter the timetable at short notice;", "(b) ask questions.")
    assert len(found) == 1
    assert "alter the timetable" in found[0].quote and found[0].quote.startswith("The Council reserves")


def test_clause_scope_stops_at_a_plain_paragraph_and_sentence_scope_does_not_join() -> None:
    clause = linter("cooccurrence", {**RESERVE, "scope": "clause"})
    assert not findings(clause, "The Council reserves the right to:", "Bidders should read this carefully.", "(a) alter the timetable.")
    sentence = linter("cooccurrence", RESERVE)
    assert not findings(sentence, "The Council reserves the right to:", "(a) alter the timetable at short notice;")


def test_clause_scope_still_reports_a_single_sentence_once() -> None:
    lint = linter("cooccurrence", {**RESERVE, "scope": "clause"})
    found = findings(lint, "We reserve the right to change the scope as follows:", "(a) by notice.", "(b) by agreement.")
    assert len(found) == 1


def test_clause_units_are_computed_once() -> None:
    lint = linter("cooccurrence", {**RESERVE, "scope": "clause"})
    analysis = lint.analyse(document("We reserve the right to:", "• change the scope;", "• stop early."))
    units = analysis.clause_units
    assert units is analysis.clause_units
    assert [len(u) for u in units if len(u) > 1] == [2, 2]


def test_curly_apostrophes_match_straight_terms_and_offsets_hold() -> None:
    lint = linter("phrase", {"terms": ["won't be liable"], "negation": "ignore"})
    found = findings(lint, "Intro line.", "The Buyer won’t be liable for errors in the data.")
    assert found and found[0].quote == "The Buyer won’t be liable for errors in the data."


def test_composite_branch_severity() -> None:
    params = {"any": [{"kind": "phrase", "terms": ["open-ended"], "severity": "info"}, {"kind": "phrase", "terms": ["unbounded"]}]}
    lint = linter("composite", params)
    assert [f.severity for f in findings(lint, "An open-ended duty.", "An unbounded duty.")] == ["warning", "info"]  # most severe first


def test_clause_scope_stops_at_a_sibling_clause_number_and_quotes_late_items_alone() -> None:
    lint = linter("cooccurrence", {**RESERVE, "scope": "clause"})
    assert not findings(lint, "4. The Council reserves the right to:", "4.1 ask questions;", "5. The Council may alter the timetable.")
    filler = "4.1 ask questions about any part of the bid, " + "and about every other matter it thinks fit, " * 15 + "at any time;"
    found = findings(lint, "4. The Council reserves the right to:", filler, "4.2 alter the timetable.")
    assert [f.quote for f in found] == ["4.2 alter the timetable."]
    near = findings(lint, "4. The Council reserves the right to:", "4.1 ask questions;", "4.2 alter the timetable.")
    assert near[0].quote.startswith("4. The Council") and near[0].quote.endswith("alter the timetable.")


def test_clause_scope_stops_at_a_sibling_number_written_with_a_bracket() -> None:
    lint = linter("cooccurrence", {**RESERVE, "scope": "clause"})
    assert not findings(lint, "21) The Council reserves the right to:", "a) ask questions;", "22) The Council may alter the timetable.")


def test_clause_scope_reads_past_a_page_footer_and_quotes_the_item_alone() -> None:
    """A page break between a lead-in and its list leaves running footers in between (CCS RM3830)."""
    lint = linter("cooccurrence", {**RESERVE, "scope": "clause"})
    footer = [RawBlock(BlockKind.HEADER_FOOTER, "Page 5 of 8"), RawBlock(BlockKind.HEADER_FOOTER, "Crown Copyright 2020")]
    found = findings(lint, "The Council reserves the right to:", *footer, "(a) alter the timetable at short notice;")
    assert len(found) == 1
    assert found[0].quote == "(a) alter the timetable at short notice;"
    assert not findings(lint, "The Council reserves the right to:", *footer, "Bidders should read this.", "(a) alter the timetable.")


def test_clause_scope_reads_a_table_after_a_lead_in_as_one_item() -> None:
    """ "Deliver in the following formats:" then a table of products (Virginia VITA statements of requirements)."""
    lint = linter("cooccurrence", {**RESERVE, "scope": "clause"})
    table = [(1, 0, 0, "Action"), (1, 0, 1, "When"), (1, 1, 0, "alter the timetable"), (1, 1, 1, "any time"),
             (1, 2, 0, "change the scope"), (1, 2, 1, "on notice")]
    found = findings(lint, "The Council reserves the right to:", *table, "Bidders should read this.")
    assert len(found) == 1
    assert found[0].quote.startswith("The Council reserves") and found[0].quote.endswith("on notice")
    assert not findings(lint, "The Council reserves the right to:", "Bidders should read this.", *table)
    assert not findings(lint, "The Council reserves the right to:", (1, 0, 0, "Action"), (2, 0, 0, "alter the timetable"))


def test_group_words_fill_the_message() -> None:
    """Each group's matched words are offered to the message and to a composite branch's label."""
    lint = linter("cooccurrence", RESERVE, message="The buyer may {change} ({reserve}).")
    found = findings(lint, "The Council reserves the right to alter the timetable.")
    assert [f.message for f in found] == ["The buyer may alter the timetable (reserves the right)."]


def test_items_of_a_submission_checklist_meet_the_listed_groups() -> None:
    from tenderlint.model import BlockKind
    from tenderlint.parse.assemble import RawBlock

    params = {"all": {"demand": ["must include", "must submit"], "accounts": ["audited accounts"]}, "listed_meets": ["demand"]}
    lint = linter("cooccurrence", params, message="{demand}")
    checklist = (
        RawBlock(BlockKind.PARAGRAPH, "Your proposal must include the following:"),
        RawBlock(BlockKind.LIST_ITEM, "a. A company profile."),
        RawBlock(BlockKind.LIST_ITEM, "b. Three years of audited accounts."),
    )
    (found,) = findings(lint, *checklist)
    assert "audited accounts" in found.quote and "listed among what the bid must contain" in found.message
    # the same noun phrase in running text, with no list of what to submit, is not a demand
    assert not findings(lint, "The firm publishes its audited accounts every year.")


def test_unless_affirmed_clears_a_permission_but_not_a_refused_one() -> None:
    lint = linter("cooccurrence", {
        "all": {"who": ["joint bids"], "bar": ["accepted", "will not"]},
        "unless_affirmed": {"terms": ["will be accepted"]},
    })
    assert findings(lint, "No joint bids will be accepted for lot 2.")
    assert not findings(lint, "Joint bids will be accepted for lot 2, but lead members will not change.")
    plain = linter("cooccurrence", {"all": {"who": ["joint bids"], "bar": ["accepted"]}, "unless": {"terms": ["will be accepted"]}})
    assert not findings(plain, "No joint bids will be accepted for lot 2.")
