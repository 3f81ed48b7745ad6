"""The closed set of check kinds a rule can use. New logic becomes a new kind here, never code in YAML."""

from .absence import AbsenceCheck
from .base import Check, Outcome
from .cooccurrence import CooccurrenceCheck
from .metric import MetricCheck
from .phrase import PatternCheck, PhraseCheck
from .threshold import ThresholdCheck
from .consistency import ConsistencyCheck
from .count import CountCheck
from .periods import PeriodCheck
from .sector import SectorCheck
from .weightings import WeightingsCheck
from .cap import LiabilityCapCheck
from .composite import CompositeCheck
from .density import TermDensityCheck
from .facts import MissingFactCheck
from .length import LengthForValueCheck
from .term import TermLengthCheck

KINDS: dict[str, type[Check]] = {
    cls.kind: cls for cls in (PhraseCheck, PatternCheck, CooccurrenceCheck, ThresholdCheck, AbsenceCheck, MetricCheck)
}
KINDS.update({cls.kind: cls for cls in (WeightingsCheck, ConsistencyCheck, PeriodCheck, SectorCheck, CountCheck)})
KINDS.update({cls.kind: cls for cls in (LiabilityCapCheck, CompositeCheck, TermDensityCheck, MissingFactCheck, TermLengthCheck, LengthForValueCheck)})

__all__ = ["KINDS", "Check", "Outcome"]
