"""`threshold`: a quantity in a triggering sentence compared with a limit or a context fact.

params:
  trigger: terms the sentence must contain ("turnover", "pay ... invoice")
  quantity: money | duration | percent | multiple
  compare: {op: ">", value: 30}                    absolute (GBP, days, percent, times)
           {op: ">", fact: value_annual, factor: 2}  relative to a context fact
           {..., floor: 5000000}   and the quantity must also pass this absolute amount
  unless, guards
Durations compare in calendar days; unfilled template placeholders are not values.
When the compared fact is unknown the rule reports "could not check", quoting what it saw.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Mapping

from ..context import Context
from ..matching import Analysis, TermIndex
from ..quantities import Quantity, find_quantities
from ..rulepack.model import Rule
from .base import COULD_NOT_CHECK, FLAGGED, PASSED, Candidate, Check, Outcome, compile_terms

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


def magnitude(quantity: Quantity) -> float | None:
    """The number a rule compares: days for durations, the value otherwise."""
    if quantity.kind == "duration":
        return quantity.days
    return quantity.value


class ThresholdCheck(Check):
    kind = "threshold"

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.trigger = compile_terms(index, f"{rule.id}/trigger", params["trigger"])
        self.quantity = params["quantity"]
        compare = params["compare"]
        self.op = OPERATORS[compare.get("op", ">")]
        self.op_text = compare.get("op", ">")
        self.value = compare.get("value")
        fact = compare.get("fact")
        self.facts: tuple[str, ...] = tuple(fact) if isinstance(fact, list) else ((fact,) if fact else ())
        self.factor = float(compare.get("factor", 1))
        self.floor = compare.get("floor")
        self.units = set(params.get("units", ()))

    def limit(self, context: Context) -> float | None:
        """The absolute limit, or the first known fact (in preference order) times the factor."""
        if not self.facts:
            return float(self.value)
        known = next((context.get(f) for f in self.facts if context.get(f) is not None), None)
        return None if known is None else float(known) * self.factor

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        limit = self.limit(context)
        flagged: list[Candidate] = []
        unchecked: list[Candidate] = []
        for sentence in self.body_sentences_with(analysis, self.trigger):
            hits = sentence.hits.get(self.trigger or "")
            if not hits or self.guarded(analysis, sentence, hits[0]):
                continue
            found = [
                q
                for q in find_quantities(sentence.text)
                if q.kind == self.quantity and magnitude(q) is not None and (not self.units or q.unit in self.units)
            ]
            if not found:
                continue
            pick = max if self.op_text.startswith(">") else min
            quantity = pick(found, key=lambda q: magnitude(q) or 0.0)
            value = magnitude(quantity) or 0.0
            if self.floor is not None and not self.op(value, float(self.floor)):
                continue
            values = {"found": quantity.text, "limit": _format(limit, self.quantity), "value": value}
            if limit is None:
                unchecked.append(self.sentence_candidate(sentence, 0.5, **values))
            elif self.op(value, limit):
                flagged.append(self.sentence_candidate(sentence, 0.85, **values))
        if flagged:
            return Outcome(FLAGGED, tuple(flagged))
        if unchecked:
            return Outcome(COULD_NOT_CHECK, tuple(unchecked), f"needs one of the facts {', '.join(self.facts)}")
        return Outcome(PASSED)


def _format(limit: float | None, kind: str) -> str:
    if limit is None:
        return "unknown"
    if kind == "money":
        return f"£{limit:,.0f}"
    if kind == "duration":
        return f"{limit:g} days"
    if kind == "percent":
        return f"{limit:g}%"
    return f"{limit:g}"
