"""Quantities in tender text: money, durations, percentages, multiples, dates and numbers.

Rules such as "turnover demanded is more than twice the contract value" or "payment in more than
30 days" need values, not strings. `find_quantities` returns every quantity in a sentence or a
whole document as frozen `Quantity` values with exact character spans, so findings can point at
the words. Patterns are compiled once at import; a 70k-word document takes a fraction of a second.
"""

from .figures import parse_figure
from .finder import (
    find_dates,
    find_durations,
    find_money,
    find_multiples,
    find_percents,
    find_quantities,
    may_hold_placeholder,
    parse_money,
)
from .model import DAYS_PER_UNIT, Kind, Quantity, Vat
from .words import parse_number_words

__all__ = [
    "DAYS_PER_UNIT",
    "Kind",
    "Quantity",
    "Vat",
    "find_dates",
    "find_durations",
    "find_money",
    "find_multiples",
    "find_percents",
    "find_quantities",
    "may_hold_placeholder",
    "parse_figure",
    "parse_money",
    "parse_number_words",
]
