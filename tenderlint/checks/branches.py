"""The kinds a composite rule combines: every kind but composite itself.

Kept apart from the package's full registry so `composite` can import its branches without
importing the package that imports it (the arrows run registry -> composite -> branches).
"""

from __future__ import annotations

from .absence import AbsenceCheck
from .base import Check
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
from .undefined_acronyms import UndefinedAcronymsCheck
from .weightings import WeightingsCheck

BRANCH_KINDS: dict[str, type[Check]] = {
    cls.kind: cls
    for cls in (
        PhraseCheck, PatternCheck, CooccurrenceCheck, ThresholdCheck, AbsenceCheck, MetricCheck,
        WeightingsCheck, ConsistencyCheck, PeriodCheck, SectorCheck, CountCheck,
        LiabilityCapCheck, TermDensityCheck, MissingFactCheck, TermLengthCheck, LengthForValueCheck,
        UndefinedAcronymsCheck,
    )
}
