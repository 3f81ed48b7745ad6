"""`length_for_value`: a document far longer than its contract's value warrants.

Reading a tender costs a bidder the same whatever the contract is worth, so the words a buyer may
reasonably ask bidders to read grow with the value. Each band gives an allowance in words per pound
of estimated value, with an optional floor; a document under `min_words` is never judged, and a
value above every band is not judged either.

params:
  fact: [value_total, ...]        the value used (first known)
  bands: [{below: 100000, words_per_pound: 0.5}, {below: 1000000, words_per_pound: 0.125, at_least: 50000}]
  words_per_page: 500             for the message only
  min_words
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..analysis import Analysis
from ..matching import TermIndex
from ..rulepack.model import Rule
from .base import FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome
from .params import FACT_NAMES, MIN_WORDS, NUMBER, Param, obj


class LengthForValueCheck(Check):
    kind = "length_for_value"
    fires = "once when the document's words exceed an allowance of words per pound of value, by value band"
    parameters = {
        "fact": Param(FACT_NAMES, "the value used, first known of these (default value_total)"),
        "bands": Param(
            {"type": "array", "minItems": 1, "items": obj(
                {"below": NUMBER, "words_per_pound": NUMBER, "at_least": NUMBER}, required=("below", "words_per_pound"))},
            "[{below, words_per_pound, at_least}]: the allowance for values below each band's limit, at least `at_least` words",
            required=True,
        ),
        "words_per_page": Param(NUMBER, "for the message's page count (default 500)"),
        "min_words": MIN_WORDS,
    }
    fills = frozenset({"words", "pages", "value", "limit"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        fact = params.get("fact", ["value_total"])
        self.facts = tuple(fact) if isinstance(fact, list) else (fact,)
        self.bands = sorted((dict(b) for b in params["bands"]), key=lambda b: float(b["below"]))
        self.words_per_page = float(params.get("words_per_page", 500))
        self.min_words = int(params.get("min_words", 0))

    def limit(self, value: float) -> float | None:
        """The word allowance for a contract of this value, or None when no band covers it."""
        for band in self.bands:
            if value < float(band["below"]):
                return max(float(band.get("at_least", 0)), value * float(band["words_per_pound"]))
        return None

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        words = analysis.document.word_count
        if words < self.min_words:
            return Outcome(NOT_APPLICABLE, reason=f"documents under {self.min_words} words are not judged")
        value = next((context.get(f) for f in self.facts if context.get(f) is not None), None)
        if value is None:
            return Outcome(NOT_APPLICABLE, reason=f"needs one of the facts {', '.join(self.facts)}")
        limit = self.limit(float(value))
        if limit is None:
            return Outcome(NOT_APPLICABLE, reason="the value is above every band")
        if words <= limit:
            return Outcome(PASSED)
        values = {
            "words": f"{words:,}",
            "pages": f"{words / self.words_per_page:,.0f}",
            "value": f"£{float(value):,.0f}",
            "limit": f"{limit:,.0f}",
        }
        return Outcome(FLAGGED, (Candidate(0, 0, values, 0.6, document_level=True),))
