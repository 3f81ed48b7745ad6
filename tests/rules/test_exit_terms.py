"""PP-OPEN-002 is a contract-level absence rule (catalogue §0.5 item 15): it judges a set of contract
terms, so an IT statement of work with no terms in it is not checked, while the same statement
followed by its contract clauses, none of them on exit or data return, is."""

from __future__ import annotations

import pytest

from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes

WORK = " ".join(
    ["The contractor will run the hosted software service, patch its servers and answer user tickets within the agreed times."] * 130
)
CLAUSES = "".join(
    f"## {title}\n\n{body}\n\n"
    for title, body in [
        ("Indemnity", "The contractor indemnifies the agency against claims caused by its negligence."),
        ("Termination for convenience", "The agency may end the contract on thirty days' written notice."),
        ("Governing law", "The contract is governed by the law of the state."),
        ("Insurance", "The contractor keeps public liability cover for the whole term."),
        ("Payment", "The agency pays valid invoices within thirty days of receipt."),
        ("Confidentiality", "Each party keeps the other's confidential information secret."),
    ]
)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def _exit_finding(linter: Linter, text: str) -> bool:
    report = linter.lint(parse_bytes(text.encode(), "sow.md"))
    return any(f.rule_id == "PP-OPEN-002" for f in report.findings)


def test_a_statement_of_work_alone_is_not_judged_for_exit_terms(linter: Linter) -> None:
    assert not _exit_finding(linter, f"# Statement of work: software hosting\n\n## Tasks\n\n{WORK}\n")


def test_a_statement_of_work_with_its_contract_clauses_is_judged(linter: Linter) -> None:
    assert _exit_finding(linter, f"# Statement of work: software hosting\n\n## Tasks\n\n{WORK}\n\n{CLAUSES}")
