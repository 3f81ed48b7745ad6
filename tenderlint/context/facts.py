"""Facts and the context that holds them, and the facts derived from others.

A fact carries the quote it came from, or says the user gave it. Giving a fact re-derives the
ones computed from it (the annual value, whether the value is above the threshold), so
`--value 5000000` is judged against the threshold table like a value found in the text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from ..quantities.currency import to_pounds

FOUND, GIVEN = "found", "given"
QUOTE_LIMIT = 300


@dataclass(frozen=True)
class Fact:
    name: str
    value: Any
    source: str = FOUND  # found in the document, or given by the user
    quote: str | None = None
    start: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "source": self.source, "quote": self.quote, "start": self.start}

    @classmethod
    def from_json(cls, name: str, data: Mapping[str, Any]) -> "Fact":
        return cls(name, data["value"], data["source"], data["quote"], data["start"])


@dataclass(frozen=True)
class Context:
    facts: Mapping[str, Fact] = field(default_factory=dict)

    def get(self, name: str) -> Any | None:
        fact = self.facts.get(name)
        return None if fact is None else fact.value

    def with_overrides(self, overrides: Mapping[str, Any]) -> "Context":
        """User-given facts win; facts derived from the ones given (annual value, threshold) are re-derived."""
        facts = dict(self.facts)
        given: set[str] = set()
        for name, value in overrides.items():
            if value is not None:
                if name in _NUMERIC_FACTS and isinstance(value, str):
                    try:
                        value = float(value.replace(",", "").replace("£", ""))
                    except ValueError:
                        pass
                facts[name] = Fact(name, value, GIVEN)
                given.add(name)
        if given & _DERIVATION_INPUTS:
            annual = facts.get("value_annual")
            if "value_annual" not in given and annual is not None and (annual.quote or "").startswith("derived:"):
                del facts["value_annual"]
            if "above_threshold" not in given:
                facts.pop("above_threshold", None)
            if "value_total_gbp" not in given:
                facts.pop("value_total_gbp", None)
            put_fact(facts, derived_annual(facts))
            put_fact(facts, value_in_pounds(facts))
            put_fact(facts, above_threshold(facts))
        return replace(self, facts=facts)

    def to_json(self) -> dict[str, Any]:
        return {name: fact.to_json() for name, fact in sorted(self.facts.items())}


# Facts from which others are derived: giving one re-derives `value_annual` (total / term) and `above_threshold`.
_DERIVATION_INPUTS = frozenset({
    "value_total", "value_annual", "term_years", "extension_years", "contract_type", "authority_type", "regime",
    "currency", "vat_basis",
})
_NUMERIC_FACTS = frozenset({"value_total", "value_annual", "value_per_lot", "term_years", "extension_years"})


# --- Thresholds (catalogue 1.1), kept as data so the next biennial revision is one new entry ---


@dataclass(frozen=True)
class ThresholdTable:
    """VAT-inclusive thresholds in GBP in force from `effective`, keyed by threshold class."""

    effective: datetime.date
    source: str
    amounts: Mapping[str, float]


THRESHOLDS: tuple[ThresholdTable, ...] = (
    ThresholdTable(
        datetime.date(2026, 1, 1),
        "PA 2023 Sch 1 as amended by SI 2025/1200 (catalogue 1.1)",
        {
            "central": 135_018.0,
            "sub-central": 207_720.0,
            "works": 5_193_000.0,
            "light-touch": 663_540.0,
            "utilities": 415_440.0,
        },
    ),
)
PA_2023_COMMENCEMENT = datetime.date(2025, 2, 24)  # procurements begun earlier stay under PCR 2015
VAT_RATE = 0.2


def threshold_table(on: datetime.date | None = None) -> ThresholdTable:
    """The table in force on a date (today by default); the earliest if the date precedes all."""
    on = on or datetime.date.today()
    current = [t for t in THRESHOLDS if t.effective <= on]
    return max(current, key=lambda t: t.effective) if current else min(THRESHOLDS, key=lambda t: t.effective)


def put_fact(facts: dict[str, Fact], fact: Fact | None) -> None:
    if fact is not None and fact.name not in facts:
        facts[fact.name] = fact


def short_quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1].rstrip() + "…"


def derived_annual(facts: Mapping[str, Fact]) -> Fact | None:
    total, years = facts.get("value_total"), facts.get("term_years")
    if total is None or years is None or "value_annual" in facts or not years.value:
        return None
    quote = f"derived: total / term ({total.value:,.0f} / {years.value:g} years)"
    return Fact("value_annual", round(total.value / years.value, 2), FOUND, quote, total.start)


def value_in_pounds(facts: Mapping[str, Fact]) -> Fact | None:
    """The total value in pounds, through the dated rate table, so that value gates written in pounds
    ("under £100k", catalogue §0.5 item 46) hold for tenders priced in dollars, euros or others."""
    total = facts.get("value_total")
    if total is None or total.value is None or "value_total_gbp" in facts:
        return None
    currency = str(facts["currency"].value) if "currency" in facts else "GBP"
    pounds = to_pounds(float(total.value), currency)
    if pounds is None:
        return None
    how = f" at {pounds.note}" if pounds.note else ""
    quote = f"derived: value_total {currency} {float(total.value):,.0f}{how}"
    return Fact("value_total_gbp", round(pounds.value, 2), FOUND, quote, total.start)


# --- Threshold ---


def _threshold_class(facts: Mapping[str, Fact]) -> str | None:
    contract = facts["contract_type"].value if "contract_type" in facts else None
    if contract in ("works", "concession"):
        return "works"
    if contract == "light-touch":
        return "light-touch"
    authority = facts["authority_type"].value if "authority_type" in facts else None
    return authority if authority in ("central", "sub-central", "utilities") else None


def _threshold_value(facts: Mapping[str, Fact]) -> tuple[float, str, Fact] | None:
    """The estimated whole-life value and how it was reached: the total, or annual × years.

    An annual value with no term is only a lower bound: it can show that a contract is above a
    threshold, never that it is below one.
    """
    total, annual = facts.get("value_total"), facts.get("value_annual")
    if total is not None:
        return float(total.value), "total as stated", total
    if annual is None:
        return None
    years = (facts["term_years"].value if "term_years" in facts else 0) + (
        facts["extension_years"].value if "extension_years" in facts else 0
    )
    if years:
        return float(annual.value) * years, f"annual × {years:g} years", annual
    return float(annual.value), "annual value only, a lower bound", annual


def above_threshold(facts: Mapping[str, Fact]) -> Fact | None:
    """Compare the VAT-inclusive estimated value with the table in force today (catalogue 1.1)."""
    found = _threshold_value(facts)
    currency = facts["currency"].value if "currency" in facts else "GBP"
    regime = facts["regime"].value if "regime" in facts else None
    kind = _threshold_class(facts)
    if found is None or kind is None or currency != "GBP" or regime == "non-uk":
        return None
    amount, how, source = found
    if "vat_basis" in facts and facts["vat_basis"].value == "exc":
        amount, how = amount * (1 + VAT_RATE), f"{how}, £{amount:,.0f} exc VAT × 1.2"
    table = threshold_table()
    limit = table.amounts[kind]
    above = amount >= limit
    if not above and how.endswith("lower bound"):
        return None  # the whole-life value could still exceed the threshold
    quote = (
        f"£{amount:,.0f} ({how}) is {'at or above' if above else 'below'} the {kind} threshold of "
        f"£{limit:,.0f} in force from {table.effective.isoformat()} ({table.source})"
    )
    return Fact("above_threshold", above, FOUND, quote, source.start)
