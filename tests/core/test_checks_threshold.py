"""`threshold`: bands, amounts in other currencies, and the value-unknown fallback."""

from __future__ import annotations

import pytest

from tenderlint.quantities import find_quantities
from tenderlint.quantities.currency import PER_POUND, currency_of, to_pounds

from .checkkit import document, findings, linter

COVER = {
    "trigger": ["liability insurance", "liability cover"],
    "quantity": "money",
    "compare": {"op": ">", "fact": ["value_annual"], "factor": 10, "floor": 5_000_000, "says": "over the warning band (limit {limit})"},
    "info": {"factor": 5, "floor": 2_000_000, "says": "over the info band (limit {limit})"},
    "unknown": {"floor": 2_000_000, "says": "value unknown"},
}


def _one(facts: dict | None, text: str):
    found = findings(linter("threshold", COVER, facts, message="{found}: {comparison}"), text)
    return found


@pytest.mark.parametrize(
    "text, currency",
    [
        ("cover of C$5,000,000", "CAD"),
        ("cover of CAD 5,000,000", "CAD"),
        ("cover of 5,000,000 CAD", "CAD"),
        ("cover of A$5m", "AUD"),
        ("cover of AUD 5m", "AUD"),
        ("cover of NZ$5m", "NZD"),
        ("cover of US$5m", "USD"),
        ("cover of €5m", "EUR"),
        ("cover of five million pounds (£5,000,000)", "GBP"),
    ],
)
def test_currencies_are_read_from_signs_and_codes(text: str, currency: str) -> None:
    (money,) = [q for q in find_quantities(text) if q.kind == "money"]
    assert money.value == 5_000_000 and currency_of(money) == currency


def test_a_bare_dollar_is_the_documents_own_dollar_but_us_dollars_stay_american() -> None:
    (bare,) = find_quantities("cover of $5,000,000")
    (american,) = find_quantities("cover of US$5,000,000")
    assert currency_of(bare, "CAD") == "CAD" and currency_of(bare) == "USD"
    assert currency_of(american, "CAD") == "USD"


def test_conversion_uses_the_table_and_can_be_overridden() -> None:
    pounds = to_pounds(5_000_000, "CAD")
    assert pounds is not None and pounds.value == pytest.approx(5_000_000 / PER_POUND["CAD"])
    assert "CAD" in pounds.note and "£1" in pounds.note
    assert to_pounds(1_000, "CAD", {"CAD": 2.0}).value == 500
    assert to_pounds(1_000, "XYZ") is None


def test_warning_band_then_info_band_then_nothing() -> None:
    (warning,) = _one({"value_annual": 100_000}, "Public liability insurance of £10m is required.")
    assert warning.severity == "warning" and "warning band" in warning.message
    (info,) = _one({"value_annual": 100_000}, "Public liability insurance of £3m is required.")
    assert info.severity == "info" and "info band" in info.message
    assert _one({"value_annual": 100_000}, "Public liability insurance of £1.5m is required.") == []
    assert _one({"value_annual": 2_000_000}, "Public liability insurance of £10m is required.") == []


def test_floors_compare_in_pounds_so_foreign_cover_is_converted_and_the_rate_shown() -> None:
    # US$5m is about £3.9m: over the £2m info floor, under the £5m warning floor
    (info,) = _one({"value_annual": 100_000, "currency": "GBP"}, "Public liability insurance of US$5,000,000 is required.")
    assert info.severity == "info" and "USD 1.28 = £1" in info.note
    # CAD 2m is about £1.1m: under every floor
    assert _one({"value_annual": 100_000}, "Public liability insurance of CAD 2,000,000 is required.") == []


def test_same_currency_multiples_need_no_conversion() -> None:
    # $6m cover on a $1m-a-year contract: 6x, under the 10x warning band but over the 5x info band
    (info,) = _one({"value_annual": 1_000_000, "currency": "USD"}, "Public liability insurance of $6,000,000 is required.")
    assert info.severity == "info" and "$5,000,000" in info.message


def test_unknown_value_reports_at_info_above_the_floor_and_stays_quiet_below() -> None:
    (unknown,) = _one(None, "Public liability insurance of £3m is required.")
    assert unknown.severity == "info" and "value unknown" in unknown.message
    report = linter("threshold", COVER).lint(document("Public liability insurance of £1m is required."))
    assert not report.findings
    assert {r.status for r in report.rule_results} == {"passed"}
