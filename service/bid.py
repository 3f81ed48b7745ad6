"""The "Can we bid?" answer for a finished check: the tender's gates against the organisation's
profile, the bid-effort estimate, and the clarification questions, failed gates first.

The gates are read from the stored file (and kept per file, see `_read`) rather than stored by the
worker, so checks made before this page existed have them too; the standings depend on the profile,
which changes after the check, so they are judged on each request (cheaply). The rules' objections
come from the stored findings, so a dismissed finding stops objecting here as it stops showing on
the report.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask import url_for

from tenderlint.clarify import Question, where
from tenderlint.effort import Estimate, estimate_effort
from tenderlint.errors import DocumentError
from tenderlint.gates import Gate, GateResult, SupplierProfile, find_gates, gate_questions, judge_gates, summary
from tenderlint.parse import parse_bytes

from .findings import job_findings, job_report
from .models import Job
from .problems import ApiProblem
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
    return dict(job_report(job).get("context") or {})


@lru_cache(maxsize=64)
def _read(blob_sha256: str, filename: str, context: str, today: datetime.date) -> tuple[tuple[Gate, ...], Estimate]:
    """A stored file's gates and effort estimate. Reading a document costs about as much as linting
    it (0.1-2.8 s on the corpus), and the gates, questions and download pages of one check each need
    them, so they are kept per file, facts and day (the estimate counts days to the deadline)."""
    document = parse_bytes(get_blob(blob_sha256), filename)
    gates = tuple(find_gates(document))
    return gates, estimate_effort(document, gates, json.loads(context), today)


def bid_view(job: Job, review_status: str | None = None) -> BidView:
    """`review_status` keeps only findings with that decision for the questions (e.g. confirmed);
    the gates' objections always use every finding not dismissed."""
    version = job.version
    context = report_context(job)
    try:
        gates, estimate = _read(version.blob_sha256, version.filename, json.dumps(context, sort_keys=True, default=str),
                                datetime.date.today())
    except DocumentError as error:  # checked once, but today's parser refuses it: say so rather than fail
        raise ApiProblem(409, "Document unreadable", f"The file can no longer be read: {error}",
                         code="document-unreadable") from None
    findings = [finding_json(f) for f in job_findings(job)]
    value = (context.get("value_total") or {}).get("value")
    profile = profile_of(job.organisation_id)
    results = judge_gates(gates, profile or SupplierProfile(), findings,
                          float(value) if isinstance(value, (int, float)) else None)
    asked = [f for f in findings if f["review_status"] == review_status] if review_status else findings
    return BidView(results, estimate, gate_questions(results, asked), profile is not None)


def job_questions(job: Job, review_status: str | None = None) -> list[Question]:
    """The clarification questions of a finished check: failed gates first, then the findings'."""
    return bid_view(job, review_status).questions


def passage_url(job_id: str, start: int, end: int) -> str:
    """The check's document page with this passage highlighted, scrolled to it."""
    return url_for("web.document_view", job_id=job_id, mark=f"{start}-{end}") + "#q-demand"


def gate_place(job_id: str, result: GateResult) -> tuple[str, str]:
    """Where a gate's demand stands, in words, and the link to it highlighted (the page and the API show both)."""
    location = result.gate.location
    return where(location.to_json()), passage_url(job_id, location.start, location.end)
