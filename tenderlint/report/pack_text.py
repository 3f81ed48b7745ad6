"""The pack report as text: each document's findings as `check` prints them, then the pack's own.

A pack finding is printed like a document's (`FILE:page N:...: severity[RULE] message`) on the
document it belongs to, and a consistency finding adds the other document's statement as
`    in OTHER:page N: > quote`, so both places read side by side.
"""

from __future__ import annotations

from ..model import Location
from ..pack.report import ABSENCE, PackReport
from .text import finding_lines, quote_lines, render_text


def _at(document: str, location: Location) -> str:
    parts = [document] + ([f"page {location.page}"] if location.page else []) + ([f"clause {location.clause}"] if location.clause else [])
    return ":".join(parts)


def render_pack_text(pack: PackReport) -> str:
    lines = [render_text(list(pack.reports))] if pack.reports else []
    by_name = {r.document.name: r for r in pack.reports}
    types = "; ".join(f"{name} ({', '.join(t) or 'type unknown'})" for name, t in pack.doc_types.items())
    lines.append(f"pack {pack.name}: {len(pack.reports)} documents: {types}")
    for refused in pack.refused:
        lines.append(f"{refused.name}: error[{refused.code}] {refused.message}")
    for fact in pack.context.facts.values():
        lines.append(f"    fact {fact.name} = {fact.value} (from {fact.document}: “{fact.quote}”)")
    if pack.lacks:
        lines.append(f"    the pack has no document that reads as: {', '.join(pack.lacks)}")
    for item in pack.findings:
        others = [line for place in item.others
                  for line in [f"    in {_at(place.document, place.location)}:", *quote_lines(place.quote, "      > ")]]
        if item.kind == ABSENCE:
            others.append("    judged once over the whole pack: no document of it holds this")
        lines.extend(finding_lines(by_name[item.document], item.finding, others))
    scores = pack.scores
    lines.append(
        f"pack {pack.name}: {scores['documents']} documents, {scores['refused']} refused; "
        f"{scores['pack_findings']} pack findings and {scores['document_findings']} document findings "
        f"({scores['errors']} errors, {scores['warnings']} warnings, {scores['infos']} infos)"
    )
    return "\n".join(lines)
