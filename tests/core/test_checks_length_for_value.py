"""`length_for_value`: words allowed grow with the contract's value, by band."""

from __future__ import annotations

from tenderlint.checks.length_for_value import LengthForValueCheck

from .checkkit import findings, linter, status

PARAMS = {"bands": [{"below": 100_000, "words_per_pound": 0.5}, {"below": 1_000_000, "words_per_pound": 0.125, "at_least": 50_000}]}
TEXT = "Read every one of these many words before you bid for this small job."


def test_limits_by_band() -> None:
    check = LengthForValueCheck.__new__(LengthForValueCheck)
    check.bands = PARAMS["bands"]
    assert check.limit(20_000) == 10_000
    assert check.limit(200_000) == 50_000
    assert check.limit(800_000) == 100_000
    assert check.limit(5_000_000) is None


def test_fires_on_long_documents_for_small_values_only() -> None:
    assert findings(linter("length_for_value", PARAMS, {"value_total": 10}), TEXT)
    assert not findings(linter("length_for_value", PARAMS, {"value_total": 50_000}), TEXT)
    assert status(linter("length_for_value", PARAMS), TEXT) == "not_applicable"
    assert status(linter("length_for_value", {**PARAMS, "min_words": 1000}, {"value_total": 10}), TEXT) == "not_applicable"
