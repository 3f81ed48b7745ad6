"""The closed set of check kinds a rule can use. New logic becomes a new kind here, never code in YAML.

Each kind lives in the module named after it (`liability_cap` in `liability_cap.py`) and declares
the parameters it reads (`Check.params`), from which `rules/schema.json` is generated.
"""

from .absence import AbsenceCheck
from .base import Check, Outcome
from .composite import CompositeCheck
from .consistency import ConsistencyCheck
from .cooccurrence import CooccurrenceCheck
from .count import CountCheck
from .length_for_value import LengthForValueCheck
from .liability_cap import LiabilityCapCheck
from .metric import MetricCheck
from .missing_fact import MissingFactCheck
from .pattern import PatternCheck
from .period import PeriodCheck
from .phrase import PhraseCheck
from .sector import SectorCheck
from .term_density import TermDensityCheck
from .term_length import TermLengthCheck
from .threshold import ThresholdCheck
from .weightings import WeightingsCheck

KINDS: dict[str, type[Check]] = {
    cls.kind: cls
    for cls in (
        PhraseCheck, PatternCheck, CooccurrenceCheck, ThresholdCheck, AbsenceCheck, MetricCheck,
        WeightingsCheck, ConsistencyCheck, PeriodCheck, SectorCheck, CountCheck,
        LiabilityCapCheck, CompositeCheck, TermDensityCheck, MissingFactCheck, TermLengthCheck, LengthForValueCheck,
    )
}

__all__ = ["KINDS", "Check", "Outcome"]
