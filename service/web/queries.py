"""Reads shared by several pages; every one is limited to the caller's organisation."""

from __future__ import annotations

from collections import defaultdict
from functools import wraps
from typing import Any, Callable, Iterable

from flask import redirect, url_for
from sqlalchemy import func, select

from ..auth import current_user, scoped_get
from ..db import db
from ..models import Finding, Job, JobStatus, Version


def latest_job(version: Version) -> Job | None:
    return version.jobs[-1] if version.jobs else None


def severity_counts(job_ids: Iterable[str], organisation_id: str) -> dict[str, dict[str, int]]:
    """job id -> {"error": n, "warning": n, "info": n} from the stored findings."""
    ids = [i for i in job_ids if i]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"error": 0, "warning": 0, "info": 0})
    if not ids:
        return counts
    rows = db.session.execute(
        select(Finding.job_id, Finding.severity, func.count())
        .where(Finding.job_id.in_(ids), Finding.organisation_id == organisation_id)
        .group_by(Finding.job_id, Finding.severity)
    )
    for job_id, severity, number in rows:
        counts[job_id][severity] = number
    return counts


def finished_job(view: Callable[..., Any]) -> Callable[..., Any]:
    """For pages of a finished check's results (`/jobs/<job_id>/...`): the view gets the caller's job
    (another organisation's is a 404), and while the check is still running the page is its progress."""

    @wraps(view)
    def wrapped(job_id: str, **kwargs: Any) -> Any:
        job = scoped_get(Job, job_id, current_user())
        if job.status != JobStatus.DONE.value:
            return redirect(url_for("web.job", job_id=job.id))
        return view(job, **kwargs)

    return wrapped
