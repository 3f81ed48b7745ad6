"""The closed set of check kinds a rule can use. New logic becomes a new kind here, never code in YAML."""

from .absence import AbsenceCheck
from .base import Check, Outcome
from .cooccurrence import CooccurrenceCheck
from .metric import MetricCheck
from .phrase import PatternCheck, PhraseCheck
from .threshold import ThresholdCheck

KINDS: dict[str, type[Check]] = {
    cls.kind: cls for cls in (PhraseCheck, PatternCheck, CooccurrenceCheck, ThresholdCheck, AbsenceCheck, MetricCheck)
}

__all__ = ["KINDS", "Check", "Outcome"]
