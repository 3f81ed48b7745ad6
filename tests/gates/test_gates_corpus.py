"""Gate statuses on three corpus tenders (issue #12 acceptance): a UK dynamic purchasing system's
insurance and certificate gates, a US request for proposals' years of experience, and a UK
performance bond, each read from the real file and judged against one small firm's profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderlint.gates import FAILS, MEETS, UNKNOWN, GateKind, SupplierProfile, assess, find_gates
from tenderlint.parse import parse_path

SMALL_FIRM = SupplierProfile.from_mapping({
    "turnover": [900_000, 800_000],
    "insurance": {"public_liability": 1_000_000, "employers_liability": 5_000_000, "professional_indemnity": 1_000_000},
    "certifications": ["Cyber Essentials"],
    "years_trading": 2,
    "staff": 8,
})


def standings(path: Path) -> dict[tuple[str, str], str]:
    """(kind, subject) -> status for every gate found in the document."""
    return {(g.kind.value, g.subject): assess(g, SMALL_FIRM).status for g in find_gates(parse_path(path))}


def test_insurance_and_certificate_gates_of_a_dynamic_purchasing_system(corpus_dir: Path) -> None:
    found = standings(corpus_dir / "uk-ccs-rm6242-dps-needs.pdf")
    assert found[("insurance", "employers_liability")] == MEETS  # £5m asked, £5m held
    assert found[("insurance", "public_liability")] == FAILS  # £2m asked, £1m held
    assert found[("insurance", "professional_indemnity")] == MEETS  # £1m asked, £1m held
    assert found[("accreditation", "Cyber Essentials")] == MEETS


def test_years_of_experience_in_a_request_for_proposals(corpus_dir: Path) -> None:
    gates = [g for g in find_gates(parse_path(corpus_dir / "us-ak-aries-support-rfp-2021.md")) if g.kind is GateKind.EXPERIENCE]
    firm = [g for g in gates if g.subject == "firm"]
    assert firm and firm[0].years == 3 and assess(firm[0], SMALL_FIRM).status == FAILS  # 2 years trading
    people = [g for g in gates if g.subject == "personnel"]
    assert people and assess(people[0], SMALL_FIRM).status == UNKNOWN  # named people are not in a profile


def test_a_bond_is_a_gate_the_profile_cannot_settle(corpus_dir: Path) -> None:
    (bond,) = [g for g in find_gates(parse_path(corpus_dir / "uk-ccs-fm2017-performance-bond.docx")) if g.kind is GateKind.BOND]
    standing = assess(bond, SMALL_FIRM)
    assert standing.status == UNKNOWN and "bank or insurer" in standing.reason


@pytest.mark.parametrize("name", ["uk-ccs-rm6242-dps-needs.pdf", "us-ak-aries-support-rfp-2021.md"])
def test_every_gate_quotes_the_document(corpus_dir: Path, name: str) -> None:
    document = parse_path(corpus_dir / name)
    gates = find_gates(document)
    assert gates  # else the loop below checks nothing
    for gate in gates:
        assert " ".join(gate.quote.split())[:40] in " ".join(document.text.split())
