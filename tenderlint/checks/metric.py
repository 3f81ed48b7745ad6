"""`metric`: a document-level measure compared with a threshold (density, readability, length).

params: metric (a key of tenderlint.metrics), op, value, min_words
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..analysis import Analysis
from ..matching import TermIndex
from ..metrics import METRICS, document_metrics
from ..rulepack.model import Rule
from .base import FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome
from .threshold import OPERATORS
from .params import MIN_WORDS, NUMBER, OPERATOR, Param


class MetricCheck(Check):
    kind = "metric"
    gated_by_doc_type = True
    fires = "when a document metric passes a limit"
    parameters = {
        "metric": Param({"enum": list(METRICS)}, "the measure (see `tenderlint/metrics.py`)", required=True),
        "op": Param(OPERATOR, "the comparison that fires (default >)"),
        "value": Param(NUMBER, "the limit", required=True),
        "min_words": MIN_WORDS,
    }
    fills = frozenset({"measured", "limit"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        if params["metric"] not in METRICS:
            raise KeyError(f"unknown metric {params['metric']!r}; known: {', '.join(METRICS)}")
        self.metric = params["metric"]
        self.op = OPERATORS[params.get("op", ">")]
        self.value = float(params["value"])
        self.min_words = int(params.get("min_words", 0))

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        if analysis.document.word_count < self.min_words:
            return Outcome(NOT_APPLICABLE, reason=f"documents under {self.min_words} words are not judged")
        measured = document_metrics(analysis)[self.metric]
        if measured is not None and self.op(float(measured), self.value):
            values = {"measured": _shown(float(measured)), "limit": _shown(self.value)}
            return Outcome(FLAGGED, (Candidate(0, 0, values, 0.9, document_level=True),))
        return Outcome(PASSED)


def _shown(number: float) -> float | int:
    """A count reads as "60", not "60.0"; a ratio keeps two decimals."""
    return int(number) if number.is_integer() else round(number, 2)
