"""PP-PROB-003's second limb (catalogue: "missing ... dates or term"): a specification that never
says how long the work runs or when it is due. A duration counts only where it measures the contract
or the work; a document that is one part of a set is not judged for it (catalogue §0.5 item 14).
The text is written for this test."""

from __future__ import annotations

import pytest

from tenderlint.engine import Linter
from tenderlint.model import Finding
from tenderlint.parse import parse_bytes

BODY = [
    "The service looks after about 1,200 laptops and 300 printers in 14 sites across the district.",
    "The provider shall answer each call to the service desk and log it in the ticket system.",
    "About 4,000 calls reach the desk in a year, most of them about passwords and printing.",
    "Engineers visit the sites to repair equipment that cannot be fixed remotely.",
    "Repairs to printers include cleaning, replacing parts and testing before the ticket is closed.",
    "The provider keeps a record of every asset, with its owner, location and warranty details.",
    "Reports on calls, repairs and asset changes go to the council's service manager each month.",
    "Staff who visit schools hold an enhanced background check before their first visit.",
]


def spec(*extra: str, repeat: int = 14) -> bytes:
    paragraphs = [f"{n}. {s}" for n, s in enumerate(BODY * repeat, start=1)]
    return ("# Specification of requirements\n\n" + "\n\n".join([*extra, *paragraphs]) + "\n").encode()


@pytest.fixture(scope="module")
def pack() -> Linter:
    return Linter()


def term_findings(pack: Linter, data: bytes) -> list[Finding]:
    report = pack.lint(parse_bytes(data, "spec.md"))
    return [f for f in report.findings if f.rule_id == "PP-PROB-003" and "term, dates or timeline" in f.message]


def test_a_specification_with_volumes_but_no_term_is_vague_on_time(pack: Linter) -> None:
    (found,) = term_findings(pack, spec())
    assert found.severity == "warning"


@pytest.mark.parametrize("stated", [
    "The contract term is three years from the start date, with an option to extend by one year.",
    "This is a two-year contract for support services.",
    "The work must be finished by March next year, following the milestones in the plan.",
    "The period of performance runs for twelve months after contract award.",
])
def test_a_term_or_timeline_stated_anywhere_clears_it(pack: Linter, stated: str) -> None:
    assert not term_findings(pack, spec(stated))


@pytest.mark.parametrize("history", [
    "Last year the desk handled 4,000 calls in a 12 month period.",
    "Equipment older than five years is replaced when it fails.",
])
def test_a_period_that_does_not_measure_the_work_does_not_count(pack: Linter, history: str) -> None:
    assert term_findings(pack, spec(history))


def test_one_part_of_a_set_is_not_judged_for_its_term(pack: Linter) -> None:
    assert not term_findings(pack, spec("This specification should be read in conjunction with the invitation to tender."))


def invitation(heading: str) -> bytes:
    """A request for quotation (named so in its title and throughout) whose scope is set out under
    three headings `heading`; it never says how long the work runs."""
    parts = ["# Request for quotation: district IT support", "This request for quotation invites quotes for the work below."]
    parts += ["## Instructions to quoters"] + ["Quotes for this request for quotation are due by 5 May 2026."] * 30
    for n in range(3):
        parts.append(f"## {heading}, part {n + 1}")
        parts += [f"{i}. {s}" for i, s in enumerate(BODY * 4, start=1)]
    return ("\n\n".join(parts) + "\n").encode()


def test_an_invitation_holding_its_statement_of_work_is_judged_as_one(pack: Linter) -> None:
    """Catalogue §0.5 item 14: PP-PROB-003 runs on a specification "or an invitation that holds one"."""
    assert term_findings(pack, invitation("Statement of work"))
    assert not term_findings(pack, invitation("Background"))
