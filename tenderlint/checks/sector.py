"""`sector`: terms that do not belong to the contract's subject ("CDM 2015" in a software contract).

params:
  when: {fact: value or [values]}: the facts that make the terms out of place (e.g. is_it: true);
        when a fact is unknown or differs, the rule is not applicable
  terms: the out-of-place vocabulary
  min_distinct: how many different terms must appear in the document before any is reported (1)
  negation: exclude (default) | ignore
  unless, guards
Every sentence holding a term is reported once the document has enough distinct ones.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..analysis import Analysis
from ..matching import TermIndex
from ..rulepack.model import Rule
from .base import FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome, compile_terms
from .conditions import facts_allow
from .params import CONDITIONS, INTEGER, NEGATION, SENTENCE_PARAMS, TERMS, Param


class SectorCheck(Check):
    kind = "sector"
    fires = "on terms out of place for the subject, when the facts hold (`is_it: true`)"
    parameters = {
        "when": Param(CONDITIONS, "the facts that make the terms out of place; otherwise not applicable"),
        "terms": Param(TERMS, "the out-of-place vocabulary", required=True),
        "min_distinct": Param(INTEGER, "how many different terms the document must hold before any is reported (default 1)"),
        "negation": NEGATION,
        **SENTENCE_PARAMS,
    }
    fills = frozenset({"match", "terms"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.when = dict(params.get("when", {}))
        self.terms = compile_terms(index, f"{rule.id}/terms", params["terms"])
        self.min_distinct = int(params.get("min_distinct", 1))
        self.negation = params.get("negation", "exclude")

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        reason = facts_allow(context, self.when)
        if reason:
            return Outcome(NOT_APPLICABLE, reason=reason)
        found: list[tuple[Candidate, str]] = []
        for sentence in self.body_sentences_with(analysis, self.terms):
            hits = [h for h in sentence.hits.get(self.terms or "", ()) if not (self.negation == "exclude" and analysis.negated(h))]
            if not hits or self.guarded(analysis, sentence, hits[0]):
                continue
            words = [analysis.doc[h.start : h.end].lemma_.lower() for h in hits]
            start, end = analysis.char_span(hits[0])
            match = analysis.document.text[start:end]
            found.append((self.sentence_candidate(sentence, 0.7, match=match), "|".join(sorted(set(words)))))
        distinct = {w for _, joined in found for w in joined.split("|")}
        if len(distinct) < self.min_distinct:
            return Outcome(PASSED)
        terms = ", ".join(sorted(distinct))
        return Outcome(FLAGGED, tuple(Candidate(c.start, c.end, {**c.values, "terms": terms}, c.confidence) for c, _ in found))
