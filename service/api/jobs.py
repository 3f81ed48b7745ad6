"""Lint jobs: poll one for status and progress, list them, or start one again on a version with
corrected facts (a re-check: service/recheck.py)."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import select

from ..auth import scoped_get
from ..models import Job, JobStatus, Version
from ..recheck import FactsError, clean_facts, recheck
from ..roles import can_review, require
from ..serialize import job_json
from .blueprint import bp
from .common import bad_request, caller, choice_arg, json_body, paginate

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


@bp.post("/versions/<version_id>/recheck")
def recheck_version(version_id: str) -> Any:
    """Check the version again with the facts in the body over the ones it was read with; the
    earlier job and report stay (reviewers, managers and admins)."""
    user = caller()
    version = scoped_get(Version, version_id, user)
    require(can_review(user), "re-check documents")
    try:
        facts = clean_facts(json_body())
    except FactsError as error:
        raise bad_request(f"{str(error)[:1].upper()}{str(error)[1:]}.", code="invalid-facts") from None
    return job_json(recheck(user, version, facts)), 202
