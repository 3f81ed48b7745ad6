"""A job's page, with live progress from a small JSON endpoint (meta refresh without JavaScript)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, url_for

from ..auth import current_user, login_required, scoped_get
from ..models import Job, JobStatus
from .blueprint import bp

STAGES = {
    "queued": "Waiting for a worker",
    "held": "Waiting its turn: your organisation's earlier documents are being checked first",
    "retrying": "Waiting to try again",
    "parsing": "Reading the document",
    "reading-facts": "Reading the facts it states, for the other documents of its tender pack",
    "waiting-for-pack": "Waiting for the other documents of its tender pack to be read",
    "linting": "Checking the rules",
    "saving": "Saving the results",
    "done": "Finished",
    "failed": "Stopped",
}


def job_state(job: Job) -> dict[str, Any]:
    """What the job page shows, also served as JSON to the page's progress script."""
    finished = job.status in (JobStatus.DONE.value, JobStatus.FAILED.value)
    total = job.progress_total or 0
    done = min(job.progress_done or 0, total) if total else 0
    percent = 100 if job.status == JobStatus.DONE.value else (round(100 * done / total) if total else 0)
    return {
        "id": job.id,
        "status": job.status,
        "stage": job.stage,
        "stage_label": STAGES.get(job.stage, job.stage.replace("_", " ").capitalize()),
        "progress_done": done,
        "progress_total": total,
        "percent": percent,
        "finished": finished,
        "error_message": job.error_message if job.status == JobStatus.FAILED.value else None,
        "report_url": url_for("web.report", job_id=job.id) if job.status == JobStatus.DONE.value else None,
    }


@bp.route("/jobs/<job_id>")
@login_required
def job(job_id: str) -> Any:
    row = scoped_get(Job, job_id, current_user())
    return render_template("web/job.html", job=row, version=row.version, document=row.version.document,
                           state=job_state(row))


@bp.route("/jobs/<job_id>/status.json")
@login_required
def job_status(job_id: str) -> Any:
    response = jsonify(job_state(scoped_get(Job, job_id, current_user())))
    response.headers["Cache-Control"] = "no-store"
    return response
