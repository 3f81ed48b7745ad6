"""A fair share of the workers for each organisation: at most N of its jobs in the queue at once.

The broker is first in, first out, and the workers are shared by every organisation on a service.
One council uploading a hundred documents would otherwise put a hundred messages ahead of the next
council's one. So an organisation's jobs beyond ORG_ACTIVE_JOBS (queued in the broker or running)
wait in the database, stage "held", and are sent one by one as its earlier jobs finish
(`release`, called by the worker after every job and by the sweep). Another organisation's upload
then waits behind at most ORG_ACTIVE_JOBS of the busy one's, whatever the size of its batch.

The limit is counted without a lock, so two uploads arriving together may both be sent and the
organisation briefly hold one or two slots more; fairness only needs the limit to hold roughly.
Nothing is lost: a held job is an ordinary queued job in the database, sent by the next release.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask
from sqlalchemy import func, select, update

from .db import db
from .models import Job, JobStatus
from .pack_models import PACK_WAITING

log = logging.getLogger(__name__)

HELD = "held"
# Queued jobs with no message to send yet: held for fairness, or a tender pack's member waiting for
# its pack's other documents (worker/pack_pipeline.py). Neither takes a place nor can lose a message.
PARKED = (HELD, PACK_WAITING)


def in_flight(organisation_id: str) -> int:
    """The organisation's jobs that hold a place in the broker or on a worker."""
    active = (Job.status == JobStatus.RUNNING.value) | ((Job.status == JobStatus.QUEUED.value) & Job.stage.notin_(PARKED))
    return db.session.scalar(select(func.count()).select_from(Job).where(Job.organisation_id == organisation_id, active)) or 0


def admit(app: Flask, job: Job) -> bool:
    """Whether a new job may go to the broker now; if not it is marked held (and committed)."""
    limit = app.config["ORG_ACTIVE_JOBS"]
    if not limit or in_flight(job.organisation_id) <= limit:  # the count includes this job
        return True
    job.stage = HELD
    db.session.commit()
    log.info("job %s held: organisation %s has %d jobs in the queue", job.id, job.organisation_id, limit)
    return False


Send = Callable[[Flask, str], bool]  # jobs.send_lint: publish one job, False if the broker is away


def release(app: Flask, organisation_id: str, send: Send) -> int:
    """Send the organisation's oldest held jobs into its free places; returns how many.

    The places are counted once: each job taken here fills one. A job another release took first
    (its conditional UPDATE matched nothing) filled a place too, so this one stops there."""
    limit = app.config["ORG_ACTIVE_JOBS"]
    oldest = select(Job.id).where(Job.organisation_id == organisation_id, Job.status == JobStatus.QUEUED.value,
                                  Job.stage == HELD).order_by(Job.queued_at)
    if limit:
        free = limit - in_flight(organisation_id)
        if free <= 0:
            return 0
        oldest = oldest.limit(free)
    sent = 0
    for job_id in list(db.session.scalars(oldest)):
        taken = db.session.execute(
            update(Job).where(Job.id == job_id, Job.stage == HELD).values(stage=JobStatus.QUEUED.value)
        ).rowcount
        db.session.commit()
        if not taken or not send(app, job_id):
            break  # taken by another release, or the broker is away (send_lint marked it for the sweep)
        sent += 1
    return sent


def release_all(app: Flask, send: Send) -> int:
    """Release every organisation with held jobs (the sweep's catch-up after a missed release)."""
    held = db.session.scalars(select(Job.organisation_id).where(Job.stage == HELD).distinct())
    return sum(release(app, organisation_id, send) for organisation_id in list(held))
