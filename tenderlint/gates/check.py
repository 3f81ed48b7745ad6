"""The "Can we bid?" answer for one document and one firm: each gate with its standing and the
rules that object to it. The CLI, the API and the web page all render this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..model import Document
from .compare import FAILS, MEETS, UNKNOWN, Standing, assess
from .extract import find_gates
from .model import Gate
from .profile import SupplierProfile
from .rules import Objection, objections


@dataclass(frozen=True)
class GateResult:
    gate: Gate
    standing: Standing
    objections: tuple[Objection, ...]

    def to_json(self) -> dict[str, Any]:
        return {**self.gate.to_json(), **self.standing.to_json(), "objections": [o.to_json() for o in self.objections]}


def check_gates(
    document: Document,
    profile: SupplierProfile,
    findings: Iterable[Mapping[str, Any]] = (),
    contract_value: float | None = None,
) -> list[GateResult]:
    """`findings` are report JSON findings (the service's carry `id` and `review_status`)."""
    return judge_gates(find_gates(document), profile, findings, contract_value)


def judge_gates(
    gates: Iterable[Gate],
    profile: SupplierProfile,
    findings: Iterable[Mapping[str, Any]] = (),
    contract_value: float | None = None,
) -> list[GateResult]:
    """Gates already found, against a profile and the findings: cheap, unlike reading the document,
    so a service can keep a document's gates and judge them again as the profile or decisions change."""
    found = list(findings)
    return [GateResult(gate, assess(gate, profile, contract_value), tuple(objections(gate, found))) for gate in gates]


def summary(results: Iterable[GateResult]) -> dict[str, int]:
    """How many gates the firm meets, fails and cannot tell, and how many a rule objects to."""
    results = list(results)
    return {
        "gates": len(results),
        MEETS: sum(r.standing.status == MEETS for r in results),
        FAILS: sum(r.standing.status == FAILS for r in results),
        UNKNOWN: sum(r.standing.status == UNKNOWN for r in results),
        "objected": sum(bool(r.objections) for r in results),
    }
