"""`cooccurrence`: every named group of terms must appear in one sentence (or one block).

params:
  all: {group: terms, ...}      every group must hit
  negated: {group: exclude | require}   a group's hit must (not) be negated
  scope: sentence | block
  unless, guards
This is how "liability" + "unlimited"/"shall not be limited" is told apart from
"liability ... shall not exceed £1m".
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..matching import Analysis, Hit, Sentence, TermIndex
from ..rulepack.model import Rule
from .base import FLAGGED, PASSED, Candidate, Check, Outcome, compile_terms


class CooccurrenceCheck(Check):
    kind = "cooccurrence"

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.groups = {
            name: compile_terms(index, f"{rule.id}/{name}", spec) for name, spec in params["all"].items()
        }
        self.negated = dict(params.get("negated", {}))
        self.scope = params.get("scope", "sentence")

    def _group_hits(self, analysis: Analysis, hits: Mapping[str, list[Hit]], name: str) -> list[Hit]:
        found = hits.get(self.groups[name] or "", [])
        mode = self.negated.get(name)
        if mode == "exclude":
            found = [h for h in found if not analysis.negated(h)]
        elif mode == "require":
            found = [h for h in found if analysis.negated(h)]
        return found

    def _units(self, analysis: Analysis) -> list[tuple[Sentence, list[Sentence]]]:
        sentences = list(self.body_sentences(analysis))
        if self.scope != "block":
            return [(s, [s]) for s in sentences]
        by_block: dict[int | None, list[Sentence]] = {}
        for sentence in sentences:
            by_block.setdefault(sentence.block, []).append(sentence)
        return [(group[0], group) for group in by_block.values()]

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        candidates = []
        for first, unit in self._units(analysis):
            merged: dict[str, list[Hit]] = {}
            for sentence in unit:
                for key, hits in sentence.hits.items():
                    merged.setdefault(key, []).extend(hits)
            found = {name: self._group_hits(analysis, merged, name) for name in self.groups}
            if not all(found.values()):
                continue
            anchor = min((h for hits in found.values() for h in hits), key=lambda h: h.start)
            home = analysis.sentence_of(anchor.start) or first
            if any(self.guarded(analysis, s, anchor if s is home else None) for s in unit):
                continue
            if self.scope == "block":
                candidates.append(Candidate(first.start_char, unit[-1].end_char))
            else:
                candidates.append(self.sentence_candidate(first))
        return Outcome(FLAGGED if candidates else PASSED, tuple(candidates))
