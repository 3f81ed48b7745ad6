"""Clarification questions a supplier could send the buyer, drafted from a finished report.

With a supplier profile recorded, the gates the firm fails come first (service/bid.py). Dismissed
findings are left out; "only confirmed" keeps the findings the reader has confirmed in triage. Each
question is editable on the page, and the edited set downloads as Markdown or Word: an emptied
question is left out, and the rest are numbered again."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from flask import Response, render_template, request

from tenderlint.clarify import Question, render_questions
from tenderlint.clarify_docx import MIMETYPE as DOCX, questions_docx

from ..auth import login_required
from ..bid import job_questions
from ..downloads import download_stem, name_download
from ..models import Job
from .blueprint import bp
from .queries import finished_job


def edited(questions: list[Question], form: Mapping[str, str]) -> list[Question]:
    """The questions with the page's edits: `text-N` replaces question N's text, blank drops it."""
    kept = []
    for q in questions:
        text = " ".join(form.get(f"text-{q.number}", q.text).split())
        if text:
            kept.append(replace(q, number=len(kept) + 1, text=text))
    return kept


def questions_file(job: Job, questions: list[Question], fmt: str) -> Response:
    """The questions as a Markdown or DOCX download named after the uploaded file."""
    title = job.version.document.title
    if fmt == "docx":
        response = Response(questions_docx(questions, title), mimetype=DOCX)
    else:
        response = Response(render_questions(questions, title, "md"), mimetype="text/markdown")
    return name_download(response, f"{download_stem(job.version.filename)}-v{job.version.number}-questions.{fmt}")


def _status() -> str | None:
    return "confirmed" if request.values.get("only") == "confirmed" else None


@bp.route("/jobs/<job_id>/questions")
@login_required
@finished_job
def questions(job: Job) -> Any:
    status = _status()
    drafted = job_questions(job, status)
    return render_template(
        "web/questions.html", job=job, version=job.version, document=job.version.document, questions=drafted,
        only_confirmed=status is not None,
    )


@bp.post("/jobs/<job_id>/questions")
@login_required
@finished_job
def questions_edited(job: Job) -> Response:
    """Download the questions as edited on the page (the form says which format)."""
    fmt = "docx" if request.form.get("format") == "docx" else "md"
    return questions_file(job, edited(job_questions(job, _status()), request.form), fmt)


@bp.route("/jobs/<job_id>/questions.<any(md, docx):fmt>")
@login_required
@finished_job
def questions_download(job: Job, fmt: str) -> Response:
    return questions_file(job, job_questions(job, _status()), fmt)
