"""A finished job's report page, its downloads, and the document view with findings marked."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, render_template, request, url_for

from tenderlint.annotate import ANNOTATABLE
from tenderlint.rulepack.loader import default_pack

from ..annotated import annotated_file
from ..auth import current_user, login_required, scoped_get
from ..changes import compare
from ..db import db
from ..downloads import download_stem, name_download
from ..findings import job_findings, job_report
from ..models import Finding, Job, JobStatus, Report
from .blueprint import bp
from .extract import group_tables, job_blocks
from ..families import AUDIENCES, FAMILIES, SEVERITIES
from .highlight import Span, segments, spans_for
from .queries import finished_job
from ..report_decisions import served_report
from ..recheck import givers
from ..roles import can_review
from .recheck import assumed_of
from .review_form import ReviewForm, reviews_for
from tenderlint.report.assumed import ENTER, labels as rule_labels

DOWNLOADS = {
    "json": ("application/json", "json"),
    "sarif": ("application/sarif+json", "sarif"),
    "csv": ("text/csv", "csv"),
    "html": ("text/html", "html"),
}


def _finished_job(job_id: str) -> Job:
    job = scoped_get(Job, job_id, current_user())
    if job.status != JobStatus.DONE.value:
        abort(409)
    return job


def report_filters() -> dict[str, list[str]]:
    """The report's filters from the query string; unknown values are ignored."""
    return {
        "severity": [v for v in request.args.getlist("severity") if v in SEVERITIES],
        "family": [v for v in request.args.getlist("family") if v in FAMILIES],
        "audience": [v for v in request.args.getlist("audience") if v in AUDIENCES],
    }


def _matches(finding: Finding, filters: dict[str, list[str]]) -> bool:
    audiences = (finding.data or {}).get("audiences", [])
    return ((not filters["severity"] or finding.severity in filters["severity"])
            and (not filters["family"] or finding.category in filters["family"])
            and (not filters["audience"] or any(a in filters["audience"] for a in audiences)))


def _summaries(findings: list[Finding]) -> tuple[dict[str, int], list[dict[str, Any]]]:
    by_severity = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    by_family = []
    for code, (name, about) in FAMILIES.items():
        counts = {s: sum(f.category == code and f.severity == s for f in findings) for s in SEVERITIES}
        by_family.append({"code": code, "name": name, "about": about, **counts, "total": sum(counts.values())})
    return by_severity, by_family


def safe_url(url: str) -> str:
    """Only web links become hrefs; anything else (javascript:, data:) is shown as text."""
    return url if url.startswith(("https://", "http://")) else ""


@bp.route("/jobs/<job_id>/report")
@login_required
@finished_job
def report(job: Job) -> Any:
    return report_page(job)


def report_page(job: Job, form: ReviewForm | None = None) -> tuple[str, int]:
    """The report with the current filters; `form` is a refused decision to show again with its error."""
    findings = job_findings(job)
    filters = report_filters()
    data = job_report(job)
    by_severity, by_family = _summaries(findings)
    pack = default_pack()
    results = [{**r, "rule": pack.get(r.get("rule_id", ""))} for r in data.get("rule_results", [])]
    formats = [f for f in DOWNLOADS if db.session.get(Report, (job.id, f)) is not None]
    shown = [f for f in findings if _matches(f, filters)]
    names = {rule.id: rule.name for rule in pack.rules}
    to_enter = [{**item, "rule_names": rule_labels(names, item["rules"]), "enter": ENTER[item["fact"]]}
                for item in data.get("assumed", {}).get("to_enter", [])]
    html = render_template(
        "web/report.html", job=job, version=job.version, document=job.version.document,
        assumed=assumed_of(data), givers=givers(job), to_enter=to_enter, checked=checked_summary(results),
        entered_for={rule_id: item for item in to_enter for rule_id in item["rules"]},
        reviewer=can_review(current_user()), other_jobs=[j for j in job.version.jobs if j.id != job.id],
        findings=shown, total=len(findings), filters=filters,
        by_severity=by_severity, by_family=by_family, results=results, report=data, formats=formats,
        severities=SEVERITIES, audiences=AUDIENCES, safe_url=safe_url,
        reviews=reviews_for(shown), review_form=form, changes=compare(job.version, job),
        annotatable=data.get("document", {}).get("format") in ANNOTATABLE,
        review_action=lambda finding_id: url_for("web.review_finding", finding_id=finding_id, back="report", **filters),
    )
    return html, 400 if form else 200


def checked_summary(results: list[dict[str, Any]]) -> list[str]:
    """"What we checked" in plain words: how many rules found something, found nothing, did not
    apply to this document, or needed a fact the document does not give."""
    count = {status: sum(r.get("status") == status for r in results)
             for status in ("flagged", "passed", "not_applicable", "could_not_check")}

    def rules(n: int) -> str:
        return f"{n} rule{'s' if n != 1 else ''}"

    lines = [f"{rules(count['flagged'])} found something to look at (the findings below)" if count["flagged"] else
             "No rule found anything to flag",
             f"{rules(count['passed'])} found nothing to flag"]
    if count["not_applicable"]:
        lines.append(f"{rules(count['not_applicable'])} did not apply to this kind of document, its size or its value")
    if count["could_not_check"]:
        lines.append(f"{rules(count['could_not_check'])} could not be checked without a fact the document does not give")
    return lines


@bp.route("/jobs/<job_id>/report.<fmt>")
@login_required
def download(job_id: str, fmt: str) -> Response:
    job = _finished_job(job_id)
    if fmt not in DOWNLOADS:
        abort(404)
    row = db.session.get(Report, (job.id, fmt))
    if row is None:
        abort(404)
    mimetype, extension = DOWNLOADS[fmt]
    response = Response(served_report(job, fmt, row.content), mimetype=mimetype)
    name_download(response, f"{download_stem(job.version.filename)}-v{job.version.number}.{extension}")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@bp.route("/jobs/<job_id>/annotated")
@login_required
def annotated(job_id: str) -> Response:
    """The uploaded DOCX or PDF with the findings not dismissed as comments or highlights."""
    job = _finished_job(job_id)
    made = annotated_file(job, serious_only=request.args.get("severity") == "serious",
                          link=lambda f: url_for("web.report", job_id=job.id, _external=True) + f"#f-{f.id}")
    if made is None:
        abort(404)
    response = Response(made.data, mimetype=made.mimetype)
    name_download(response, made.filename)
    return response


@bp.route("/jobs/<job_id>/document")
@login_required
@finished_job
def document_view(job: Job) -> Any:
    findings = job_findings(job)
    spans = spans_for(findings)
    demand = _demand_span(request.args.get("mark", ""))
    blocks = group_tables([(block, segments(block.text, block.start, spans + demand)) for block in job_blocks(job)])
    focus = next((f for f in findings if f.id == request.args.get("focus") and f.quote), None)
    return render_template("web/document_view.html", job=job, version=job.version, document=job.version.document,
                           blocks=blocks, findings=findings, marked=len(spans), focus=focus,
                           focus_at=focus_block(blocks, focus.start) if focus else None)


def focus_block(blocks: list[dict[str, Any]], start: int) -> int | None:
    """The index of the shown block (or table) holding character `start`: "Show in the document"
    puts the finding's message just before it, so the message and its passage come into view together."""
    for index, item in enumerate(blocks):
        members = [cell for row in item["rows"] for cell, _ in row] if "rows" in item else [item["block"]]
        if any(cell.start <= start < cell.start + max(len(cell.text), 1) for cell in members):
            return index
    return None


def _demand_span(mark: str) -> list[Span]:
    """`?mark=START-END` (from the "Can we bid?" page) highlights one eligibility demand, anchored
    `q-demand`; anything else marks nothing."""
    start, dash, end = mark.partition("-")
    if not (dash and start.isdigit() and end.isdigit() and int(start) < int(end)):
        return []
    return [Span(int(start), int(end), "demand", "", "demand")]
