"""PP-RISK-001 limbs (b) no cap anywhere and (c) asymmetry, judged only on documents that hold terms."""

from __future__ import annotations

import pytest

from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes

CLAUSES = (
    "## 1. Payment\n\nThe Contractor will be paid monthly in arrears.\n\n"
    "## 2. Insurance\n\nThe Contractor shall keep public liability cover in force.\n\n"
    "## 3. Indemnification\n\nThe Contractor shall indemnify the City against third-party claims caused by its negligence.\n\n"
    "## 4. Termination for convenience\n\nThe City may end this contract on 60 days' notice and will pay for work done.\n\n"
    "## 5. Assignment\n\nNeither party may assign this contract without consent.\n\n"
    "## 6. Governing law\n\nThe laws of the State apply.\n\n"
)
FILLER = "## 7. Services\n\n" + " ".join(["The Contractor shall deliver the services described in the statement of work on time."] * 120) + "\n"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def _labels(linter: Linter, text: str) -> list[str]:
    report = linter.lint(parse_bytes(("# General terms and conditions of contract\n\n" + text).encode(), "terms.md"))
    assert report.context.get("has_terms") is True
    return [f.message for f in report.findings if f.rule_id == "PP-RISK-001"]


def test_terms_without_any_cap_on_the_supplier_are_flagged(linter: Linter) -> None:
    (message,) = _labels(linter, CLAUSES + FILLER)
    assert "no limitation-of-liability clause" in message


def test_a_cap_on_the_supplier_clears_both_limbs(linter: Linter) -> None:
    capped = CLAUSES + "## 8. Limitation of liability\n\nThe Contractor's total liability shall not exceed the contract price.\n\n" + FILLER
    assert _labels(linter, capped + "The City shall not be liable for any lost profits.\n") == []


def test_the_buyer_excluding_its_own_liability_while_the_supplier_is_uncapped(linter: Linter) -> None:
    messages = _labels(linter, CLAUSES + "The City shall not be liable for any indirect loss suffered by the Contractor.\n\n" + FILLER)
    assert any("while the buyer excludes or caps its own liability" in m for m in messages)


def test_documents_without_terms_are_not_judged_for_a_cap(linter: Linter) -> None:
    report = linter.lint(parse_bytes(("# Invitation to tender\n\n" + FILLER).encode(), "itt.md"))
    assert report.context.get("has_terms") is None
    assert not [f for f in report.findings if f.rule_id == "PP-RISK-001"]


def test_an_insurance_limit_of_liability_is_not_a_cap(linter: Linter) -> None:
    insured = CLAUSES + "The Contractor shall hold professional indemnity insurance with limits of liability of not less than $2,000,000 per claim.\n\n" + FILLER
    (message,) = _labels(linter, insured)
    assert "no limitation-of-liability clause" in message


def test_the_suppliers_name_near_a_measure_is_not_a_cap_without_its_liability(linter: Linter) -> None:
    broker = CLAUSES + "The Contractor's broker shall show that the insurer's rating equals or exceeds A-.\n\n" + FILLER
    (message,) = _labels(linter, broker)
    assert "no limitation-of-liability clause" in message


def test_the_supplier_excused_for_events_the_buyer_causes_is_not_the_buyers_shield(linter: Linter) -> None:
    capped = CLAUSES + "## 8. Limitation of liability\n\nThe Contractor's total liability shall not exceed the contract price.\n\n"
    excused = "The Contractor shall not be liable for delay caused by an act of Government.\n\n"
    assert _labels(linter, capped + excused + FILLER) == []
    shielded = "In no event shall the City be liable for the Contractor's lost profits.\n\n"
    report = linter.lint(parse_bytes(("# General terms and conditions of contract\n\n" + CLAUSES + excused + shielded + FILLER).encode(), "terms.md"))
    asymmetry = [f for f in report.findings if f.rule_id == "PP-RISK-001" and "while the buyer excludes" in f.message]
    assert asymmetry and all("act of Government" not in f.quote for f in asymmetry)


@pytest.mark.parametrize(
    "headings",
    [
        # clause names after a word or more, as US and Canadian general conditions put them
        ["Disclaimer of Liability and Indemnity", "Representations and Warranties", "Alternative Dispute Resolution",
         "General Insurance Requirements", "Payment"],
        # a section number run into its title
        ["H.1Indemnification", "H.2Warranties", "H.3Insurance", "H.4Payment", "H.5Termination for Convenience"],
    ],
)
def test_terms_are_recognised_from_their_clause_headings(linter: Linter, headings: list[str]) -> None:
    text = "".join(f"## {h}\n\nThe parties agree the matters under this heading.\n\n" for h in headings)
    report = linter.lint(parse_bytes(("# Request for proposals\n\n" + text).encode(), "rfp.md"))
    assert report.context.get("has_terms") is True


def test_an_enumeration_of_topics_is_not_a_set_of_terms(linter: Linter) -> None:
    items = ["Insurance cover;", "Subcontractor audits; and", "Warranty requirements;", "Payment records;", "Dispute logs; or"]
    text = "The monthly report covers:\n\n" + "".join(f"- {i}\n" for i in items)
    report = linter.lint(parse_bytes(("# Specification\n\n" + text).encode(), "spec.md"))
    assert report.context.get("has_terms") is None
