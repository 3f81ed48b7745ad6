"""Eligibility gates: what a tender demands of a bidder before it may bid or win, and how one firm
stands against each (meets / does not meet / unknown), with the rules that say a buyer should not
demand it. See `extract` for what counts as a demand and `compare` for the standings."""

from .check import GateResult, check_gates, judge_gates, summary
from .compare import FAILS, MEETS, STATUS_LABELS, UNKNOWN, Standing, assess
from .extract import find_gates
from .model import LABELS, Gate, GateKind
from .profile import INSURANCE_TYPES, ProfileError, SupplierProfile
from .questions import gate_questions
from .rules import RULES_FOR, Objection, objections

__all__ = [
    "FAILS", "INSURANCE_TYPES", "LABELS", "MEETS", "RULES_FOR", "STATUS_LABELS", "UNKNOWN",
    "Gate", "GateKind", "GateResult", "Objection", "ProfileError", "Standing", "SupplierProfile",
    "assess", "check_gates", "find_gates", "gate_questions", "judge_gates", "objections", "summary",
]
