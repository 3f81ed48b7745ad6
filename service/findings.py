"""Reads of a finished job's findings and stored report shared by the API and the pages (scoped by
the job's organisation)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from .db import db
from .models import Finding, Job, Report
from .triage import SEVERITY_RANK


def job_findings(job: Job) -> list[Finding]:
    """A job's findings, most severe first, then in document order."""
    return list(db.session.scalars(
        select(Finding).where(Finding.job_id == job.id, Finding.organisation_id == job.organisation_id)
        .order_by(SEVERITY_RANK, Finding.start, Finding.rule_id)
    ))


def job_report(job: Job) -> dict[str, Any]:
    """The job's stored JSON report, or {} when it has none (not finished, or failed)."""
    row = db.session.get(Report, (job.id, "json"))
    return json.loads(row.content) if row is not None else {}
