"""`threshold`: a quantity in a triggering sentence compared with a limit or a context fact.

params:
  trigger: terms the sentence must contain ("turnover", "pay ... invoice")
  quantity: money | duration | percent | multiple
  compare: {op: ">", value: 30}                    absolute (GBP, days, percent, times)
           {op: ">", fact: value_annual, factor: 2}  relative to a context fact
           {..., floor: 5000000}   and the quantity must also pass this absolute amount
           {..., says: "more than ... (limit {limit})"}  the words the message shows as {comparison}
  info: {factor: 5, floor: 2000000, says: ...}       a lower band, reported at info
  unknown: {floor: 2000000, says: ...}               when the fact is unknown, amounts past this floor
                                                     are reported at info ("cannot check"), not silently
  minimums_only: true                                amounts stated as an upper bound ("turnover of no
                                                     more than £10m", "under £2m") are not demands
  unless, guards
Durations compare in calendar days; unfilled template placeholders are not values.
Money in other currencies is converted to pounds for absolute limits and floors (the rate is shown
in the finding); against a fact in the same currency it is compared as it stands.
When the compared fact is unknown (and no `unknown` floor is set) the rule reports "could not
check", quoting what it saw.
"""

from __future__ import annotations

import operator
import re
from typing import Any, Callable, Mapping

from ..context import Context
from ..analysis import Analysis
from ..matching import TermIndex
from ..quantities import Quantity, find_quantities
from ..quantities.currency import Pounds, currency_of, to_pounds
from ..rulepack.model import SEVERITIES, Rule
from .base import COULD_NOT_CHECK, FLAGGED, PASSED, Candidate, Check, Outcome, compile_terms
from .params import FACT_NAMES, NUMBER, OPERATOR, SENTENCE_PARAMS, STRING, TERMS, Param, obj

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}

# The keys of a comparison band (`compare`, `info`, `unknown`).
COMPARE = {
    "op": OPERATOR,
    "value": NUMBER,
    "fact": FACT_NAMES,
    "factor": NUMBER,
    "floor": NUMBER,
    "says": STRING,
    "severity": {"enum": list(SEVERITIES)},
}


def magnitude(quantity: Quantity) -> float | None:
    """The number a rule compares: days for durations, the value otherwise."""
    if quantity.kind == "duration":
        return quantity.days
    return quantity.value


class ThresholdCheck(Check):
    kind = "threshold"
    fires = "when a quantity in a triggering sentence passes a limit"
    parameters = {
        "trigger": Param(TERMS, "terms the sentence must contain", required=True),
        "quantity": Param({"enum": ["money", "duration", "percent", "multiple"]}, "the kind of quantity compared", required=True),
        "compare": Param(
            {**obj(COMPARE), "anyOf": [{"required": ["value"]}, {"required": ["fact"]}]},
            "{op, value} (absolute: pounds, days, percent, times) or {op, fact: [value_annual, value_total], factor}, "
            "with `floor` (an absolute minimum, in pounds), `says` (the words shown as {comparison}) and `severity`",
            required=True,
        ),
        "info": Param(obj(COMPARE), "{factor, floor, says}: a lower band over `compare`, reported at info"),
        "unknown": Param(
            obj(COMPARE, required=("floor",)),
            "{floor, says}: when the fact is unknown, amounts past the floor are reported at info (else could not check)",
        ),
        "minimums_only": Param({"type": "boolean"}, 'skip amounts stated as ceilings ("no more than £10m")'),
        "units": Param({"type": "array", "items": STRING}, "only quantities in these units (e.g. GBP)"),
        "rates": Param({"type": "object", "additionalProperties": NUMBER}, "{currency: pounds per unit} over the rates in `quantities/currency.py`"),
        **SENTENCE_PARAMS,
    }
    fills = frozenset({"found", "value", "note", "limit", "comparison"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.trigger = compile_terms(index, f"{rule.id}/trigger", params["trigger"])
        self.quantity = params["quantity"]
        self.bands = [_Band.of(params["compare"], params["compare"].get("severity"))]
        if params.get("info"):
            self.bands.append(_Band.of({**params["compare"], **params["info"]}, "info"))
        unknown = params.get("unknown")  # with the fact unknown: an absolute test against its floor
        self.unknown = _Band.of({"op": self.bands[0].op_text, "value": unknown["floor"], **unknown}, "info") if unknown else None
        self.units = set(params.get("units", ()))
        self.rates = params.get("rates") or {}
        self.minimums_only = bool(params.get("minimums_only", False))

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        flagged: list[Candidate] = []
        unchecked: list[Candidate] = []
        facts = self.bands[0].facts
        for sentence in self.body_sentences_with(analysis, self.trigger):
            hits = sentence.hits.get(self.trigger or "")
            if not hits or self.guarded(analysis, sentence, hits[0]):
                continue
            found = [
                q
                for q in find_quantities(sentence.text)
                if q.kind == self.quantity and magnitude(q) is not None and (not self.units or q.unit in self.units)
                and not (self.minimums_only and upper_bound(sentence.text, q))
            ]
            if not found:
                continue
            pick = max if self.bands[0].op_text.startswith(">") else min
            quantity = pick(found, key=lambda q: magnitude(q) or 0.0)
            measured = self._measure(quantity, context)
            values = {"found": quantity.text, "value": magnitude(quantity) or 0.0, "note": measured.note if measured else ""}
            band_hit = False
            for band in self.bands:
                verdict = band.judge(measured, quantity, context, self.rates)
                if verdict is None:
                    continue
                band_hit = True
                if verdict[0]:
                    more = {"severity": band.severity} if band.severity else {}
                    flagged.append(self.sentence_candidate(sentence, 0.85, **values, **verdict[1], **more))
                    break
            if band_hit:
                continue
            if self.unknown is not None:  # the value is unknown: amounts past the floor are reported
                verdict = self.unknown.judge(measured, quantity, context, self.rates)
                if verdict and verdict[0]:
                    flagged.append(self.sentence_candidate(sentence, 0.6, **values, **verdict[1], severity="info"))
                continue
            unchecked.append(self.sentence_candidate(sentence, 0.5, **values, limit="unknown", comparison=""))
        if flagged:
            return Outcome(FLAGGED, tuple(flagged))
        if unchecked:
            return Outcome(COULD_NOT_CHECK, tuple(unchecked), f"needs one of the facts {', '.join(facts)}")
        return Outcome(PASSED)

    def _measure(self, quantity: Quantity, context: Context) -> Pounds | None:
        """A money amount in pounds (with the rate used), for absolute limits and floors."""
        if quantity.kind != "money":
            return None
        return to_pounds(magnitude(quantity) or 0.0, currency_of(quantity, context.get("dollar")), self.rates)


_UPPER_BEFORE = re.compile(
    r"(?:\bno\s+more\s+than|\bnot\s+more\s+than|\bnot\s+exceeding|\bdo(?:es)?\s+not\s+exceed|\bup\s+to|\bbelow|"
    r"\bunder|(?<!not\s)(?<!no\s)\bless\s+than|\bat\s+most|\bmaximum\s+of|\bmax\.?|\bno\s+greater\s+than|\bnot\s+greater\s+than|\bwithin)"
    r"(?:\s+(?:a|an|the|of|annual|turnover|revenue|balance\s+sheet\s+total))*\s*$",
    re.I,
)
_UPPER_AFTER = re.compile(r"^\s*(?:or\s+(?:less|under|below|fewer)|and\s+(?:under|below))\b", re.I)


def upper_bound(text: str, quantity: Quantity) -> bool:
    """The amount is stated as a ceiling ("no more than £10m", "£2m or less"): a limit that
    describes small firms or caps something, never a minimum demanded of bidders."""
    return bool(_UPPER_BEFORE.search(text[max(0, quantity.start - 60) : quantity.start]) or _UPPER_AFTER.match(text[quantity.end :]))


class _Band:
    """One comparison: an operator against an absolute value or a fact times a factor, an optional
    absolute floor, the words shown for it, and the severity it reports at (None: the rule's)."""

    def __init__(self, op: str, value: Any, facts: tuple[str, ...], factor: float, floor: Any, says: str, severity: str | None):
        self.op_text, self.op = op, OPERATORS[op]
        self.value, self.facts, self.factor, self.floor = value, facts, factor, floor
        self.says, self.severity = says, severity

    @classmethod
    def of(cls, spec: Mapping[str, Any], severity: str | None) -> "_Band":
        fact = spec.get("fact")
        facts: tuple[str, ...] = tuple(fact) if isinstance(fact, list) else ((fact,) if fact else ())
        return cls(spec.get("op", ">"), spec.get("value"), facts, float(spec.get("factor", 1)), spec.get("floor"), spec.get("says", ""), severity)

    def judge(self, pounds: Pounds | None, quantity: Quantity, context: Context, rates: Mapping[str, float]) -> tuple[bool, dict[str, Any]] | None:
        """(fires, values for the message), or None when the compared fact is unknown."""
        raw = magnitude(quantity) or 0.0
        absolute = pounds.value if pounds is not None else raw  # limits in the pack are in pounds
        known_fact: Any = next((context.get(f) for f in self.facts if context.get(f) is not None), None)
        if self.facts and known_fact is None:
            return None
        if self.floor is not None and not self.op(absolute, float(self.floor)):
            return False, {}
        if not self.facts:
            compared, limit, limit_text = absolute, float(self.value), _format(float(self.value), quantity.kind)
        else:
            limit = float(known_fact) * self.factor
            fact_currency = context.get("currency") or "GBP"
            own = currency_of(quantity, context.get("dollar")) if quantity.kind == "money" else None
            if own is None or own == fact_currency:  # same currency: compare as stated
                compared, limit_text = raw, _format(limit, quantity.kind, own or "GBP")
            else:  # different currencies: both in pounds
                fact_pounds = to_pounds(limit, fact_currency, rates)
                if fact_pounds is None or pounds is None:
                    return None
                compared, limit, limit_text = absolute, fact_pounds.value, _format(fact_pounds.value, "money")
        values = {"limit": limit_text}
        values["comparison"] = self.says.format(**values) if self.says else ""
        return self.op(compared, limit), values


_SIGNS = {"GBP": "£", "EUR": "€", "USD": "$", "CAD": "C$", "AUD": "A$", "NZD": "NZ$"}


def _format(limit: float | None, kind: str, currency: str = "GBP") -> str:
    if limit is None:
        return "unknown"
    if kind == "money":
        return f"{_SIGNS.get(currency, currency + ' ')}{limit:,.0f}"
    if kind == "duration":
        return f"{limit:g} days"
    if kind == "percent":
        return f"{limit:g}%"
    return f"{limit:g}"
