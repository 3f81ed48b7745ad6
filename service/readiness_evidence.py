"""Linter evidence for the readiness checklist's procurement section, from this service's data.

Each document counts once, by its newest version that has a finished lint, with that version's
latest done job: uploading a corrected version is how a council removes a barrier, so older
versions must not keep counting against it. A document is dated by that version's upload.
Findings carry their review status, so dismissed or fixed findings stop counting as open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from tenderlint.readiness import DocumentSummary, FindingSummary, ProcurementEvidence, procurement_evidence, suggest_rating

from .db import db
from .models import Document, Finding, Job, JobStatus, User, Version


def _latest_done_jobs(organisation_id: str) -> dict[str, tuple[Document, Version, Job]]:
    """document id -> (document, newest version with a done job, that version's newest done job)."""
    rows = db.session.execute(
        select(Document, Version, Job)
        .join(Version, Version.document_id == Document.id)
        .join(Job, Job.version_id == Version.id)
        .where(Document.organisation_id == organisation_id, Job.organisation_id == organisation_id,
               Job.status == JobStatus.DONE.value)
        .order_by(Version.number, Job.finished_at, Job.queued_at)
    )
    latest: dict[str, tuple[Document, Version, Job]] = {}
    for document, version, job in rows:
        latest[document.id] = (document, version, job)  # ordered, so the last one wins
    return latest


def linted_documents(user: User) -> list[DocumentSummary]:
    latest = _latest_done_jobs(user.organisation_id)
    findings: dict[str, list[FindingSummary]] = {job.id: [] for _, _, job in latest.values()}
    if findings:
        rows = db.session.execute(
            select(Finding.job_id, Finding.rule_id, Finding.severity, Finding.category, Finding.review_status)
            .where(Finding.job_id.in_(findings), Finding.organisation_id == user.organisation_id)
        )
        for job_id, rule_id, severity, category, status in rows:
            findings[job_id].append(FindingSummary(rule_id, severity, category or "", status or "open"))
    return [
        DocumentSummary(document.id, document.title, version.created_at.date(), tuple(findings[job.id]))
        for document, version, job in latest.values()
    ]


def evidence(user: User, as_of: dt.date) -> tuple[ProcurementEvidence, str, list[str]]:
    """The evidence and the suggested rating with its reasons (a suggestion: people decide)."""
    found = procurement_evidence(linted_documents(user), as_of)
    rag, reasons = suggest_rating(found)
    return found, rag, reasons


def evidence_json(found: ProcurementEvidence, rag: str, reasons: list[str]) -> dict[str, Any]:
    return {
        "as_of": found.as_of.isoformat(),
        "since": found.since.isoformat(),
        "documents": found.documents,
        "with_sme_barrier": found.with_sme_barrier,
        "share": found.share,
        "top_rules": [{"rule_id": r, "documents": n} for r, n in found.top_rules],
        "top_families": [{"family": f, "documents": n} for f, n in found.top_families],
        "months": [{"month": m.month, "documents": m.documents, "with_sme_barrier": m.with_sme_barrier} for m in found.months],
        "trend": found.trend,
        "by_question": [{"question_id": q, "documents": n} for q, n in found.by_question],
        "suggested_rating": {"rag": rag, "reasons": reasons,
                             "note": "A suggestion from the linter's findings; the person rating decides."},
    }
