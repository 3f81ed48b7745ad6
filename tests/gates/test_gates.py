"""Gate extraction per kind: demands in several phrasings, and near misses (definitions, laws,
ceilings, contract-delivery duties) that are not demands."""

from __future__ import annotations

import pytest

from tenderlint.gates import GateKind, find_gates
from tenderlint.parse import parse_bytes


def gates_of(text: str) -> list:
    return find_gates(parse_bytes(text.encode(), "tender.md"))


def kinds(text: str) -> list[str]:
    return [g.kind.value for g in gates_of(text)]


@pytest.mark.parametrize("text, amount", [
    ("Bidders must have a minimum annual turnover of £2 million.", 2_000_000),
    ("Tenderers shall demonstrate an average turnover of at least £450,000 over the last two years.", 450_000),
    ("Minimum turnover required: £1.5m", 1_500_000),
])
def test_turnover_demands(text: str, amount: float) -> None:
    gates = gates_of(text)
    assert [(g.kind, g.amount) for g in gates] == [(GateKind.TURNOVER, amount)]


def test_turnover_relative_to_value() -> None:
    (gate,) = gates_of("Suppliers must have an annual turnover of at least twice the contract value.")
    assert gate.kind is GateKind.TURNOVER and gate.amount is None and "multiple:2" in gate.notes


@pytest.mark.parametrize("text", [
    'A "small business" means an enterprise whose turnover does not exceed £10.2 million.',
    "Under section 54 of the Modern Slavery Act 2015, organisations with a turnover of £36 million or more must publish a statement.",
    "For example, a supplier with a turnover of £5m could bid for lot 2.",
    "The Council's own turnover of £300 million is funded by council tax.",
    "Contracts with a value up to £100,000 are let by quotation.",
])
def test_turnover_near_misses(text: str) -> None:
    assert kinds(text) == []


def test_insurance_types_amounts_and_stage() -> None:
    gates = gates_of("Bidders must hold public liability insurance of £10 million and employer's liability insurance "
                     "of £5 million, and provide copies of the certificates with their tender.")
    assert [(g.subject, g.amount, g.stage) for g in gates] == [
        ("public_liability", 10_000_000, "bid"), ("employers_liability", 5_000_000, "bid")]


def test_insurance_at_award_and_list_items() -> None:
    (gate,) = gates_of("The successful bidder will be required to hold professional indemnity insurance of £1m before the contract starts.")
    assert (gate.subject, gate.stage) == ("professional_indemnity", "award")
    items = gates_of("# Selection\n\nBidders must hold the following insurance:\n\n- Public liability: £5,000,000\n- Product liability: £2m\n")
    assert [(g.subject, g.amount) for g in items] == [("public_liability", 5_000_000), ("product_liability", 2_000_000)]
    assert items[0].quote == "Public liability: £5,000,000"


def test_insurance_near_misses() -> None:
    assert kinds("The Supplier's liability under this Contract shall not exceed £5 million in aggregate.") == []
    assert kinds("Insurance premium tax is charged at 12% under the Finance Act 1994.") == []


def test_accreditations_with_or_without_equivalent() -> None:
    gates = gates_of("Suppliers must hold ISO 27001 certification and Cyber Essentials Plus, or an equivalent scheme.")
    assert [g.subject for g in gates] == ["ISO 27001", "Cyber Essentials Plus"]
    assert all(g.or_equivalent for g in gates)
    assert kinds("ISO 9001 is the international standard for quality management.") == []


def test_experience_firm_and_personnel() -> None:
    (firm,) = gates_of("The Contractor must have a minimum of five (5) years' experience delivering similar services.")
    assert (firm.kind, firm.years, firm.subject) == (GateKind.EXPERIENCE, 5, "firm")
    (person,) = gates_of("The Project Manager must have at least 3 years' experience leading similar projects.")
    assert person.subject == "personnel"
    assert kinds("The Supplier must keep full accounts on everything to do with the Contract for 7 years after the End Date.") == []


def test_references_and_interpretation_clauses() -> None:
    (gate,) = gates_of("Provide three (3) current corporate references for similar work.")
    assert (gate.kind, gate.count) == (GateKind.REFERENCES, 3)
    assert kinds("2.9 references to this Deed include its schedules.") == []


def test_bonds() -> None:
    (gate,) = gates_of("The successful bidder must provide a performance bond of 10% of the contract value.")
    assert gate.kind is GateKind.BOND and gate.notes == ("percent:10",)
    assert kinds("Performance Bond (Check one): Yes / No") == []


def test_site_visits() -> None:
    (gate,) = gates_of("Attendance at the site visit on 4 March is mandatory for all bidders.")
    assert gate.kind is GateKind.SITE_VISIT and gate.mandatory
    assert kinds("A pre-proposal conference will not be held for this solicitation.") == []
    assert kinds("The Supplier shall conduct site visits where asset data is weak.") == []


def test_local_presence_consortium_and_staff() -> None:
    assert kinds("Bidders must have an office within 20 miles of the Town Hall.") == ["local_presence"]
    assert kinds("Consortium bids will not be accepted.") == ["consortium"]
    assert kinds("The Supplier shall not subcontract any part of the Services without the prior written consent of the Council.") == []
    (gate,) = gates_of("Bidders must employ at least 25 full-time staff.")
    assert (gate.kind, gate.count) == (GateKind.STAFF, 25)
    assert kinds("The evaluation panel of at least three employees will evaluate the bids.") == []


def test_a_demand_repeated_per_lot_is_listed_once() -> None:
    text = "Lot 1: bidders must hold ISO 9001 certification.\n\nLot 2: bidders must hold ISO 9001 certification.\n"
    assert kinds(text) == ["accreditation"]
