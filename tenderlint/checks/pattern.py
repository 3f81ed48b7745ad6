"""`pattern`: like `phrase`, but with spaCy token patterns (LOWER, LEMMA, IN, OP, LIKE_NUM...).

params: patterns, unless, negation (ignore | exclude), guards.
"""

from __future__ import annotations

from typing import Any, Mapping

from .phrase import PhraseCheck
from .params import NEGATION, SENTENCE_PARAMS, Param


class PatternCheck(PhraseCheck):
    kind = "pattern"
    fires = "same as `phrase`, with token patterns"
    parameters = {
        "patterns": Param(
            {"type": "array", "items": {"type": "array", "items": {"type": "object"}}},
            "spaCy Matcher token patterns (LOWER, LEMMA, IN, OP, LIKE_NUM, IS_ALPHA, ORTH)",
            required=True,
        ),
        "negation": NEGATION,
        **SENTENCE_PARAMS,
    }
    fills = frozenset({"match"})

    @staticmethod
    def term_spec(params: Mapping[str, Any]) -> Any:
        return {"patterns": params.get("patterns", ())}
