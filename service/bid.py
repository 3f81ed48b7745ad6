"""The "Can we bid?" answer for a finished check: the tender's gates against the organisation's
profile, the bid-effort estimate, and the clarification questions, failed gates first.

Gates are read again from the stored file rather than stored by the worker: they depend on the
profile, which changes after the check, and the core reads them from the text without the language
pipeline. The rules' objections come from the stored findings, so a dismissed finding stops
objecting here as it stops showing on the report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import url_for

from tenderlint.clarify import Question
from tenderlint.effort import Estimate, estimate_effort
from tenderlint.gates import GateResult, SupplierProfile, check_gates, gate_questions, summary
from tenderlint.parse import parse_bytes

from .db import db
from .findings import job_findings
from .models import Job, Report
from .serialize import finding_json
from .storage import get_blob
from .supplier_profile import profile_of


@dataclass(frozen=True)
class BidView:
    results: list[GateResult]
    estimate: Estimate
    questions: list[Question]
    has_profile: bool

    @property
    def summary(self) -> dict[str, int]:
        return summary(self.results)


def report_context(job: Job) -> dict[str, Any]:
    """The facts the check found or was given (deadline, publication date, value), from its JSON report."""
    row = db.session.get(Report, (job.id, "json"))
    return dict(json.loads(row.content).get("context") or {}) if row is not None else {}


def bid_view(job: Job, review_status: str | None = None) -> BidView:
    """`review_status` keeps only findings with that decision for the questions (e.g. confirmed);
    the gates' objections always use every finding not dismissed."""
    version = job.version
    document = parse_bytes(get_blob(version.blob_sha256), version.filename)
    findings = [finding_json(f) for f in job_findings(job)]
    context = report_context(job)
    value = (context.get("value_total") or {}).get("value")
    profile = profile_of(job.organisation_id)
    results = check_gates(document, profile or SupplierProfile(), findings,
                          float(value) if isinstance(value, (int, float)) else None)
    asked = [f for f in findings if f["review_status"] == review_status] if review_status else findings
    return BidView(results, estimate_effort(document, [r.gate for r in results], context),
                   gate_questions(results, asked), profile is not None)


def job_questions(job: Job, review_status: str | None = None) -> list[Question]:
    """The clarification questions of a finished check: failed gates first, then the findings'."""
    return bid_view(job, review_status).questions


def passage_url(job_id: str, start: int, end: int) -> str:
    """The check's document page with this passage highlighted, scrolled to it."""
    return url_for("web.document_view", job_id=job_id, mark=f"{start}-{end}") + "#q-demand"
