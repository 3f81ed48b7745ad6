"""Rule documentation generated from the rule files, in ruff's fixed sections, so docs cannot drift."""

from __future__ import annotations

import json

from .model import Rule, RulePack


def rule_json(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "name": rule.name,
        "status": rule.status,
        "severity": rule.severity,
        "category": rule.category,
        "implements": list(rule.implements),
        "audiences": list(rule.audiences),
        "doc_types": list(rule.doc_types),
        "jurisdiction": rule.jurisdiction,
        "kind": rule.kind,
        "message": rule.message,
        "why": rule.why,
        "fix": rule.fix,
        "question": rule.question,
        "sources": [s.__dict__ for s in rule.sources],
        "examples": {"bad": list(rule.examples.get("bad", ())), "good": list(rule.examples.get("good", ()))},
        "measured": {name: dict(figures) for name, figures in rule.measured.items()},
        "provisional": rule.provisional,
    }


MEASURES = (("blind_before_fixes", "documents it was not tuned for (blind, before fixes)"), ("all_labels", "all labelled documents, now"))


def measured_lines(rule: Rule) -> list[str]:
    """One line per measure: "precision 0.75, recall 0.60 (3 right, 1 wrong, 2 missed)"."""
    lines = []
    for key, title in MEASURES:
        figures = rule.measured.get(key)
        if not figures:
            lines.append(f"- {title}: not measured yet")
            continue
        precision = f"{figures['precision']:.2f}" if "precision" in figures else "-"
        recall = f"{figures['recall']:.2f}" if "recall" in figures else "-"
        lines.append(
            f"- {title}: precision {precision}, recall {recall} "
            f"({figures.get('tp', 0)} right, {figures.get('fp', 0)} wrong, {figures.get('fn', 0)} missed)"
        )
    if rule.provisional:
        lines.append(f"- {rule.provisional}")
    return lines


def rule_markdown(rule: Rule) -> str:
    lines = [
        f"## {rule.id} `{rule.name}`",
        "",
        f"*{rule.severity}* · {rule.category} · {rule.status} · for {', '.join(rule.audiences)} · "
        f"documents: {', '.join(rule.doc_types) or 'any'} · {rule.jurisdiction}",
        "",
        "### What it finds",
        rule.message,
        "",
        "### Why it matters",
        rule.why,
        "",
        "### How to fix it",
        rule.fix,
        "",
        *(["### A supplier could ask", rule.question, ""] if rule.question else []),
        "### Example",
        *[f"- Flagged: {text}" for text in rule.examples.get("bad", ())],
        *[f"- Fine: {text}" for text in rule.examples.get("good", ())],
        "",
        "### Sources",
        *[f"- {s.title}{', ' + s.pinpoint if s.pinpoint else ''} [{s.tag}]" for s in rule.sources],
        "",
        "### Measured accuracy (per document and rule)",
        *measured_lines(rule),
    ]
    return "\n".join(lines)


def rule_text(rule: Rule) -> str:
    return rule_markdown(rule).replace("### ", "").replace("## ", "")


def render_rules(pack: RulePack, rule_id: str | None, fmt: str) -> str:
    rules = [pack.get(rule_id)] if rule_id else list(pack.rules)
    rules = [r for r in rules if r is not None]
    if fmt == "json":
        return json.dumps([rule_json(r) for r in rules] if not rule_id else rule_json(rules[0]), indent=1, ensure_ascii=False)
    if rule_id:
        return rule_markdown(rules[0]) if fmt == "md" else rule_text(rules[0])
    if fmt == "md":
        return "# tenderlint rules\n\n" + "\n\n".join(rule_markdown(r) for r in rules)
    return "\n".join(
        f"{r.id:<12} {('info*' if r.provisional else r.severity):<8} {r.name:<40} {r.message}" for r in rules
    ) + "\n\n* reported as info for now: precision on blind documents below 0.7 (see `tenderlint rules ID`)"
