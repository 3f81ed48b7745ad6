"""One row per finding, for spreadsheets and triage lists."""

from __future__ import annotations

import csv
import io

from ..engine import Report
from ..spreadsheet import safe_row

COLUMNS = ["document", "rule_id", "rule_name", "severity", "category", "page", "clause", "section", "message", "quote", "fix", "fingerprint", "also"]


def render_csv(reports: list[Report]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for report in reports:
        for f in report.findings:
            writer.writerow(safe_row([
                report.document.name, f.rule_id, f.rule_name, f.severity, f.category,
                f.location.page or "", f.location.clause or "", " > ".join(f.location.section),
                f.message, f.quote, f.fix, f.fingerprint, _also(f),
            ]))
    return buffer.getvalue()


def _also(finding) -> str:
    """The other places with the same cause, e.g. "page 4 clause 3.2; page 9"."""
    return "; ".join(
        " ".join(p for p in (f"page {place.location.page}" if place.location.page else "", f"clause {place.location.clause}" if place.location.clause else "") if p)
        or f"offset {place.location.start}"
        for place in finding.also
    )
