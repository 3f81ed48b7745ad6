"""The bid-barrier index: how much a tender document stands in a small supplier's way.

It counts the document's open findings of the SME-barrier rules (the rules the catalogue ties to
the SME theme: `implements` includes "SME"), weighted by severity. A finding counts while it is
undecided or confirmed; a dismissed finding does not (a person judged it no barrier here). Each
finding already stands for one cause (repeats of a rule's message are one finding), so a long
document does not score higher just by repeating a demand. The method, its weights and its limits
are in docs/bid-barrier-index.md.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Protocol

from ..rulepack.model import RulePack

SME_THEME = "SME"
# error: almost certain to exclude compliant SMEs, or unlawful; warning: a strong barrier a person
# should review; info: a context-dependent suggestion (and rules demoted for low measured
# precision), which is no barrier of itself.
SEVERITY_WEIGHTS: Mapping[str, int] = {"error": 3, "warning": 1, "info": 0}
DISMISSED = "dismissed"


class Counted(Protocol):
    """A group of a check's findings sharing rule, severity and review status (what the service counts in SQL)."""

    @property
    def rule_id(self) -> str: ...

    @property
    def severity(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def count(self) -> int: ...


def sme_barrier_rules(pack: RulePack) -> frozenset[str]:
    """The ids of the rules that implement the catalogue's SME theme."""
    return frozenset(rule.id for rule in pack.rules if SME_THEME in rule.implements)


def is_open(status: str) -> bool:
    """Undecided and confirmed findings are still in the document; only a dismissal closes one."""
    return status != DISMISSED


def barrier_points(groups: Iterable[Counted], sme_rules: frozenset[str]) -> int:
    """The index of one check: the severity-weighted count of its open SME-barrier findings.
    An unknown severity weighs nothing rather than failing the whole dashboard."""
    return sum(SEVERITY_WEIGHTS.get(g.severity, 0) * g.count
               for g in groups if g.rule_id in sme_rules and is_open(g.status))
