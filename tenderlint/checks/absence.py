"""`absence`: the document lacks something it should have (award criteria, a problem statement).

params:
  require_any: terms; the rule passes if any of them appears anywhere (headings included)
  min_words: documents shorter than this are not judged (a one-page form is not an ITT)
  hollow: terms; a require_any hit does not count where its sentence or the next holds one of these
          and none of `hollow_unless` (a "Limitation of liability" clause that only excludes
          consequential damages caps nothing, catalogue §0.5 item 3)
  hollow_unless: terms that make such a hit count after all (a measure: "shall not exceed")
  elsewhere: {topic: terms, deferral: terms}   a sentence holding both ("evaluation criteria will be
             specified in each Opportunity") puts the thing in another document: not checked here
             (catalogue §0.5 item 14); the deferral terms are usually the vocabulary's @elsewhere
A finding of absence has no quote; it points at the document as a whole.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..analysis import Analysis, Sentence
from ..matching import Hit, TermIndex
from ..rulepack.model import Rule
from .base import FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome, compile_terms
from .params import ELSEWHERE, MIN_WORDS, TERMS, Param


class AbsenceCheck(Check):
    kind = "absence"
    gated_by_doc_type = True
    fires = "once per document when none of the terms appears"
    parameters = {
        "require_any": Param(TERMS, "the rule passes if any of these appears anywhere (headings included)", required=True),
        "min_words": MIN_WORDS,
        "elsewhere": ELSEWHERE,
        "hollow": Param(TERMS, "a hit does not count where its sentence or the next holds one of these (and none of hollow_unless)"),
        "hollow_unless": Param(TERMS, "terms that make a hollow-looking hit count after all"),
    }

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.required = compile_terms(index, f"{rule.id}/require", params["require_any"])
        self.min_words = int(params.get("min_words", 0))
        self.hollow = compile_terms(index, f"{rule.id}/hollow", params.get("hollow"))
        self.hollow_unless = compile_terms(index, f"{rule.id}/hollow-unless", params.get("hollow_unless"))

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        if analysis.document.word_count < self.min_words:
            return Outcome(NOT_APPLICABLE, reason=f"documents under {self.min_words} words are not judged")
        if any(not self._hollow(analysis, hit) for hit in analysis.hits_by_key.get(self.required or "", ())):
            return Outcome(PASSED)
        deferred = self.deferred(analysis)
        if deferred:
            return deferred
        return Outcome(FLAGGED, (Candidate(0, 0, {}, 0.7, document_level=True),))

    def _hollow(self, analysis: Analysis, hit: Hit) -> bool:
        """The hit's sentence and the next hold a `hollow` term and no `hollow_unless` term."""
        if not self.hollow:
            return False
        sentence = analysis.sentence_of(hit.start)
        if sentence is None:
            return False
        pair = analysis.sentences[sentence.index : sentence.index + 2]
        return _holds(pair, self.hollow) and not (self.hollow_unless and _holds(pair, self.hollow_unless))


def _holds(sentences: list[Sentence], key: str) -> bool:
    return any(s.hits.get(key) for s in sentences)
