"""`term_length`: initial term plus every extension, notice periods and deadlines left out."""

from __future__ import annotations

from .checkkit import findings, linter

PARAMS = {"trigger": ["contract", "framework"], "years": 4, "it_years": 3}


def years(text: str, facts: dict | None = None) -> str | None:
    found = findings(linter("term_length", PARAMS, facts, message="{years}"), text)
    return found[0].message if found else None


def test_extensions_are_added_with_their_counts() -> None:
    assert years("The contract runs for three (3) years with the option to extend for two further periods of up to twelve (12) months.") == "5"
    assert years("The framework will run for 4+2 years.") == "6"
    assert years("The contract runs for four years with an option to extend by one year.") == "5"
    assert years("The contract runs for three years with an option to extend by one year.") is None


def test_it_contracts_use_the_lower_limit() -> None:
    text = "The contract term is 36 months, extendable by a further 12 months."
    assert years(text) is None
    assert years(text, {"is_it": True}) == "4"
    assert years(text, {"is_it": "true"}) == "4"  # facts given on the command line are text


def test_notice_periods_deadlines_and_placeholders_are_not_terms() -> None:
    assert years("Either party may end the contract on six months' notice; the contract runs for three years.") is None
    assert years("The contract runs for 3 years and may be extended by notice given within 6 months before expiry.") is None
    assert years("The contract runs for [X] years with an option to extend by [X] months.") is None


def test_initial_term_from_the_facts_when_the_sentence_names_only_extensions() -> None:
    assert years("The Council may extend the contract for a further 2 years.", {"term_years": 3}) == "5"
