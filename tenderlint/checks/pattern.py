"""`pattern`: like `phrase`, but with spaCy token patterns (LOWER, LEMMA, IN, OP, LIKE_NUM...).

params: patterns, unless, negation (ignore | exclude), guards.
"""

from __future__ import annotations

from typing import Any, Mapping

from .phrase import PhraseCheck


class PatternCheck(PhraseCheck):
    kind = "pattern"

    @staticmethod
    def term_spec(params: Mapping[str, Any]) -> Any:
        return {"patterns": params.get("patterns", ())}
