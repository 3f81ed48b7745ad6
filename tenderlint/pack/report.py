"""The pack report: each document's own report, and what only the pack as a whole can say.

A pack finding is an engine `Finding` placed on one document of the pack (`document`), with the
passages in other documents that make it (`others`: the other statement of an inconsistent fact).
The documents' own reports never repeat a pack finding, so the pack's figures are the sum of its
documents' findings and its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..engine import SEVERITY_ORDER, Report, RuleResult
from ..model import Finding, Location
from .facts import PackContext
from .members import Refused

ABSENCE, CONSISTENCY = "absence", "consistency"


@dataclass(frozen=True)
class PackPlace:
    """A passage of another document of the pack."""

    document: str
    quote: str
    location: Location

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document, "quote": self.quote, "location": self.location.to_json()}


@dataclass(frozen=True)
class PackFinding:
    kind: str  # ABSENCE: judged once over the pack; CONSISTENCY: two documents disagree
    document: str
    finding: Finding
    others: tuple[PackPlace, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "document": self.document, **self.finding.to_json(),
                "others": [place.to_json() for place in self.others]}


@dataclass(frozen=True)
class PackReport:
    name: str
    reports: tuple[Report, ...]  # one per document, in pack order
    refused: tuple[Refused, ...]
    context: PackContext
    findings: tuple[PackFinding, ...]
    rule_results: tuple[RuleResult, ...]  # the rules judged over the whole pack
    lacks: tuple[str, ...] = ()  # document types no document of the pack reads as
    doc_types: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def missing(self) -> tuple[PackFinding, ...]:
        """What no document of the pack holds (no award criteria anywhere)."""
        return tuple(f for f in self.findings if f.kind == ABSENCE)

    @property
    def scores(self) -> dict[str, Any]:
        severities = Counter(f.finding.severity for f in self.findings)
        for report in self.reports:
            severities.update(f.severity for f in report.findings)
        return {
            "documents": len(self.reports),
            "refused": len(self.refused),
            "pack_findings": len(self.findings),
            "document_findings": sum(len(r.findings) for r in self.reports),
            **{f"{level}s": severities.get(level, 0) for level in SEVERITY_ORDER},
        }

    def all_findings(self) -> list[Finding]:
        return [f.finding for f in self.findings] + [f for r in self.reports for f in r.findings]
