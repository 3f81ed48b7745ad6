"""The failure classes a procurement officer found on real tenders (issue #10), through the whole pack.

Each class is checked end to end, on the full rule pack, with several phrasings that must be found
and near misses that must not. The sentences are written for these tests: none is taken from a
corpus document. Unit tests of the parts (quantities, roles, context cues, grouping) live beside
their modules; these pin the behaviour a user sees.
"""

from __future__ import annotations

from typing import Any

import pytest

from tenderlint.engine import Linter
from tenderlint.model import Finding
from tenderlint.parse import parse_bytes

ITT = "Invitation to tender"
TERMS = "Terms and conditions of contract"
SMALL = {"value_total": 250_000, "value_annual": 250_000}


@pytest.fixture(scope="module")
def pack() -> Linter:
    return Linter()


def lint(pack: Linter, heading: str, sentence: str, facts: dict[str, Any] | None = None) -> list[Finding]:
    text = f"# {heading}\n\n{sentence}\n"
    return list(pack.lint(parse_bytes(text.encode(), "draft.md"), facts=facts or {}).findings)


def rules(pack: Linter, heading: str, sentence: str, facts: dict[str, Any] | None = None) -> set[str]:
    return {f.rule_id for f in lint(pack, heading, sentence, facts)}


@pytest.mark.parametrize("sentence", [
    "The Supplier shall hold professional indemnity insurance of [not less than] ten million pounds (£10,000,000) for each claim.",
    "Bidders must hold professional indemnity cover of [£10m] [per claim].",
    "The Contractor shall maintain public liability insurance with a limit of indemnity of not less than £10,000,000.",
])
def test_insurance_written_in_words_brackets_or_drafting_text_is_compared(pack: Linter, sentence: str) -> None:
    (found,) = [f for f in lint(pack, ITT, sentence, SMALL) if f.rule_id == "PP-PROP-005"]
    assert "10" in found.message and "ten times" in found.message


@pytest.mark.parametrize("sentence", [
    "Employers' liability insurance of ten million pounds (£10,000,000) is required.",
    "Professional indemnity insurance of one million pounds (£1,000,000) is required.",
    "The Supplier's total liability shall not exceed £10,000,000.",
])
def test_insurance_near_misses(pack: Linter, sentence: str) -> None:
    assert "PP-PROP-005" not in rules(pack, ITT, sentence, SMALL)


@pytest.mark.parametrize("sentence", [
    "Under the Companies Act 2006 a company must publish audited accounts where its turnover exceeds £10.2 million.",
    "For the purposes of this document a small business means an enterprise with an annual turnover of no more than £10 million.",
    "The Regulations define a medium-sized enterprise as one whose turnover does not exceed €50 million.",
])
def test_turnover_figures_from_other_laws_and_definitions_are_not_demands(pack: Linter, sentence: str) -> None:
    assert "PP-PROP-001" not in rules(pack, ITT, sentence, SMALL)


@pytest.mark.parametrize("sentence", [
    "Suppliers must have a minimum annual turnover of £2 million.",
    "Bidders shall demonstrate an annual turnover of at least two million pounds (£2,000,000).",
])
def test_turnover_demands_are_still_found(pack: Linter, sentence: str) -> None:
    assert "PP-PROP-001" in rules(pack, ITT, sentence, SMALL)


@pytest.mark.parametrize("sentence", [
    "The technical approach is significantly more important than price.",
    "Quality counts for more than price in this award.",
    "Technical merit and price are equal in importance.",
])
def test_price_weighed_against_quality_is_not_price_alone(pack: Linter, sentence: str) -> None:
    assert "PP-EVAL-006" not in rules(pack, ITT, sentence, {"is_it": True})


@pytest.mark.parametrize("sentence", [
    "The contract will be awarded on price alone.",
    "The lowest priced compliant tender will win.",
])
def test_price_only_award_of_an_it_contract_is_found(pack: Linter, sentence: str) -> None:
    assert "PP-EVAL-006" in rules(pack, ITT, sentence, {"is_it": True})


@pytest.mark.parametrize("sentence", [
    "The Supplier's aggregate liability in any twelve (12) month period shall not exceed the charges paid.",
    "Each party's liability is limited to the fees paid by the Council during the 18 months before the claim.",
    "Total charges paid in any 12-month period are capped at £50,000.",
])
def test_a_liability_window_is_not_a_payment_term(pack: Linter, sentence: str) -> None:
    assert "PP-PAY-001" not in rules(pack, TERMS, sentence)


@pytest.mark.parametrize(("sentence", "rule"), [
    ("The Contractor will pay its subcontractors only when it has itself been paid by the Council.", "PP-PAY-003"),
    ("Sub-contractors are paid only after the Prime has first been paid for the same work.", "PP-PAY-003"),
    ("Payment to the sub-contractor is conditional on receipt of payment from the Authority.", "PP-PAY-003"),
    ("The payment period begins when the Council has confirmed that an invoice is valid and undisputed.", "PP-PAY-002"),
    ("The thirty day period for payment starts only once the Authority has verified the invoice.", "PP-PAY-002"),
    ("Invoices will be paid within 30 days of the Council's approval of the invoice.", "PP-PAY-002"),
])
def test_pay_when_paid_and_a_clock_the_buyer_starts_are_found(pack: Linter, sentence: str, rule: str) -> None:
    assert rule in rules(pack, TERMS, sentence)


@pytest.mark.parametrize("sentence", [
    "The Council will pay valid invoices within 30 days of receipt.",
    "The payment period begins when the Council receives the invoice.",
    "The contract period starts once the Council has approved the mobilisation plan.",
])
def test_payment_near_misses(pack: Linter, sentence: str) -> None:
    assert not {"PP-PAY-001", "PP-PAY-002", "PP-PAY-003"} & rules(pack, TERMS, sentence)


@pytest.mark.parametrize("sentence", [
    "Tenders must be received by post at the address below.",
    "Two paper copies and a memory stick must be delivered in a sealed envelope.",
    "Please post three printed copies of your bid to the Procurement Office.",
])
def test_postal_and_paper_submission_is_found(pack: Linter, sentence: str) -> None:
    assert "PP-PROC-007" in rules(pack, ITT, sentence)


@pytest.mark.parametrize("sentence", [
    "Bids submitted on a USB stick or by hand will not be accepted; use the portal.",
    "Tenders must be submitted electronically through the e-tendering portal.",
])
def test_electronic_submission_is_not_a_paper_demand(pack: Linter, sentence: str) -> None:
    assert "PP-PROC-007" not in rules(pack, ITT, sentence)


@pytest.mark.parametrize("sentence", [
    "Teaming arrangements between bidders are not permitted at the bidding stage.",
    "Bidders may not form teaming arrangements or joint ventures with other bidders.",
    "Teaming between bidders is not allowed during the bidding period.",
])
def test_a_ban_on_teaming_at_the_bidding_stage_is_found(pack: Linter, sentence: str) -> None:
    assert "PP-PROP-009" in rules(pack, ITT, sentence)


def test_teaming_welcomed_is_not_a_ban(pack: Linter) -> None:
    assert "PP-PROP-009" not in rules(pack, ITT, "Joint bids and teaming arrangements are welcome.")


@pytest.mark.parametrize("sentence", [
    "Staff are free to leave their employment on giving one month's notice.",
    "Nothing prevents a worker from terminating their employment at will.",
])
def test_workers_freedom_to_leave_is_not_termination_for_convenience(pack: Linter, sentence: str) -> None:
    assert "PP-RISK-008" not in rules(pack, TERMS, sentence)


def test_termination_at_will_without_compensation_is_found(pack: Linter) -> None:
    sentence = "The Council may terminate this contract at any time for its convenience without compensation."
    assert "PP-RISK-008" in rules(pack, TERMS, sentence)


@pytest.mark.parametrize("sentence", [
    "Each bidder must sign the declaration of truth at Annex B.",
    "The bidder shall sign the declaration at Annex B confirming that the information given is accurate.",
    "I understand that the information will be used in the evaluation to assess my general suitability.",
])
def test_a_signed_declaration_is_not_a_vague_award_criterion(pack: Linter, sentence: str) -> None:
    assert "PP-EVAL-004" not in rules(pack, ITT, sentence)


def test_a_vague_award_criterion_is_found(pack: Linter) -> None:
    assert "PP-EVAL-004" in rules(pack, ITT, "Tenders will be assessed on general suitability.")
