"""Facts about a tender that rules depend on (catalogue section 1): regime, value, type, dates.

Each fact carries the quote it came from, or says the user gave it, so the report can show
what was assumed and a user can correct it ("--value 250000").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from .matching import Analysis
from .quantities import find_quantities

FOUND, GIVEN = "found", "given"


@dataclass(frozen=True)
class Fact:
    name: str
    value: Any
    source: str = FOUND  # found in the document, or given by the user
    quote: str | None = None
    start: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "source": self.source, "quote": self.quote, "start": self.start}


@dataclass(frozen=True)
class Context:
    facts: Mapping[str, Fact] = field(default_factory=dict)

    def get(self, name: str) -> Any | None:
        fact = self.facts.get(name)
        return None if fact is None else fact.value

    def with_overrides(self, overrides: Mapping[str, Any]) -> "Context":
        facts = dict(self.facts)
        for name, value in overrides.items():
            if value is not None:
                facts[name] = Fact(name, value, GIVEN)
        return replace(self, facts=facts)

    def to_json(self) -> dict[str, Any]:
        return {name: fact.to_json() for name, fact in sorted(self.facts.items())}


_REGIMES = [
    ("pa-2023", re.compile(r"Procurement Act 2023|competitive flexible procedure|Central Digital Platform|conditions of participation", re.I)),
    ("pcr-2015", re.compile(r"Public Contracts Regulations 2015|\bPCR 2015\b|Selection Questionnaire|competitive procedure with negotiation", re.I)),
    ("non-uk", re.compile(r"Federal Acquisition Regulation|\bFAR\b \d|Commonwealth of Virginia|State of (?:Alaska|Indiana)|British Columbia|\bOfferors?\b", re.I)),
]
_VALUE_CUE = re.compile(
    r"estimated (?:total |contract |annual )?value|contract value|total value|value of the (?:contract|framework|call-off)|budget|maximum value|up to a maximum",
    re.I,
)
_ANNUAL = re.compile(r"per annum|a year|each year|per year|annual", re.I)


def extract_context(analysis: Analysis) -> Context:
    """Find what the document says about itself; every fact keeps its quote."""
    text = analysis.document.text
    facts: dict[str, Fact] = {}
    for regime, pattern in _REGIMES:
        match = pattern.search(text)
        if match:
            facts["regime"] = Fact("regime", regime, FOUND, match.group(0), match.start())
            break
    for sentence in analysis.sentences:
        if not _VALUE_CUE.search(sentence.text):
            continue
        money = [q for q in find_quantities(sentence.text) if q.kind == "money" and q.value]
        if not money:
            continue
        amount = max(money, key=lambda q: q.value or 0)
        name = "value_annual" if _ANNUAL.search(sentence.text) else "value_total"
        if name not in facts:
            facts[name] = Fact(name, float(amount.value or 0), FOUND, sentence.text[:300], sentence.start_char)
    return Context(facts)
