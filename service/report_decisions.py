"""The people's decisions written into a stored report when it is downloaded.

The worker renders each report once, before anyone has triaged; decisions come later and change.
So the CSV, HTML and JSON downloads get the current decision on each finding (matched by its
fingerprint within the document) added as they are served: the JSON a `review` object per finding,
the CSV six more columns, the HTML a line under each finding's heading. SARIF is left as rendered.
The JSON's assumed facts also name who gave each fact that was given (service/recheck.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
from html import escape
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tenderlint.spreadsheet import safe_row

from .db import db
from .models import FindingReview, Job, Report, Version
from .recheck import with_givers
from .serialize import iso
from .triage import DISMISSAL_REASONS

CSV_COLUMNS = ["review_status", "dismissal_reason", "comment", "reviewed_by", "reviewed_at", "assignee"]
_HTML_FINDING = re.compile(r"(<div class='finding [^']*'>\s*<h3>.*?</h3>)", re.S)


def _person(user: Any) -> str:
    return (user.name or user.email) if user is not None else ""


def decisions(job: Job) -> dict[str, dict[str, Any]]:
    """fingerprint -> the decision on it in this job's document, as the JSON report shows it."""
    version = db.session.get(Version, job.version_id)
    rows = db.session.scalars(
        select(FindingReview).options(selectinload(FindingReview.reviewer), selectinload(FindingReview.assignee))
        .where(FindingReview.document_id == version.document_id)
    )
    return {
        r.fingerprint: {"status": r.status, "dismissal_reason": r.reason_code, "comment": r.reason,
                        "reviewed_by": _person(r.reviewer) or None, "reviewed_at": iso(r.reviewed_at),
                        "assignee": _person(r.assignee) or None}
        for r in rows
    }


def _open() -> dict[str, Any]:
    return {"status": "open", "dismissal_reason": None, "comment": "", "reviewed_by": None, "reviewed_at": None,
            "assignee": None}


def with_decisions(fmt: str, content: str, job: Job, stored_json: str | None) -> str:
    """The stored report in `fmt` with the current decisions added (other formats unchanged).
    `stored_json` is the job's JSON report, which gives the HTML findings' fingerprints in order."""
    if fmt not in ("json", "csv", "html"):
        return content
    decided = decisions(job)
    if fmt == "json":
        data = json.loads(content)
        for finding in data.get("findings", []):
            finding["review"] = decided.get(finding.get("fingerprint"), _open())
        with_givers(data, job)
        return json.dumps(data, ensure_ascii=False, indent=1)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content)))
        if not rows or "fingerprint" not in rows[0]:
            return content
        at = rows[0].index("fingerprint")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(rows[0] + CSV_COLUMNS)
        for row in rows[1:]:
            review = decided.get(row[at] if len(row) > at else "", _open())
            reason = DISMISSAL_REASONS.get(review["dismissal_reason"] or "", "")
            writer.writerow(row + safe_row([review["status"], reason, review["comment"], review["reviewed_by"] or "",
                                            review["reviewed_at"] or "", review["assignee"] or ""]))
        return out.getvalue()
    prints = [f.get("fingerprint") for f in json.loads(stored_json or "{}").get("findings", [])]
    found = iter(prints)

    def add_line(match: re.Match[str]) -> str:
        review = decided.get(next(found, None) or "", _open())
        parts = [f"<strong>Decision:</strong> {escape(review['status'].capitalize())}"]
        if review["dismissal_reason"]:
            parts.append(escape(DISMISSAL_REASONS.get(review["dismissal_reason"], review["dismissal_reason"])))
        if review["comment"]:
            parts.append(f"“{escape(review['comment'])}”")
        if review["reviewed_by"]:
            parts.append(f"by {escape(review['reviewed_by'])} on {escape((review['reviewed_at'] or '')[:10])}")
        if review["assignee"]:
            parts.append(f"assigned to {escape(review['assignee'])}")
        return f"{match.group(1)}\n<p class='meta decision'>{' · '.join(parts)}</p>"

    return _HTML_FINDING.sub(add_line, content)


def served_report(job: Job, fmt: str, content: str) -> str:
    """A stored report as downloaded: with the decisions made since it was rendered."""
    stored_json = db.session.get(Report, (job.id, "json")) if fmt == "html" else None
    return with_decisions(fmt, content, job, stored_json.content if stored_json else None)
