"""`missing_fact`: the document never states something the context extractor looks for.

PP-PROB-002 asks whether a tender states its estimated value. The context extractor already finds
money next to value cues ("estimated value", "budget", "up to ... per annum"), so the rule reuses
that work instead of repeating it: it fires once when none of the named facts was found in the
document. Facts the user supplied (`--value`) say nothing about the document and do not count.

params: facts (names), min_words, found_only (default true)
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import FOUND, Context
from ..analysis import Analysis
from ..matching import TermIndex
from ..rulepack.model import Rule
from .base import FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome
from .params import BOOLEAN, ELSEWHERE, MIN_WORDS, Param


class MissingFactCheck(Check):
    kind = "missing_fact"
    fires = "once when the context found none of the named facts in the document (user-given facts do not count)"
    parameters = {
        "facts": Param({"type": "array", "items": {"type": "string"}, "minItems": 1}, "the context facts looked for", required=True),
        "min_words": MIN_WORDS,
        "found_only": Param(BOOLEAN, "only facts found in the document count, not facts the user gave (default true)"),
        "elsewhere": ELSEWHERE,
    }
    fills = frozenset({"facts"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.facts = tuple(params["facts"])
        self.min_words = int(params.get("min_words", 0))
        self.found_only = bool(params.get("found_only", True))

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        if analysis.document.word_count < self.min_words:
            return Outcome(NOT_APPLICABLE, reason=f"documents under {self.min_words} words are not judged")
        if not any(context.facts.get(name) for name in self.facts):
            deferred = self.deferred(analysis)
            if deferred:
                return deferred
        for name in self.facts:
            fact = context.facts.get(name)
            if fact is not None and fact.value is not None and (fact.source == FOUND or not self.found_only):
                return Outcome(PASSED)
        return Outcome(FLAGGED, (Candidate(0, 0, {"facts": ", ".join(self.facts)}, 0.7, document_level=True),))
