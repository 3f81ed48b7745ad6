"""Clarification questions a supplier could send the buyer, drafted from a finished report.

Dismissed findings are left out; "only confirmed" keeps the findings the reader has confirmed in
triage, so a supplier can go through the report, confirm what matters to them, and send those."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request

from tenderlint.clarify import render_questions

from ..auth import login_required
from ..downloads import download_stem, name_download
from ..findings import job_questions
from ..models import Job
from .blueprint import bp
from .queries import finished_job


@bp.route("/jobs/<job_id>/questions")
@login_required
@finished_job
def questions(job: Job) -> Any:
    only_confirmed = request.args.get("only") == "confirmed"
    drafted = job_questions(job, "confirmed" if only_confirmed else None)
    return render_template(
        "web/questions.html", job=job, version=job.version, document=job.version.document, questions=drafted,
        only_confirmed=only_confirmed, text=render_questions(drafted, job.version.document.title, "text"),
    )


@bp.route("/jobs/<job_id>/questions.md")
@login_required
@finished_job
def questions_download(job: Job) -> Response:
    drafted = job_questions(job, "confirmed" if request.args.get("only") == "confirmed" else None)
    response = Response(render_questions(drafted, job.version.document.title, "md"), mimetype="text/markdown")
    return name_download(response, f"{download_stem(job.version.filename)}-v{job.version.number}-questions.md")
