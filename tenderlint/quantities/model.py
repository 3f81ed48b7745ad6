"""The value every quantity finder returns.

A `Quantity` is a frozen dataclass so rules can cache, compare and share them. It always keeps the
exact span it came from (`text == source[start:end]`), so a finding can point at the words that
carried the number rather than at a re-formatted copy of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

Kind = Literal["money", "duration", "percent", "multiple", "date", "number", "placeholder"]
Vat = Literal["inc", "exc"]

# Calendar days per unit. These are averages, good for comparing terms ("is 2 months longer than
# 45 days?"), not for computing deadlines: a month is a Gregorian average (365.2425 / 12), a working
# day is 7/5 of a day (a five-day week, ignoring bank holidays), an hour is 1/24 of a day.
DAYS_PER_UNIT: dict[str, float] = {
    "day": 1.0,
    "working_day": 7 / 5,
    "week": 7.0,
    "month": 365.2425 / 12,
    "year": 365.2425,
    "hour": 1 / 24,
}


@dataclass(frozen=True)
class Quantity:
    """One quantity found in text.

    `value` is the amount in `unit` (money in its currency, durations in their own unit, percent
    as 10.0 for "10%", multiples as 2.0 for "twice"); it is None for dates and placeholders.
    A range ("£5-10m", "30-60 days") or a term with extensions ("4+1+1 years") sets `low` and
    `high`, and `value` is the upper bound: limits in tenders are judged by the most a supplier
    could be held to. `consistent` is False when a words-and-figure pair disagrees
    ("sixty (90) days"); the figure wins, as in a court's reading of a contract, but a rule may
    want to report the slip. A placeholder ("£[X]", "[insert] days") carries the kind it stands in
    for in `expects`, so a rule can treat an unfilled template as missing rather than as a value.
    """

    kind: Kind
    value: float | None
    unit: str | None
    start: int
    end: int
    text: str
    date: datetime.date | None = None
    valid: bool = True
    vat: Vat | None = None
    low: float | None = None
    high: float | None = None
    consistent: bool = True
    expects: Kind | None = None

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None

    @property
    def days(self) -> float | None:
        """Approximate calendar days for a duration (see `DAYS_PER_UNIT`); None for other kinds."""
        if self.kind != "duration" or self.value is None or self.unit is None:
            return None
        return self.value * DAYS_PER_UNIT[self.unit]
