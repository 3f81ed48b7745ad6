"""`term_density`: a document uses some wording too often ("as required", "hereinafter").

One vague "as required" is harmless; forty in a short specification mean the scope was never
pinned down. The kind counts the terms' hits in body sentences (guards apply, so advice and
quotations do not count) and fires once for the document when both the count and the rate per
1,000 words pass their limits.

params: terms, per_1000 (rate limit, fires when above), min_count, min_words, unless, guards
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..analysis import Analysis
from ..matching import TermIndex
from ..rulepack.model import Rule
from .base import FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome, compile_terms
from .params import INTEGER, MIN_WORDS, NUMBER, SENTENCE_PARAMS, TERMS, Param


class TermDensityCheck(Check):
    kind = "term_density"
    fires = 'once when terms ("as required") pass both a count and a rate per 1,000 words'
    parameters = {
        "terms": Param(TERMS, "the wording counted", required=True),
        "per_1000": Param(NUMBER, "fires when the rate per 1,000 words is above this"),
        "min_count": Param(INTEGER, "and the count is at least this (default 1)"),
        "min_words": MIN_WORDS,
        **SENTENCE_PARAMS,
    }
    fills = frozenset({"count", "measured", "limit", "examples"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.terms = compile_terms(index, f"{rule.id}/terms", params["terms"])
        self.per_1000 = float(params.get("per_1000", 0))
        self.min_count = int(params.get("min_count", 1))
        self.min_words = int(params.get("min_words", 0))

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        words = analysis.document.word_count
        if words < self.min_words:
            return Outcome(NOT_APPLICABLE, reason=f"documents under {self.min_words} words are not judged")
        count = 0
        examples: list[str] = []
        for sentence in self.body_sentences_with(analysis, self.terms):
            hits = sentence.hits.get(self.terms or "", ())
            if not hits or self.guarded(analysis, sentence, hits[0]):
                continue
            count += len(hits)
            for hit in hits:
                start, end = analysis.char_span(hit)
                phrase = analysis.document.text[start:end].lower()
                if phrase not in examples:
                    examples.append(phrase)
        rate = 1000 * count / max(words, 1)
        if count >= self.min_count and rate > self.per_1000:
            values = {"count": count, "measured": round(rate, 1), "limit": self.per_1000, "examples": ", ".join(f'"{e}"' for e in examples[:4])}
            return Outcome(FLAGGED, (Candidate(0, 0, values, 0.7, document_level=True),))
        return Outcome(PASSED)
