"""`liability_cap`: percentages, multiples, fixed sums and floors judged against the contract's size."""

from __future__ import annotations

from .checkkit import findings, linter, status

PARAMS = {
    "trigger": ["liability", "liable"],
    "cap": ["shall not exceed", "limited to", "capped at", "greater of"],
    "floor": ["greater of"],
    "lesser": ["lesser of"],
    "percent": 200,
    "multiple": 2,
    "money": {"fact": ["value_total"], "factor": 2, "minimum": 1_000_000},
    "floor_money": {"fact": ["value_annual", "value_total"], "factor": 2, "minimum": 1_000_000},
    "per_claim": ["per claim"],
    "aggregate": ["aggregate", "in any contract year"],
}


def test_percentage_and_multiple_caps() -> None:
    lint = linter("liability_cap", PARAMS, message="{found} over {limit}")
    [hit] = findings(lint, "The Supplier's liability shall not exceed 250% of the Charges.")
    assert hit.message == "250% over 200% of the charges"
    assert findings(lint, "The Supplier's liability is limited to three times the annual Charges.")
    assert not findings(lint, "The Supplier's liability shall not exceed 150% of the Charges.")
    assert not findings(lint, "The Supplier's liability is limited to twice the annual Charges.")


def test_fixed_sum_against_the_value_and_the_minimum() -> None:
    text = "The Supplier's aggregate liability shall not exceed £5,000,000."
    assert findings(linter("liability_cap", PARAMS, {"value_total": 400_000}), text)
    assert not findings(linter("liability_cap", PARAMS, {"value_total": 3_000_000}), text)
    assert status(linter("liability_cap", PARAMS), text) == "could_not_check"
    # a sum at or under the minimum is never disproportionate, whatever the value
    assert not findings(linter("liability_cap", PARAMS, {"value_total": 10_000}), "The Supplier's aggregate liability shall not exceed £900,000.")


def test_floor_is_judged_against_the_annual_value_and_lesser_of_binds_lowest() -> None:
    text = "The Supplier's liability shall be the greater of £10,000,000 and 150% of the Charges."
    assert findings(linter("liability_cap", PARAMS, {"value_annual": 200_000}), text)
    assert not findings(linter("liability_cap", PARAMS, {"value_annual": 8_000_000}), text)
    lesser = "The Supplier's aggregate liability shall not exceed the lesser of 300% of the Charges and £500,000."
    assert not findings(linter("liability_cap", PARAMS, {"value_total": 100_000}), lesser)


def test_placeholders_and_per_claim_caps() -> None:
    lint = linter("liability_cap", PARAMS, {"value_total": 5_000_000})
    assert status(lint, "The Supplier's liability shall not exceed £[X].") == "passed"
    assert findings(lint, "The Supplier's liability shall not exceed £2,000,000 per claim.")
    assert not findings(
        lint,
        "The Supplier's liability shall not exceed £2,000,000 per claim.",
        "Its aggregate liability in any contract year shall not exceed £4,000,000.",
    )
