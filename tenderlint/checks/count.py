"""`count`: how much of something a document holds, against a limit, for contracts the facts select.

params:
  terms: what is counted
  measure: sentences (default): sentences holding a term
           sum: the figures in those sentences that are followed by one of `units`
                ("no more than 1,500 words"), added up
  units: words that must follow a counted figure for `sum` (e.g. [words])
  op, value: the comparison that fires ("<" 3 KPIs, ">" 10000 words)
  when: {fact: condition} (see checks/conditions.py);
        an unknown or unmet fact means the rule does not apply here
  require_any: terms the document must hold somewhere for the count to matter (e.g. award
               criteria before counting scoring scales); without them the rule does not apply
  min_words: documents shorter than this are not judged
  unless, guards
One finding per document, pointing at the first counted sentence when there is one, else at the
first sentence holding a `require_any` term, else at the document.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..analysis import Analysis
from ..matching import TermIndex
from ..quantities import find_quantities
from ..rulepack.model import Rule
from .base import FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome, compile_terms
from .conditions import facts_allow
from .threshold import OPERATORS
from .params import CONDITIONS, ELSEWHERE, MIN_WORDS, NUMBER, OPERATOR, SENTENCE_PARAMS, TERMS, Param


class CountCheck(Check):
    kind = "count"
    fires = "once when the count (sentences, or summed figures such as word limits) passes a limit"
    parameters = {
        "terms": Param(TERMS, "what is counted", required=True),
        "measure": Param({"enum": ["sentences", "sum"]}, "sentences (default): sentences holding a term; sum: the figures followed by one of `units` in them"),
        "units": Param({"type": "array", "items": {"type": "string"}}, "words that must follow a figure for `sum` (e.g. [words])"),
        "op": Param(OPERATOR, "the comparison that fires (default >)"),
        "value": Param(NUMBER, "the limit", required=True),
        "when": Param(CONDITIONS, "the facts that select the contracts counted; otherwise not applicable"),
        "require_any": Param(TERMS, "the document must hold one of these for the count to matter"),
        "min_words": MIN_WORDS,
        "elsewhere": ELSEWHERE,
        **SENTENCE_PARAMS,
    }
    fills = frozenset({"measured", "limit"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.terms = compile_terms(index, f"{rule.id}/terms", params["terms"])
        self.measure = params.get("measure", "sentences")
        self.units = {u.lower() for u in params.get("units", ())}
        self.op_text = params.get("op", ">")
        self.op = OPERATORS[self.op_text]
        self.value = float(params["value"])
        self.when = dict(params.get("when", {}))
        self.min_words = int(params.get("min_words", 0))
        self.required = compile_terms(index, f"{rule.id}/require", params.get("require_any"))

    def _figures(self, text: str) -> float:
        total = 0.0
        for q in find_quantities(text):
            if q.kind != "number" or q.value is None:
                continue
            following = text[q.end :].split()
            if following and following[0].strip(".,;:()").lower() in self.units:
                total += q.value
        return total

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        reason = facts_allow(context, self.when)
        if reason:
            return Outcome(NOT_APPLICABLE, reason=reason)
        if analysis.document.word_count < self.min_words:
            return Outcome(NOT_APPLICABLE, reason=f"documents under {self.min_words} words are not judged")
        if self.required and not analysis.hits_by_key.get(self.required):
            return Outcome(NOT_APPLICABLE, reason="the document does not hold what this count is about")
        counted = []
        measured = 0.0
        for sentence in self.body_sentences_with(analysis, self.terms):
            if not sentence.hits.get(self.terms or "") or self.guarded(analysis, sentence):
                continue
            amount = self._figures(sentence.text) if self.measure == "sum" else 1.0
            if amount:
                counted.append(sentence)
                measured += amount
        if not self.op(measured, self.value):
            return Outcome(PASSED)
        deferred = self.deferred(analysis)
        if deferred:
            return deferred
        values = {"measured": f"{measured:,.0f}", "limit": f"{self.value:,.0f}"}
        if counted:
            first = counted[0]
            return Outcome(FLAGGED, (Candidate(first.start_char, first.end_char, values, 0.6),))
        if self.required:  # nothing counted: point at what the count is about ("award criteria ...")
            for sentence in self.body_sentences_with(analysis, self.required):
                if sentence.hits.get(self.required) and not self.guarded(analysis, sentence):
                    return Outcome(FLAGGED, (Candidate(sentence.start_char, sentence.end_char, values, 0.5),))
        return Outcome(FLAGGED, (Candidate(0, 0, values, 0.6, document_level=True),))
