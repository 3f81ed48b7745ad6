"""Getting lint jobs onto the queue, and back onto it when a message or a worker was lost.

An upload is committed before its message is sent, so a broker outage cannot lose the upload:
the job stays queued (stage "not-enqueued") and the sweep (`requeue_stale`, run by every worker
every REQUEUE_INTERVAL seconds) sends it once the broker is back. The sweep also sends again

* a queued job whose message is in neither the broker's queue nor its delivered-but-unacked set
  (Redis came back without its data), once it has waited REQUEUE_MISSING_AFTER seconds;
* a running job whose heartbeat is older than JOB_LEASE: its worker is gone (a killed main
  process leaves the message unacked until the visibility timeout, 12 minutes by default);
* an organisation's held jobs (fair_share.py) when its earlier jobs have finished.

Sending a job twice is harmless: a delivery claims the job first (worker/pipeline.py) and skips
one that is finished or held by another live delivery, and a finished job's results are written
once, replacing whatever an earlier delivery of the same job stored.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterable

import kombu.exceptions
import redis.exceptions
from flask import Flask, current_app, has_app_context
from sqlalchemy import ColumnElement, and_, or_, select, update

from .celery_ext import LINT_TASK
from .db import db
from .removal import purge_expired
from .fair_share import PARKED, release_all
from .models import Job, JobStatus, utcnow

log = logging.getLogger(__name__)

NOT_ENQUEUED = "not-enqueued"
REQUEUED = "requeued"
SWEEP_LOCK = "tenderlint:sweep"
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, ConnectionError, OSError)
# One quick retry rides out a broker restart; with the socket timeouts (celery_ext) a stalled
# broker fails the send within seconds instead of holding the upload request for the whole stall.
ENQUEUE_RETRY = {"max_retries": 1, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 0.5}


def send_lint(app: Flask, job_id: str) -> bool:
    """Publish the lint task; on a broker outage mark the job so `requeue_stale` finds it."""
    try:
        app.extensions["celery"].send_task(LINT_TASK, args=[job_id], retry=True, retry_policy=ENQUEUE_RETRY)
        return True
    except BROKER_ERRORS as exc:
        log.warning("could not enqueue job %s (%s); it stays queued until the broker is back", job_id, exc)
    db.session.rollback()
    job = db.session.get(Job, job_id)
    if job is not None and job.status == JobStatus.QUEUED.value:
        job.stage = NOT_ENQUEUED
        db.session.commit()
    return False


def stale_jobs(older_than: dt.timedelta) -> list[Job]:
    """Queued jobs that never reached the broker, or have waited so long their message may be lost
    (the rule for a broker whose messages cannot be listed)."""
    cutoff = utcnow() - older_than
    lost = (Job.queued_at < cutoff) & (Job.stage != REQUEUED)
    query = select(Job).where(Job.status == JobStatus.QUEUED.value, Job.stage.notin_(PARKED), or_(Job.stage == NOT_ENQUEUED, lost))
    return list(db.session.scalars(query.order_by(Job.queued_at)))


def lease_expired(lease: dt.timedelta) -> ColumnElement[bool]:
    """SQL condition: a running job whose last sign of life (heartbeat, else start) is too old."""
    cutoff = utcnow() - lease
    return and_(
        Job.status == JobStatus.RUNNING.value,
        or_(Job.heartbeat_at < cutoff, and_(Job.heartbeat_at.is_(None), Job.started_at < cutoff)),
    )


def requeue_stale(app: Flask | None = None) -> int:
    """One sweep; returns how many jobs were sent. Run by every worker; one sweeps at a time."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if not has_app_context():
        with app.app_context():
            return _sweep(app)
    return _sweep(app)


def _sweep(app: Flask) -> int:
    config = app.config
    listed = jobs_in_broker(app, lock_for=config["REQUEUE_INTERVAL"])
    if listed is False:
        return 0  # another worker holds this interval's sweep
    purge_expired()  # the organisations' retention settings, by the one worker sweeping this interval
    sent = 0
    for job in _queued(Job.stage == NOT_ENQUEUED):
        if not send_lint(app, job.id):
            return sent  # the broker is still away; the next sweep tries again
        sent += _mark(job, REQUEUED)
        if isinstance(listed, set):
            listed.add(job.id)
    if isinstance(listed, set):
        cutoff = utcnow() - dt.timedelta(seconds=config["REQUEUE_MISSING_AFTER"])
        waiting = _queued(Job.queued_at < cutoff, Job.stage.notin_(PARKED))  # parked jobs have no message to lose
        sent += _resend(app, [job for job in waiting if job.id not in listed], "its message is not in the broker")
    else:  # a broker we cannot list: resend once after a long wait, in case the message was lost
        sent += _resend(app, stale_jobs(dt.timedelta(seconds=config["REQUEUE_AFTER"])), "it waited too long")
    sent += _recover_running(app, dt.timedelta(seconds=config["JOB_LEASE"]))
    sent += release_all(app, send_lint)  # held jobs whose organisation's release was missed
    if sent:
        log.info("requeued %d job(s)", sent)
    return sent


def _queued(*conditions: ColumnElement[bool]) -> list[Job]:
    """Queued jobs that meet `conditions`, oldest first (filtered in SQL: the sweep runs every few
    seconds, and an organisation's held batch may be hundreds of jobs)."""
    query = select(Job).where(Job.status == JobStatus.QUEUED.value, *conditions)
    return list(db.session.scalars(query.order_by(Job.queued_at)))


def _mark(job: Job, stage: str) -> int:
    db.session.refresh(job)
    if job.status == JobStatus.QUEUED.value:
        job.stage = stage
    db.session.commit()
    return 1


def _resend(app: Flask, jobs: Iterable[Job], why: str) -> int:
    sent = 0
    for job in jobs:
        log.warning("sending job %s again: %s", job.id, why)
        if not send_lint(app, job.id):
            break
        sent += _mark(job, REQUEUED)
    return sent


def _recover_running(app: Flask, lease: dt.timedelta) -> int:
    """Running jobs whose worker stopped sending heartbeats go back to the queue and are sent.

    Each is taken with a conditional UPDATE, so a job whose heartbeat arrives meanwhile stays put."""
    sent = 0
    for job_id in list(db.session.scalars(select(Job.id).where(lease_expired(lease)))):
        taken = db.session.execute(
            update(Job).where(Job.id == job_id, lease_expired(lease)).values(status=JobStatus.QUEUED.value, stage=REQUEUED)
        ).rowcount
        db.session.commit()
        if taken:
            log.warning("job %s lost its worker (no heartbeat for %ds); sending it again", job_id, lease.total_seconds())
            if not send_lint(app, job_id):
                break
            sent += 1
    return sent


def jobs_in_broker(app: Flask, lock_for: float = 0) -> set[str] | None | bool:
    """Job ids with a lint message in the broker, waiting in the queue or delivered to a worker and
    not yet acknowledged: a queued job missing from both was lost (Redis restarted without data).

    None when the broker cannot be listed (not Redis, or not answering). With `lock_for`, take the
    sweep lock for that many seconds first, and return False if another worker holds it."""
    celery = app.extensions["celery"]
    try:
        with celery.connection_for_write() as connection:
            channel = connection.default_channel
            client = getattr(channel, "client", None)
            if client is None or not hasattr(channel, "unacked_key"):
                return None
            if lock_for and not client.set(SWEEP_LOCK, uuid.uuid4().hex, nx=True, px=max(1, int(lock_for * 900))):
                return False
            queue = celery.conf.task_default_queue
            raw: list[bytes] = []
            for priority in channel.priority_steps:
                raw.extend(client.lrange(channel._q_for_pri(queue, priority), 0, -1))
            delivered = client.hvals(channel.unacked_key)
    except BROKER_ERRORS as exc:
        log.warning("could not list the broker's messages: %s", exc)
        return None
    found = {_job_of(message) for message in raw}
    found |= {_job_of(message, delivered=True) for message in delivered}
    found.discard(None)
    return found  # type: ignore[return-value]


def _job_of(message: bytes, delivered: bool = False) -> str | None:
    """The job id in a kombu message (the task's args, from Celery's `argsrepr` header)."""
    try:
        payload = json.loads(message)
        headers = (payload[0] if delivered else payload)["headers"]
        if headers.get("task") != LINT_TASK:
            return None
        args = ast.literal_eval(headers["argsrepr"])
        return str(args[0])
    except (ValueError, TypeError, KeyError, IndexError, SyntaxError):
        return None
