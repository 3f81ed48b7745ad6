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
