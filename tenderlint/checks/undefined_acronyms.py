"""`undefined_acronyms`: a document leans on acronyms it never spells out.

One unexplained acronym is a nuisance; several, each used again and again, lock out every reader
who does not already work with the buyer. Catalogue §0.5 items 10 and 65 set the floor: at least
four acronyms, each used at least twice, none expanded anywhere in the document or its glossary
(`tenderlint.acronyms` decides what counts as used, expanded or universal).

params: min_acronyms (default 4), min_uses (default 2), min_words
Values for the message: count, examples ("CAFM (24 uses)").
"""

from __future__ import annotations

from typing import Any, Mapping

from ..acronyms import undefined_acronyms
from ..analysis import Analysis
from ..context import Context
from ..matching import TermIndex
from ..rulepack.model import Rule
from .base import FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome
from .params import INTEGER, MIN_WORDS, Param

SHOWN = 5  # acronyms named in the message


class UndefinedAcronymsCheck(Check):
    kind = "undefined_acronyms"
    fires = "once when at least `min_acronyms` acronyms, each used `min_uses` times, are never spelt out"
    parameters = {
        "min_acronyms": Param(INTEGER, "fires when at least this many acronyms are undefined (default 4)"),
        "min_uses": Param(INTEGER, "an acronym counts when used at least this often (default 2)"),
        "min_words": MIN_WORDS,
    }
    fills = frozenset({"count", "examples"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.min_acronyms = int(params.get("min_acronyms", 4))
        self.min_uses = int(params.get("min_uses", 2))
        self.min_words = int(params.get("min_words", 0))

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        if analysis.document.word_count < self.min_words:
            return Outcome(NOT_APPLICABLE, reason=f"documents under {self.min_words} words are not judged")
        found = undefined_acronyms(analysis.document, self.min_uses)
        if len(found) < self.min_acronyms:
            return Outcome(PASSED)
        examples = ", ".join(f"{a.text} ({a.uses} uses)" for a in found[:SHOWN])
        values = {"count": len(found), "examples": examples}
        return Outcome(FLAGGED, (Candidate(0, 0, values, 0.7, document_level=True),))
