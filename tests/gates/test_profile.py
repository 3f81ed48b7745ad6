"""The supplier profile: validation, and its standing against each kind of gate."""

from __future__ import annotations

import dataclasses

import pytest

from tenderlint.gates import FAILS, MEETS, UNKNOWN, ProfileError, SupplierProfile, assess, find_gates
from tenderlint.parse import parse_bytes

FIRM = SupplierProfile.from_mapping({
    "turnover": ["£800k", 600000], "insurance": {"public_liability": "£5m", "employers_liability": 5_000_000},
    "certifications": ["Cyber Essentials Plus", "ISO 9001"], "years_trading": 4, "staff": 12, "consortium": "no",
})


def gate(text: str):
    (found,) = find_gates(parse_bytes(text.encode(), "t.md"))
    return found


def test_profile_reads_money_words_and_flags() -> None:
    assert FIRM.turnover == (800_000, 600_000)
    assert FIRM.insurance == {"public_liability": 5_000_000, "employers_liability": 5_000_000}
    assert FIRM.consortium is False and FIRM.staff == 12
    assert SupplierProfile.from_mapping({"certifications": "ISO 9001, CHAS"}).certifications == ("ISO 9001", "CHAS")


@pytest.mark.parametrize("data, field", [
    ({"turnvoer": 1}, "turnvoer"),
    ({"turnover": [1, 2, 3]}, "turnover"),
    ({"turnover": "lots"}, "turnover"),
    ({"insurance": {"fire": 1}}, "insurance"),
    ({"insurance": {"public_liability": -5}}, "insurance.public_liability"),
    ({"years_trading": "ten"}, "years_trading"),
    ({"staff": 2.5}, "staff"),
    ({"consortium": "maybe"}, "consortium"),
    ({"certifications": [1, 2]}, "certifications"),
    ({"turnover": [10**400]}, "turnover"),  # too large for a float: refused, not an OverflowError
    ({"staff": 10**400}, "staff"),
])
def test_profile_refuses_bad_values_naming_the_field(data: dict, field: str) -> None:
    with pytest.raises(ProfileError) as caught:
        SupplierProfile.from_mapping(data)
    assert field in caught.value.message and caught.value.code == "bad-profile"


@pytest.mark.parametrize("text, status", [
    ("Bidders must have a minimum annual turnover of £500,000.", MEETS),
    ("Bidders must have a minimum annual turnover of £2 million.", FAILS),
    ("Bidders must hold public liability insurance of £10 million.", FAILS),
    ("Bidders must hold public liability insurance of £2 million.", MEETS),
    ("Bidders must hold professional indemnity insurance of £1 million.", FAILS),
    ("Suppliers must hold Cyber Essentials certification.", MEETS),
    ("Suppliers must hold ISO 27001 certification.", FAILS),
    ("The Contractor must have a minimum of three years' experience of similar work.", MEETS),
    ("The Contractor must have a minimum of ten years' experience of similar work.", FAILS),
    ("The Project Manager must have at least 3 years' experience leading similar projects.", UNKNOWN),
    ("Provide three references for similar work.", UNKNOWN),
    ("Bidders must employ at least 25 full-time staff.", FAILS),
    ("Consortium bids will not be accepted.", MEETS),
])
def test_standing(text: str, status: str) -> None:
    assert assess(gate(text), FIRM).status == status


def test_unknown_when_the_profile_is_silent() -> None:
    empty = SupplierProfile()
    for text in ("Bidders must have a minimum annual turnover of £2 million.", "Bidders must hold public liability insurance of £10 million.",
                 "Suppliers must hold ISO 27001 certification.", "Bidders must employ at least 25 full-time staff."):
        assert assess(gate(text), empty).status == UNKNOWN


def test_turnover_relative_to_value_and_average() -> None:
    relative = gate("Suppliers must have an annual turnover of at least twice the contract value.")
    assert assess(relative, FIRM).status == UNKNOWN
    assert assess(relative, FIRM, contract_value=300_000).status == MEETS
    assert assess(relative, FIRM, contract_value=500_000).status == FAILS
    average = gate("Bidders must show an average annual turnover of at least £750,000.")
    assert assess(average, FIRM).status == FAILS  # (800k + 600k) / 2 = 700k
    assert assess(average, dataclasses.replace(FIRM, turnover=(800_000,))).status == MEETS


def test_insurance_needed_at_award_says_so() -> None:
    standing = assess(gate("The successful bidder will be required to hold professional indemnity insurance of £1m before the contract starts."), FIRM)
    assert standing.status == FAILS and "award" in standing.reason


@pytest.mark.parametrize("staff", [2000, 2000.0, "2000"])
def test_staff_counts_above_a_thousand_are_read_however_they_are_written(staff: object) -> None:
    # the bound for years trading (1,000) once applied to people too, refusing "2000" but not 2000
    assert SupplierProfile.from_mapping({"staff": staff}).staff == 2000
