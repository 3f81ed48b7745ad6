"""Clarification questions that start from the gates a firm fails.

A firm that fails a gate has one question that matters most: will the buyer accept less, later or
an alternative? Where a rule objects to the gate, its finding's drafted question is asked first
(it carries the legal point); a failed gate no rule objects to gets a question of its own. The other
findings for suppliers follow, as `clarify.draft_questions` orders them.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..clarify import QUOTE_CHARS, Question, draft_questions, one_per_clause, where
from .check import GateResult
from .compare import FAILS
from .model import GateKind

_ASK: dict[GateKind, str] = {
    GateKind.TURNOVER: "The tender asks for a minimum turnover. Would you accept a lower turnover in proportion to "
                       "the contract value, or the combined turnover of a group of suppliers?",
    GateKind.INSURANCE: "Would you accept a commitment to obtain this cover by the contract start, rather than "
                        "cover held now?",
    GateKind.ACCREDITATION: "Would you accept an equivalent certification, or other evidence of the same standard "
                            "(our policies and how we apply them)?",
    GateKind.EXPERIENCE: "Would you accept a shorter history, with evidence of relevant work from our staff's "
                         "previous roles?",
    GateKind.STAFF: "Would you accept a smaller team with named partners or subcontractors for peaks of work?",
    GateKind.CONSORTIUM: "Would you accept a bid from a group of suppliers, or reliance on a subcontractor's "
                         "capacity, as the law allows?",
}


def gate_questions(results: Iterable[GateResult], findings: Iterable[Mapping[str, Any]]) -> list[Question]:
    """Questions for the failed gates first, then the rest of the findings' questions, numbered anew."""
    findings = list(findings)
    by_key = {_key(f): f for f in findings}
    first: list[Question] = []
    used: set[str | None] = set()
    asked: set[tuple[GateKind, str]] = set()
    for result in results:
        if result.standing.status != FAILS:
            continue
        objected = [o.finding_id for o in result.objections if o.finding_id in by_key]
        fresh = [by_key[i] for i in dict.fromkeys(objected) if i not in used]
        used.update(_key(f) for f in fresh)
        drafted = draft_questions(fresh)
        place = where(result.gate.location.to_json())
        if drafted:
            first.extend(drafted)
        elif objected and not fresh:
            continue  # one finding on several gates of a clause (three insurance lines): asked once
        elif result.gate.kind in _ASK and (result.gate.kind, place) not in asked:
            asked.add((result.gate.kind, place))
            quote = result.gate.quote
            first.append(Question(0, "", result.gate.label, place,
                                  quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…",
                                  _ASK[result.gate.kind], clause=result.gate.location.clause))
    rest = draft_questions([f for f in findings if _key(f) not in used])
    return one_per_clause(first + rest)  # numbered anew; a failed gate's clause keeps its findings' questions with it


def _key(finding: Mapping[str, Any]) -> str | None:
    """The service's finding id, or the fingerprint of a finding straight from the linter."""
    return finding.get("id") or finding.get("fingerprint")
