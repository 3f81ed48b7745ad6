"""`liability_cap`: parse a liability cap and judge it against the contract's size.

A cap may be a percentage of the charges ("150% of the Charges"), a multiple ("twice the annual
Contract value") or a fixed sum ("£5,000,000"), and it may be a floor ("the greater of £10m and
150%"). Each reading is judged separately; any one that is too high fires.

params:
  trigger: terms naming liability ("liability", "liable")
  cap: terms showing a cap is being set ("shall not exceed", "limited to", "capped at")
  percent: fire when a percentage cap is above this (e.g. 200)
  multiple: fire when a multiple is above this (e.g. 2)
  money: {fact: [value_total, value_annual], factor: 2, minimum: 1000000}
         a fixed sum fires when above factor x the first known fact AND above minimum;
         an unknown fact makes the sentence "could not check"
  floor: terms marking a floor ("greater of", "higher of"); money in such sentences is judged
         against floor_money (same shape as money), e.g. the estimated annual value
  lesser: terms marking the lower of several measures ("lesser of"): fires only if every measure does
  per_claim / aggregate: terms; a per-claim cap fires when no sentence of the document sets an
         aggregate cap
  unless, guards
Values for the message: found, limit, problem (one phrase saying what is wrong).
Placeholders ("£[X]", "[insert]%") are unfilled drafting, not caps, and are ignored.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..analysis import Analysis, Sentence
from ..matching import TermIndex
from ..quantities import Quantity, find_quantities
from ..rulepack.model import Rule
from .base import COULD_NOT_CHECK, FLAGGED, PASSED, Candidate, Check, Outcome, compile_terms
from .params import FACT_NAMES, NUMBER, SENTENCE_PARAMS, TERMS, Param, obj


MONEY = obj({"fact": FACT_NAMES, "factor": NUMBER, "minimum": NUMBER})
BARE_AGGREGATE = frozenset({"aggregate", "total liability", "in aggregate", "in the aggregate", "aggregate liability"})


class LiabilityCapCheck(Check):
    kind = "liability_cap"
    fires = 'when a liability cap\'s percentage, multiple or fixed sum is too high for the contract (a floor, "the greater of", judged against its own fact; "the lesser of" only if every measure is too high); a per-claim cap with no aggregate cap anywhere'
    parameters = {
        "trigger": Param(TERMS, "terms naming liability", required=True),
        "cap": Param(TERMS, "terms showing a cap is set (shall not exceed, limited to)"),
        "percent": Param(NUMBER, "fires when a percentage cap is above this"),
        "multiple": Param(NUMBER, "fires when a multiple is above this"),
        "money": Param(MONEY, "{fact, factor, minimum}: a fixed sum fires above factor x the first known fact and above minimum"),
        "floor": Param(TERMS, "terms marking a floor (greater of): its money is judged against `floor_money`"),
        "floor_money": Param(MONEY, "like `money`, for floors (default: `money`)"),
        "lesser": Param(TERMS, "terms marking the lesser of several measures: fires only if every measure does"),
        "per_claim": Param(TERMS, "terms marking a per-claim cap: fires when no sentence sets an aggregate cap"),
        "aggregate": Param(TERMS, "terms marking an aggregate cap"),
        **SENTENCE_PARAMS,
    }
    fills = frozenset({"found", "limit", "problem"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.trigger = compile_terms(index, f"{rule.id}/trigger", params["trigger"])
        self.cap = compile_terms(index, f"{rule.id}/cap", params.get("cap"))
        self.floor = compile_terms(index, f"{rule.id}/floor", params.get("floor"))
        self.lesser = compile_terms(index, f"{rule.id}/lesser", params.get("lesser"))
        self.per_claim = compile_terms(index, f"{rule.id}/per-claim", params.get("per_claim"))
        self.aggregate = compile_terms(index, f"{rule.id}/aggregate", params.get("aggregate"))
        self.percent = _float(params.get("percent"))
        self.multiple = _float(params.get("multiple"))
        self.money = dict(params.get("money") or {})
        self.floor_money = dict(params.get("floor_money") or self.money)

    def _has(self, sentence: Sentence, key: str | None) -> bool:
        return bool(key and sentence.hits.get(key))

    def _annual_or_total(self, analysis: Analysis, sentence: Sentence) -> bool:
        """An aggregate marker in this sentence that really sums claims. In a per-claim sentence,
        "total aggregate liability ... for each claim or series of connected claims" only adds up
        one series, so a bare "aggregate" / "total liability" does not count there."""
        for hit in sentence.hits.get(self.aggregate or "", ()):
            words = analysis.doc[hit.start : hit.end].text.lower()
            if not self._has(sentence, self.per_claim) or words not in BARE_AGGREGATE:
                return True
        return False

    def _aggregate_anywhere(self, analysis: Analysis) -> bool:
        return any(
            self._annual_or_total(analysis, sentence)
            for sentence in analysis.sentences
            if sentence.hits.get(self.aggregate or "")
        )

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        flagged: list[Candidate] = []
        unchecked: list[Candidate] = []
        per_claim_only: list[Candidate] = []
        for sentence in self.body_sentences_with(analysis, self.trigger):
            hits = sentence.hits.get(self.trigger or "")
            if not hits or (self.cap and not self._has(sentence, self.cap)):
                continue
            if self.guarded(analysis, sentence, hits[0]):
                continue
            found = [q for q in find_quantities(sentence.text) if q.kind in ("percent", "multiple", "money") and q.value]
            if not found:
                continue
            per_claim = self._has(sentence, self.per_claim)
            if per_claim and not self._annual_or_total(analysis, sentence):
                per_claim_only.append(self.sentence_candidate(
                    sentence, 0.6, found="a per-claim cap", limit="an aggregate cap",
                    problem="the cap applies per claim and no aggregate cap was found, so total exposure is unlimited"))
            verdicts = [self._judge(q, context, self._has(sentence, self.floor)) for q in found]
            over = [v for v in verdicts if v[0] == FLAGGED]
            unknown = [v for v in verdicts if v[0] == COULD_NOT_CHECK]
            if self._has(sentence, self.lesser) and len(over) < len(verdicts):
                over, unknown = [], []  # the lower measure binds, and it is within limits (or unknown)
            if over:
                _, quantity, limit = over[0]
                problem = f"{quantity.text} is above {limit}"
                flagged.append(self.sentence_candidate(sentence, 0.8, found=quantity.text, limit=limit, problem=problem))
            elif unknown:
                _, quantity, limit = unknown[0]
                problem = f"{quantity.text} could not be compared with the contract's value"
                unchecked.append(self.sentence_candidate(sentence, 0.5, found=quantity.text, limit=limit, problem=problem))
        if per_claim_only and self.aggregate and not self._aggregate_anywhere(analysis):
            taken = {c.start for c in flagged}
            flagged += [c for c in per_claim_only if c.start not in taken]
            flagged.sort(key=lambda c: c.start)
        if flagged:
            return Outcome(FLAGGED, tuple(flagged))
        if unchecked:
            facts = self.money.get("fact", ())
            facts = ", ".join(facts if isinstance(facts, list) else [str(facts)])
            return Outcome(COULD_NOT_CHECK, tuple(unchecked), f"a fixed-sum cap needs one of the facts {facts}")
        return Outcome(PASSED)

    def _judge(self, q: Quantity, context: Context, is_floor: bool) -> tuple[str, Quantity, str]:
        value = float(q.value or 0)
        if q.kind == "percent":
            if self.percent is None:
                return PASSED, q, ""
            return (FLAGGED if value > self.percent else PASSED), q, f"{self.percent:g}% of the charges"
        if q.kind == "multiple":
            if self.multiple is None:
                return PASSED, q, ""
            return (FLAGGED if value > self.multiple else PASSED), q, f"{self.multiple:g} times the charges"
        spec = self.floor_money if is_floor else self.money
        if not spec or (q.unit and q.unit != "GBP" and context.get("currency") not in (None, q.unit)):
            return PASSED, q, ""
        minimum = float(spec.get("minimum", 0))
        if value <= minimum:
            return PASSED, q, ""
        facts = spec.get("fact", ())
        facts = facts if isinstance(facts, list) else [facts]
        known = next((context.get(f) for f in facts if context.get(f) is not None), None)
        if known is None:
            return COULD_NOT_CHECK, q, "unknown (the contract value is not stated)"
        limit = max(float(known) * float(spec.get("factor", 1)), minimum)
        return (FLAGGED if value > limit else PASSED), q, f"£{limit:,.0f}"


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
