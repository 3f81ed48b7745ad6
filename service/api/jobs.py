"""Lint jobs: poll one for status and progress, or list them."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import select

from ..auth import scoped_get
from ..models import Job, JobStatus
from ..serialize import job_json
from .blueprint import bp
from .common import caller, choice_arg, paginate

STATUSES = tuple(s.value for s in JobStatus)


@bp.get("/jobs")
def list_jobs() -> Any:
    query = select(Job).where(Job.organisation_id == caller().organisation_id)
    status = choice_arg("status", STATUSES)
    if status:
        query = query.where(Job.status == status)
    version_id = request.args.get("version_id")
    if version_id:
        query = query.where(Job.version_id == version_id)
    return paginate(query.order_by(Job.queued_at.desc(), Job.id), job_json)


@bp.get("/jobs/<job_id>")
def get_job(job_id: str) -> Any:
    return job_json(scoped_get(Job, job_id, caller()))
