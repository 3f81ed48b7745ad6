"""Which rules judge each gate, and the findings that say a buyer should not make that demand.

The rule pack already decides, with its sources, whether a turnover demand is out of proportion
(PP-PROP-001) or insurance is demanded at bid stage (PP-PROP-004). A gate does not judge again: it
takes the findings of its kind's rules that sit on the same passage, so "Can we bid?" and the
report never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .model import Gate, GateKind

# The rules that judge each kind of gate (rules/<family>/*.yaml).
RULES_FOR: dict[GateKind, tuple[str, ...]] = {
    GateKind.TURNOVER: ("PP-PROP-001", "PP-PROP-006"),
    GateKind.INSURANCE: ("PP-PROP-005", "PP-PROP-004", "PP-SPEC-003"),
    GateKind.ACCREDITATION: ("PP-PROP-008", "PP-SPEC-003"),
    GateKind.EXPERIENCE: ("PP-PROP-007", "PP-PROP-003", "PP-PROP-002"),
    GateKind.REFERENCES: ("PP-PROP-007", "PP-SPEC-003"),
    GateKind.BOND: ("PP-RISK-006",),
    GateKind.SITE_VISIT: ("PP-PROC-007",),
    GateKind.LOCAL_PRESENCE: ("PP-PROP-012",),
    GateKind.CONSORTIUM: ("PP-PROP-009",),
    GateKind.STAFF: ("PP-PROP-007",),
}


@dataclass(frozen=True)
class Objection:
    """A rule's finding that this demand should not be made (or not in this form)."""

    rule_id: str
    rule_name: str
    severity: str
    message: str
    sources: tuple[Mapping[str, Any], ...]
    finding_id: str | None = None

    @property
    def source_text(self) -> str:
        return "; ".join(" ".join(str(s.get(k, "")) for k in ("title", "pinpoint")).strip() for s in self.sources)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id, "rule_name": self.rule_name, "severity": self.severity, "message": self.message,
            "sources": [dict(s) for s in self.sources], "finding_id": self.finding_id,
        }


def _spans(finding: Mapping[str, Any]) -> list[tuple[int, int, int | None]]:
    places = [finding.get("location") or {}] + [p.get("location") or {} for p in finding.get("also") or ()]
    return [(int(p.get("start") or 0), int(p.get("end") or 0), p.get("block")) for p in places]


def objections(gate: Gate, findings: Iterable[Mapping[str, Any]]) -> list[Objection]:
    """Findings of the gate's rules on the gate's passage (overlapping it, or in the same block);
    dismissed findings are left out, as on the report."""
    wanted = RULES_FOR[gate.kind]
    found: list[Objection] = []
    for finding in findings:
        if finding.get("rule_id") not in wanted or finding.get("review_status") == "dismissed":
            continue
        here = gate.location
        if not any((start < here.end and end > here.start) or (block is not None and block == here.block)
                   for start, end, block in _spans(finding)):
            continue
        if any(o.rule_id == finding["rule_id"] for o in found):
            continue
        found.append(Objection(
            finding["rule_id"], str(finding.get("rule_name", "")), str(finding.get("severity", "")),
            str(finding.get("message", "")), tuple(finding.get("sources") or ()),
            finding.get("id") or finding.get("fingerprint"),
        ))
    return sorted(found, key=lambda o: wanted.index(o.rule_id))
