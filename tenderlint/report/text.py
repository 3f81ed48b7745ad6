"""Compiler-style text: `FILE:page N:section: severity[RULE-ID] message`, then the quote."""

from __future__ import annotations

import textwrap

from ..engine import Report
from ..model import Finding


def _place(location) -> str:
    parts = []
    if location.page:
        parts.append(f"page {location.page}")
    if location.clause:
        parts.append(f"clause {location.clause}")
    if not parts and location.section:
        parts.append(location.section[-1][:40])
    return " ".join(parts) or f"offset {location.start}"


def _where(report: Report, finding) -> str:
    location = finding.location
    parts = [report.document.name]
    if location.page:
        parts.append(f"page {location.page}")
    if location.clause:
        parts.append(f"clause {location.clause}")
    if location.section:
        parts.append(location.section[-1][:60])
    return ":".join(parts)


def quote_lines(quote: str, indent: str = "    > ") -> list[str]:
    quote = quote if len(quote) <= 300 else quote[:297] + "..."
    return textwrap.wrap(quote, 100, initial_indent=indent, subsequent_indent=indent)


def finding_lines(report: Report, finding: Finding, extra: list[str] | None = None) -> list[str]:
    """One finding: where, level, rule and message; its quote; further places (`extra` first); note; fix."""
    lines = [f"{_where(report, finding)}: {finding.severity}[{finding.rule_id}] {finding.message}"]
    if finding.quote:
        lines.extend(quote_lines(finding.quote))
    lines.extend(extra or ())
    if finding.also:
        lines.append(f"    also at: {'; '.join(_place(p.location) for p in finding.also)}")
    if finding.note:
        lines.append(f"    note: {finding.note}")
    lines.append(f"    fix: {finding.fix}")
    return lines


def render_text(reports: list[Report]) -> str:
    lines: list[str] = []
    for report in reports:
        for finding in report.findings:
            lines.extend(finding_lines(report, finding))
        scores = report.scores
        lines.append(
            f"{report.document.name}: {scores['errors']} errors, {scores['warnings']} warnings, "
            f"{scores['infos']} infos; {scores['rules_checked']} rules checked, {scores['rules_passed']} passed"
        )
    return "\n".join(lines)
