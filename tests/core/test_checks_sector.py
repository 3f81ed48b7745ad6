"""`sector`: terms out of place for the contract's subject, reported once the document holds enough of them."""

from __future__ import annotations

from .checkkit import findings, linter, status

SECTOR = {"when": {"is_it": True}, "terms": ["performance bond", "practical completion", "JCT"], "min_distinct": 2}


def test_sector_needs_the_facts_and_enough_distinct_terms() -> None:
    text = ("A performance bond is required.", "Practical completion will be certified.")
    (found,) = findings(linter("sector", SECTOR, {"is_it": True}), *text)  # one cause, two places
    assert found.count == 2 and [p.quote for p in found.also] == ["Practical completion will be certified."]
    assert status(linter("sector", SECTOR, {"is_it": False}), *text) == "not_applicable"
    assert status(linter("sector", SECTOR), *text) == "not_applicable"
    assert not findings(linter("sector", SECTOR, {"is_it": True}), "A performance bond is required.")

