"""JSON shapes of documents, versions, jobs and findings.

One place for them so the REST API and the web pages (which poll job progress) show the same
fields, and the OpenAPI schemas in service/api/openapi.py describe exactly what is returned.
Pure functions of model rows: no request context needed, URLs are absolute paths.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .models import Document, Finding, Job, JobStatus, Version

API = "/api/v1"
REPORT_FORMATS = ("json", "sarif", "csv", "html")


def iso(moment: dt.datetime | None) -> str | None:
    """UTC timestamps as RFC 3339 with a Z (rows store naive UTC)."""
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


def _ms(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    return None if start is None or end is None else int((end - start).total_seconds() * 1000)


def job_url(job_id: str) -> str:
    return f"{API}/jobs/{job_id}"


def report_urls(version_id: str) -> dict[str, str]:
    return {fmt: f"{API}/versions/{version_id}/report?format={fmt}" for fmt in REPORT_FORMATS}


def progress_json(job: Job) -> dict[str, Any]:
    total, done = job.progress_total or 0, job.progress_done or 0
    if job.status == JobStatus.DONE.value:
        percent = 100
    else:
        percent = min(99, int(done * 100 / total)) if total else 0
    return {"stage": job.stage, "done": done, "total": total, "percent": percent}


def job_json(job: Job) -> dict[str, Any]:
    """A job as clients poll it; `report_urls` is empty until the job is done."""
    error = {"code": job.error_code or "error", "message": job.error_message or ""} if job.status == JobStatus.FAILED.value else None
    return {
        "id": job.id,
        "url": job_url(job.id),
        "status": job.status,
        "progress": progress_json(job),
        "error": error,
        "attempts": job.attempts,
        "rule_pack": job.rule_pack,
        "timings": {
            "queued_at": iso(job.queued_at),
            "started_at": iso(job.started_at),
            "finished_at": iso(job.finished_at),
            "wait_ms": _ms(job.queued_at, job.started_at),
            "run_ms": _ms(job.started_at, job.finished_at),
            "parse_ms": job.parse_ms,
            "lint_ms": job.lint_ms,
        },
        "version": {"id": job.version_id, "url": f"{API}/versions/{job.version_id}"},
        "report_urls": report_urls(job.version_id) if job.status == JobStatus.DONE.value else {},
        "given_facts": {"facts": dict(job.facts), "given_by": job.facts_by} if job.facts else None,
    }


def job_link(job: Job) -> dict[str, str]:
    """The short form returned by uploads: enough to start polling."""
    return {"id": job.id, "url": job_url(job.id)}


def latest_job(version: Version) -> Job | None:
    return version.jobs[-1] if version.jobs else None


def version_json(version: Version, with_job: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": version.id,
        "url": f"{API}/versions/{version.id}",
        "document_id": version.document_id,
        "number": version.number,
        "filename": version.filename,
        "size": version.size,
        "sha256": version.blob_sha256,
        "context": dict(version.context or {}),
        "uploaded_by": version.uploaded_by,
        "created_at": iso(version.created_at),
        "findings_url": f"{API}/versions/{version.id}/findings",
        "report_urls": report_urls(version.id),
    }
    if with_job:
        job = latest_job(version)
        out["job"] = job_json(job) if job else None
    return out


def document_json(document: Document, with_versions: bool = False) -> dict[str, Any]:
    """A document with its latest version; `versions` lists all of them when asked."""
    versions = list(document.versions)
    out: dict[str, Any] = {
        "id": document.id,
        "url": f"{API}/documents/{document.id}",
        "title": document.title,
        "created_by": document.created_by,
        "created_at": iso(document.created_at),
        "version_count": len(versions),
        "latest_version": version_json(versions[-1]) if versions else None,
    }
    if with_versions:
        out["versions"] = [version_json(v) for v in versions]
    return out


def finding_json(finding: Finding) -> dict[str, Any]:
    """The stored finding (as in the JSON report) plus its database id and triage state."""
    return {
        **dict(finding.data or {}),
        "id": finding.id,
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "category": finding.category,
        "message": finding.message,
        "quote": finding.quote,
        "page": finding.page,
        "clause": finding.clause,
        "start": finding.start,
        "end": finding.end,
        "fingerprint": finding.fingerprint,
        "review_status": finding.review_status,
        "job_id": finding.job_id,
        "version_id": finding.version_id,
    }
