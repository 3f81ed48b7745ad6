"""`tenderlint gates` output: the gates with the firm's standing, the effort estimate and the
questions to ask first, as text for a terminal or as JSON (the API's shape)."""

from __future__ import annotations

from typing import Any, Sequence

from ..clarify import Question
from ..effort import Estimate
from .check import GateResult, summary
from .compare import STATUS_LABELS


def bid_json(results: Sequence[GateResult], estimate: Estimate, questions: Sequence[Question]) -> dict[str, Any]:
    return {
        "summary": summary(results),
        "gates": [r.to_json() for r in results],
        "effort": estimate.to_json(),
        "questions": [q.to_json() for q in questions],
    }


def bid_text(name: str, results: Sequence[GateResult], estimate: Estimate, questions: Sequence[Question]) -> str:
    counts = summary(results)
    lines = [f"{name}: {counts['gates']} gate(s): {counts['meets']} met, {counts['does_not_meet']} not met, "
             f"{counts['unknown']} unknown; {counts['objected']} a rule says the buyer should not demand", ""]
    for r in results:
        place = f"page {r.gate.location.page}" if r.gate.location.page else ""
        clause = f"clause {r.gate.location.clause}" if r.gate.location.clause else ""
        where = ", ".join(p for p in (place, clause) if p)
        lines.append(f"{STATUS_LABELS[r.standing.status].upper():14} {r.gate.label}{' (' + where + ')' if where else ''}: "
                     f"{r.standing.reason}")
        lines.append(f"               \"{r.gate.quote}\"")
        for o in r.objections:
            lines.append(f"               should not be demanded: {o.rule_id} {o.message} [{o.source_text}]")
    if not results:
        lines.append("No eligibility demands found.")
    e = estimate
    lines += ["", f"Bid effort (an estimate): {e.low:.1f}–{e.high:.1f} person-days. Costliest: "
              + ", ".join(i.name for i in e.costliest)]
    for item in e.items:
        lines.append(f"  {item.low:5.1f}–{item.high:<5.1f} {item.name}: {item.basis}")
    days = e.measures.days_to_deadline
    if days is not None:
        since = "publication" if e.measures.start_is_publication else "today"
        lines.append(f"  {days} calendar days from {since} to the deadline ({e.measures.deadline})")
    lines += ["", f"{len(questions)} clarification question(s), failed gates first:"]
    for q in questions:
        lines.append(f"  {q.number}. {q.where or 'The document as a whole'}: {q.text}")
    return "\n".join(lines) + "\n"
