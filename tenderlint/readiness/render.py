"""Plain-text, Markdown and JSON renderings shared by the CLI and the service."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from .assessment import Assessment, Comparison, Summary
from .definitions import RAG_VALUES, Checklist, load_checklist


def checklist_markdown(checklist: Checklist | None = None) -> str:
    """The whole definition as a printable Markdown document."""
    checklist = checklist or load_checklist()
    lines = [f"# {checklist.title} (version {checklist.version})", "", checklist.purpose, "", f"Source: {checklist.source}",
             "", "## Rating scale", ""]
    lines += [f"- **{lv.label}** ({lv.pattern}): {lv.meaning}" for lv in checklist.scale.levels]
    for heading, sections in (("Factors", checklist.factors), ("Optional sections", checklist.practices)):
        lines += ["", f"## {heading}"]
        for section in sections:
            lines += ["", f"### {section.title} (`{section.id}`)", "", f"*{section.prompt}*", "", section.why, ""]
            for q in section.questions:
                families = f" — linter evidence: {', '.join(q.linter_families)}" if q.linter_families else ""
                lines.append(f"- `{q.id}` {q.text}{families}")
    return "\n".join(lines) + "\n"


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "as_of": summary.as_of.isoformat(),
        "factor_counts": dict(summary.factor_counts),
        "practice_counts": dict(summary.practice_counts),
        "question_counts": dict(summary.question_counts),
        "priorities": [_json_value(asdict(p)) for p in summary.priorities],
    }


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    return {
        "older_date": comparison.older_date.isoformat(),
        "newer_date": comparison.newer_date.isoformat(),
        "changes": [asdict(c) for c in comparison.changes],
        "overdue": [_json_value(asdict(p)) for p in comparison.overdue],
    }


def _counts(counts: Any) -> str:
    return ", ".join(f"{counts[r]} {r.replace('_', ' ')}" for r in RAG_VALUES)


def summary_text(assessment: Assessment, summary: Summary) -> str:
    lines = [f"{assessment.organisation} — readiness assessment of {assessment.date.isoformat()} "
             f"({assessment.status.replace('_', ' ')}), as of {summary.as_of.isoformat()}",
             f"Factors: {_counts(summary.factor_counts)}"]
    if any(summary.practice_counts.values()):
        lines.append(f"Optional sections: {_counts(summary.practice_counts)}")
    if any(summary.question_counts.values()):
        lines.append(f"Questions: {_counts(summary.question_counts)}")
    lines += ["", "Priorities:" if summary.priorities else "Priorities: none (nothing red or amber)"]
    for n, p in enumerate(summary.priorities, 1):
        tag = {"red": "RED", "overdue": "AMBER, OVERDUE", "amber": "AMBER"}[p.reason]
        if p.reason == "red" and p.overdue:
            tag += ", OVERDUE"
        extra = [f"target {p.target_date.isoformat()}" if p.target_date else "", f"owner {p.owner}" if p.owner else "",
                 f"next: {p.next_action}" if p.next_action else ""]
        lines.append(f"{n:>2}. [{tag}] {p.item_id}: {p.title}")
        if any(extra):
            lines.append("    " + "; ".join(e for e in extra if e))
    return "\n".join(lines) + "\n"


def comparison_text(comparison: Comparison) -> str:
    lines = [f"Changes from {comparison.older_date.isoformat()} to {comparison.newer_date.isoformat()}"]
    for movement in ("worsened", "improved", "added", "removed", "unchanged"):
        changes = comparison.by_movement(movement)
        if not changes:
            continue
        lines += ["", f"{movement.capitalize()} ({len(changes)}):"]
        lines += [f"  {c.item_id}: {c.before.replace('_', ' ')} -> {c.after.replace('_', ' ')}  ({c.title})" for c in changes]
    lines += ["", f"Overdue ({len(comparison.overdue)}):" if comparison.overdue else "Overdue: none"]
    lines += [f"  {p.item_id}: {p.rag}, target {p.target_date.isoformat() if p.target_date else '-'}"
              f"{', owner ' + p.owner if p.owner else ''}" for p in comparison.overdue]
    return "\n".join(lines) + "\n"
