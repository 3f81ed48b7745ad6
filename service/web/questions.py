"""Clarification questions a supplier could send the buyer, drafted from a finished report.

Dismissed findings are left out; "only confirmed" keeps the findings the reader has confirmed in
triage, so a supplier can go through the report, confirm what matters to them, and send those."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from flask import Response, render_template, request
from sqlalchemy import select

from tenderlint.clarify import Question, draft_questions, render_questions

from ..auth import login_required
from ..db import db
from ..models import Finding, Job
from ..serialize import finding_json
from . import bp
from .queries import finished_job


def _questions(job: Job, only_confirmed: bool) -> list[Question]:
    rows = db.session.scalars(select(Finding).where(Finding.job_id == job.id, Finding.organisation_id == job.organisation_id))
    return draft_questions((finding_json(f) for f in rows), statuses=("confirmed",) if only_confirmed else None)


@bp.route("/jobs/<job_id>/questions")
@login_required
@finished_job
def questions(job: Job) -> Any:
    only_confirmed = request.args.get("only") == "confirmed"
    drafted = _questions(job, only_confirmed)
    return render_template(
        "web/questions.html", job=job, version=job.version, document=job.version.document, questions=drafted,
        only_confirmed=only_confirmed, text=render_questions(drafted, job.version.document.title, "text"),
    )


@bp.route("/jobs/<job_id>/questions.md")
@login_required
@finished_job
def questions_download(job: Job) -> Response:
    drafted = _questions(job, request.args.get("only") == "confirmed")
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in (PurePath(job.version.filename).stem or "document"))[:80]
    response = Response(render_questions(drafted, job.version.document.title, "md"), mimetype="text/markdown")
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}-v{job.version.number}-questions.md"'
    return response
