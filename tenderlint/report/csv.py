"""One row per finding, for spreadsheets and triage lists."""

from __future__ import annotations

import csv
import io

from ..engine import Report
from ..spreadsheet import safe_row

COLUMNS = ["document", "rule_id", "rule_name", "severity", "category", "page", "clause", "section", "message", "quote", "fix", "fingerprint"]


def render_csv(reports: list[Report]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for report in reports:
        for f in report.findings:
            writer.writerow(safe_row([
                report.document.name, f.rule_id, f.rule_name, f.severity, f.category,
                f.location.page or "", f.location.clause or "", " > ".join(f.location.section),
                f.message, f.quote, f.fix, f.fingerprint,
            ]))
    return buffer.getvalue()
