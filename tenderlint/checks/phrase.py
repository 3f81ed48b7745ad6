"""`phrase`: fire on each body sentence containing one of the rule's phrases (matched on lemmas).

params: terms (list, or {terms, patterns}), unless, negation (ignore | exclude), guards.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..analysis import Analysis
from ..matching import TermIndex
from ..rulepack.model import Rule
from .base import FLAGGED, PASSED, Check, Outcome, compile_terms
from .params import NEGATION, SENTENCE_PARAMS, TERMS, Param


class PhraseCheck(Check):
    kind = "phrase"
    fires = "on each body sentence containing a term"
    parameters = {
        "terms": Param(TERMS, "what to find", required=True),
        "negation": NEGATION,
        **SENTENCE_PARAMS,
    }
    fills = frozenset({"match"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.terms = compile_terms(index, f"{rule.id}/terms", self.term_spec(params))
        self.negation = params.get("negation", "exclude")

    @staticmethod
    def term_spec(params: Mapping[str, Any]) -> Any:
        """What to match: `terms` here; `pattern` reads token patterns instead."""
        return params.get("terms")

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        candidates = []
        for sentence in self.body_sentences_with(analysis, self.terms):
            hits = sentence.hits.get(self.terms or "", ())
            hits = [h for h in hits if not (self.negation == "exclude" and analysis.negated(h))]
            if not hits or self.guarded(analysis, sentence, hits[0]):
                continue
            start, end = analysis.char_span(hits[0])
            candidates.append(self.sentence_candidate(sentence, match=analysis.document.text[start:end]))
        return Outcome(FLAGGED if candidates else PASSED, tuple(candidates))

