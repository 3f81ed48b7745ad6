"""The lint task and its error policy.

* Bad input (a typed core error) fails the job with the core's code and message: no retry, since
  the same bytes fail the same way.
* The database or broker being away is retried with exponential backoff.
* Soft time limit: the job fails with code "timeout". Hard limit: the process is killed and the
  main process records the same failure (`task_failure` below).
* acks_late + reject_on_worker_lost: a worker killed mid-job leaves the message unacknowledged,
  and Redis hands it to another worker after the visibility timeout.
"""

from __future__ import annotations

import logging

import kombu.exceptions
import redis.exceptions
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.signals import task_failure
from flask import current_app
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from service.celery_ext import LINT_TASK
from service.db import db
from service.fair_share import release
from service.jobs import send_lint
from service.models import Job
from tenderlint.errors import INTERNAL_ERROR, TenderlintError

from .pack_pipeline import advance_member, check
from .pipeline import mark_failed, mark_retrying, run_job

log = logging.getLogger(__name__)

INFRASTRUCTURE_ERRORS = (
    OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
)
MAX_RETRIES = 5
TIMEOUT_MESSAGE = "Checking this document took longer than the {limit}-second limit, so it was stopped."


def backoff(retries: int) -> int:
    """Seconds before retry n: 2, 4, 8, 16, 32."""
    return 2 ** (retries + 1)


@shared_task(name=LINT_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def lint_version(self: Task, job_id: str) -> str:
    """Lint the version behind `job_id` and store findings and reports. Safe to run twice."""
    try:
        return run_job(job_id, self.request.id, work=check)
    except TenderlintError as exc:
        mark_failed(job_id, exc.code, exc.message)
        return "failed"
    except SoftTimeLimitExceeded:
        mark_failed(job_id, "timeout", TIMEOUT_MESSAGE.format(limit=self.app.conf.task_soft_time_limit))
        return "failed"
    except INFRASTRUCTURE_ERRORS as exc:
        if self.request.retries >= MAX_RETRIES:
            _fail_quietly(job_id, "service-unavailable", "The database or queue was unavailable; upload the file again later.")
            raise
        log.warning("job %s: %s; retry %d in %ds", job_id, exc, self.request.retries + 1, backoff(self.request.retries))
        _quietly(mark_retrying, job_id)
        raise self.retry(exc=exc, countdown=backoff(self.request.retries))
    except Exception:  # a bug in the core or the pipeline: record it on the job, keep the traceback in the log
        log.exception("job %s failed unexpectedly", job_id)
        mark_failed(job_id, INTERNAL_ERROR, "tenderlint hit an internal error while checking this document.")
        return "failed"
    finally:
        _quietly(_release_next, job_id)
        _quietly(_advance_pack, job_id)
        db.session.remove()


def _release_next(job_id: str) -> None:
    """This job's place in its organisation's share is free (or it is waiting to retry): send the
    organisation's next held job, if any (service/fair_share.py)."""
    job = db.session.get(Job, job_id)
    if job is not None:
        release(current_app._get_current_object(), job.organisation_id, send_lint)  # type: ignore[attr-defined]


def _advance_pack(job_id: str) -> None:
    """A tender pack's member ended (done, failed or parked until its pack's facts are read): move
    its pack on (worker/pack_pipeline.py)."""
    advance_member(current_app._get_current_object(), job_id)  # type: ignore[attr-defined]


def _quietly(action, job_id: str) -> None:  # type: ignore[no-untyped-def]
    """Best effort while the database may itself be the thing that is down."""
    try:
        action(job_id)
    except (SQLAlchemyError, DBAPIError) as exc:
        log.warning("job %s: could not update its status (%s)", job_id, exc)
        db.session.rollback()


def _fail_quietly(job_id: str, code: str, message: str) -> None:
    _quietly(lambda jid: mark_failed(jid, code, message), job_id)


@task_failure.connect
def _on_hard_timeout(sender: Task | None = None, exception: BaseException | None = None, args=None, **_: object) -> None:  # type: ignore[no-untyped-def]
    """The hard limit kills the child, so the worker's main process records the timeout."""
    if sender is None or sender.name != LINT_TASK or not isinstance(exception, TimeLimitExceeded) or not args:
        return
    flask_app = sender.app.flask_app  # set by service.celery_ext.celery_init_app

    with flask_app.app_context():
        _fail_quietly(args[0], "timeout", TIMEOUT_MESSAGE.format(limit=flask_app.config["TASK_TIME_LIMIT"]))
        db.session.remove()
