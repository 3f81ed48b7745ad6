"""A version's lint results: the stored report (json, sarif, csv, html), its findings, and the
clarification questions drafted from them.

Both come from the version's latest *done* job, so a re-lint in progress does not hide the last
good results; with no done job yet they answer 409 with the job to poll.
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for
from sqlalchemy import select

from tenderlint.clarify import render_questions
from tenderlint.clarify_docx import MIMETYPE as DOCX, questions_docx

from ..annotated import annotated_file
from ..auth import scoped_get
from ..bid import job_questions
from ..changes import compare, newest_done_job
from ..db import db
from ..downloads import name_download
from ..models import Finding, Job, JobStatus, Report, Version
from ..problems import ApiProblem
from ..report_decisions import served_report
from ..serialize import REPORT_FORMATS, finding_json, job_link, latest_job
from ..triage import SEVERITY_RANK, STATUSES
from .blueprint import bp
from .common import caller, choice_arg, paginate
from .findings import filter_findings

CONTENT_TYPES = {
    "json": "application/json",
    "sarif": "application/sarif+json",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
# The HTML report is self-contained; forbid scripts and remote loads when served from our origin.
HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"


def done_job(version: Version) -> Job:
    """The newest finished job of the version, or a 409 problem naming the job to wait for."""
    job = newest_done_job(version)
    if job is not None:
        return job
    pending = latest_job(version)
    if pending is None:
        raise ApiProblem(409, "Report not ready", "This version has no lint job.", code="no-job")
    if pending.status == JobStatus.FAILED.value:
        raise ApiProblem(
            409, "Lint failed", f"The lint job failed: {pending.error_message or pending.error_code}",
            code="job-failed", job=job_link(pending), job_status=pending.status,
            error={"code": pending.error_code, "message": pending.error_message},
        )
    raise ApiProblem(
        409, "Report not ready", f"The lint job is {pending.status}; poll {job_link(pending)['url']} until it is done.",
        code="not-ready", job=job_link(pending), job_status=pending.status,
    )


@bp.get("/versions/<version_id>/report")
@bp.get("/versions/<version_id>/report.<any(json, sarif, csv, html):fmt>")
def get_report(version_id: str, fmt: str | None = None) -> Response:
    version = scoped_get(Version, version_id, caller())
    return _served(done_job(version), version, fmt)


@bp.get("/jobs/<job_id>/report")
def get_job_report(job_id: str) -> Response:
    """One job's own report: an earlier check of a version stays readable after a re-check."""
    job = scoped_get(Job, job_id, caller())
    if job.status != JobStatus.DONE.value:
        raise ApiProblem(409, "Report not ready", f"The lint job is {job.status}.", code="not-ready",
                         job=job_link(job), job_status=job.status)
    return _served(job, job.version, None)


def _served(job: Job, version: Version, fmt: str | None) -> Response:
    fmt = fmt or choice_arg("format", REPORT_FORMATS) or "json"
    report = db.session.get(Report, (job.id, fmt))
    if report is None:
        raise ApiProblem(404, "Report format not stored", f"The finished job {job.id} has no {fmt} report.", code="no-report")
    response = Response(served_report(job, fmt, report.content), content_type=CONTENT_TYPES[fmt])
    name_download(response, f"{version.document_id}-v{version.number}.{fmt}", inline=True)
    if fmt == "html":
        response.headers["Content-Security-Policy"] = HTML_CSP
    return response


@bp.get("/versions/<version_id>/annotated")
def annotated_document(version_id: str) -> Response:
    """The uploaded DOCX with a Word comment on each finding's passage, or the PDF with highlights;
    dismissed findings are left out, `severity=serious` keeps errors and warnings only."""
    version = scoped_get(Version, version_id, caller())
    job = done_job(version)
    serious = choice_arg("severity", ("all", "serious")) == "serious"
    made = annotated_file(job, serious_only=serious,
                          link=lambda f: url_for("web.report", job_id=job.id, _external=True) + f"#f-{f.id}")
    if made is None:
        raise ApiProblem(415, "Cannot annotate this format",
                         "Annotated copies can be made of DOCX and PDF uploads only.", code="cannot-annotate")
    response = Response(made.data, content_type=made.mimetype)
    response.headers["X-Tenderlint-Unplaced"] = str(made.unplaced)
    name_download(response, made.filename)
    return response


@bp.get("/versions/<version_id>/findings")
def list_findings(version_id: str) -> Any:
    version = scoped_get(Version, version_id, caller())
    job = done_job(version)
    query = filter_findings(select(Finding).where(Finding.job_id == job.id, Finding.organisation_id == version.organisation_id))
    page = paginate(query.order_by(SEVERITY_RANK, Finding.start, Finding.rule_id, Finding.id), finding_json)
    page["job"] = job_link(job)
    return page


@bp.get("/versions/<version_id>/questions")
def clarification_questions(version_id: str) -> Any:
    """Clarification questions a supplier could send: the gates the organisation's profile fails
    first, then the findings meant for suppliers.

    Dismissed findings are left out; `review_status=confirmed` keeps only the confirmed ones."""
    version = scoped_get(Version, version_id, caller())
    job = done_job(version)
    fmt = choice_arg("format", ("json", "md", "text", "docx")) or "json"
    status = choice_arg("review_status", STATUSES)
    questions = job_questions(job, status)
    if fmt == "docx":
        return name_download(Response(questions_docx(questions, version.document.title), content_type=DOCX),
                             f"{version.document_id}-v{version.number}-questions.docx")
    if fmt != "json":
        text = render_questions(questions, version.document.title, fmt)
        return Response(text, content_type="text/markdown; charset=utf-8" if fmt == "md" else "text/plain; charset=utf-8")
    return {"items": [q.to_json() for q in questions], "total": len(questions), "job": job_link(job)}


@bp.get("/versions/<version_id>/changes")
def version_changes(version_id: str) -> Any:
    """Findings new in this version, and the previous version's findings it no longer has."""
    version = scoped_get(Version, version_id, caller())
    job = done_job(version)
    changes = compare(version, job)
    if changes is None:
        raise ApiProblem(409, "Nothing to compare", "There is no earlier version with a finished lint.", code="no-previous")
    return {
        "version": {"id": version.id, "number": version.number},
        "previous_version": {"id": changes.previous.id, "number": changes.previous.number},
        "new": [finding_json(f) for f in changes.new],
        "gone": [finding_json(f) for f in changes.gone],
        "unchanged": changes.kept,
    }
