"""The closed set of check kinds a rule can use. New logic becomes a new kind here, never code in YAML.

Each kind lives in the module named after it (`liability_cap` in `liability_cap.py`) and declares
the parameters it reads (`Check.params`), from which `rules/schema.json` is generated.
"""

from .base import Check, Outcome
from .branches import BRANCH_KINDS
from .composite import CompositeCheck

KINDS: dict[str, type[Check]] = {**BRANCH_KINDS, CompositeCheck.kind: CompositeCheck}

__all__ = ["KINDS", "Check", "Outcome"]
