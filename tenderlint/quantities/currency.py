"""Sterling equivalents of amounts in other currencies, through a dated table.

The catalogue's absolute limits are in pounds (PI cover over £5m, a £2m info floor, a £100k
engagement gate). A Canadian tender asking for "$5,000,000" of cover is judged in pounds at a
stated rate, and the finding shows the rate it used (catalogue §0.5 item 35). Comparisons between
two figures of the same currency (cover against the contract's own value) need no conversion.

The rates are annual averages of daily spot rates for 2024, rounded to two decimals: they only
decide which side of a round threshold an amount falls, so the rounding is immaterial. A profile
or a rule can override them (`rates: {USD: 1.25}`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .model import Quantity

# Units of each currency per £1.
PER_POUND: Mapping[str, float] = {
    "GBP": 1.0, "USD": 1.28, "EUR": 1.18, "CAD": 1.75, "AUD": 1.94, "NZD": 2.11,
    "SGD": 1.71, "HKD": 9.98, "CHF": 1.13, "JPY": 193.6, "INR": 106.9, "ZAR": 23.4,
}
RATES_AS_OF = "2024 annual average"
RATES_SOURCE = "Bank of England, annual average spot exchange rates against sterling, 2024 (rounded)"


@dataclass(frozen=True)
class Pounds:
    """An amount in pounds and how it was reached ("" when it was in pounds already)."""

    value: float
    currency: str
    rate: float = 1.0

    @property
    def note(self) -> str:
        if self.currency == "GBP":
            return ""
        return f"{self.currency} {self.rate:g} = £1 ({RATES_AS_OF})"


def currency_of(quantity: Quantity, dollar: str | None = None) -> str:
    """The ISO currency of a money quantity. A bare "$" is the document's own dollar (`dollar`,
    from the context), "US$" or "USD" stays American."""
    unit = quantity.unit or "GBP"
    if unit == "USD" and dollar and dollar != "USD" and not _explicitly_american(quantity.text):
        return dollar
    return unit


def _explicitly_american(text: str) -> bool:
    lowered = text.lower()
    return "us$" in lowered or "usd" in lowered or "u.s." in lowered


def to_pounds(amount: float, currency: str, rates: Mapping[str, float] | None = None) -> Pounds | None:
    """`amount` of `currency` in pounds, or None for a currency without a rate."""
    table = {**PER_POUND, **(rates or {})}
    rate = table.get(currency)
    if rate is None or rate <= 0:
        return None
    return Pounds(amount / rate, currency, rate)
