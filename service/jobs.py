"""Getting lint jobs onto the queue, and back onto it when the broker never got them.

An upload is committed before its message is sent, so a broker outage cannot lose the upload:
the job stays queued (stage "not-enqueued") and `requeue_stale` sends it once the broker is back.
Sending a job twice is harmless: the task skips a finished job and replaces its own findings.
"""

from __future__ import annotations

import datetime as dt
import logging

import kombu.exceptions
import redis.exceptions
from flask import Flask, current_app, has_app_context
from sqlalchemy import or_, select

from .celery_ext import LINT_TASK
from .db import db
from .models import Job, JobStatus, utcnow

log = logging.getLogger(__name__)

NOT_ENQUEUED = "not-enqueued"
REQUEUED = "requeued"
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, ConnectionError, OSError)
# A few quick retries ride out a broker restart without holding the upload request for long.
ENQUEUE_RETRY = {"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1.0}


def send_lint(app: Flask, job_id: str) -> bool:
    """Publish the lint task; on a broker outage mark the job so `requeue_stale` finds it."""
    try:
        app.extensions["celery"].send_task(LINT_TASK, args=[job_id], retry=True, retry_policy=ENQUEUE_RETRY)
        return True
    except BROKER_ERRORS as exc:
        log.warning("could not enqueue job %s (%s); it stays queued until the broker is back", job_id, exc)
    job = db.session.get(Job, job_id)
    if job is not None and job.status == JobStatus.QUEUED.value:
        job.stage = NOT_ENQUEUED
        db.session.commit()
    return False


def stale_jobs(older_than: dt.timedelta) -> list[Job]:
    """Queued jobs that never reached the broker, or have waited so long their message may be lost."""
    cutoff = utcnow() - older_than
    lost = (Job.queued_at < cutoff) & (Job.stage != REQUEUED)
    query = select(Job).where(Job.status == JobStatus.QUEUED.value, or_(Job.stage == NOT_ENQUEUED, lost))
    return list(db.session.scalars(query.order_by(Job.queued_at)))


def requeue_stale(app: Flask | None = None) -> int:
    """Send stale queued jobs again; returns how many were sent. Called by serve and the worker."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if not has_app_context():
        with app.app_context():
            return _requeue(app)
    return _requeue(app)


def _requeue(app: Flask) -> int:
    sent = 0
    for job in stale_jobs(dt.timedelta(seconds=app.config.get("REQUEUE_AFTER", 3600))):
        if not send_lint(app, job.id):
            break  # the broker is still down; the next sweep tries again
        job.stage = REQUEUED
        db.session.commit()
        sent += 1
    if sent:
        log.info("requeued %d queued job(s)", sent)
    return sent
