"""A fair share of the workers: one organisation's batch cannot keep another's document waiting
behind all of it. Real Redis, real Celery worker, real uploads through the service's own path."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from sqlalchemy import select

from service.db import db
from service.fair_share import HELD, in_flight, release
from service.jobs import SWEEP_LOCK, _job_of, jobs_in_broker, requeue_stale, send_lint
from service.models import Job, User
from service.uploads import accept_upload

from .test_worker import SAMPLE, finished, fresh_job, start_worker, wait_for  # noqa: F401

LIMIT = 2


@pytest.fixture
def app(app):  # type: ignore[no-untyped-def]
    app.config["ORG_ACTIVE_JOBS"] = LIMIT
    return app


def upload_as(people: dict[str, dict[str, str]], who: str, path: Path = SAMPLE) -> str:
    user = db.session.get(User, people[who]["id"])
    return accept_upload(user, f"{who}-{path.name}", path.read_bytes(), {}).job.id


def queue_order(redis_url: str) -> list[str]:
    """Job ids in the broker's queue, in the order workers will take them."""
    raw = redis.Redis.from_url(redis_url).lrange("celery", 0, -1)[::-1]  # LPUSH'd: the oldest message is last
    return [job_id for job_id in map(_job_of, raw) if job_id is not None]


def test_a_batch_beyond_the_share_is_held_and_another_organisation_goes_ahead(app, people, service_env) -> None:
    batch = [upload_as(people, "buyer") for _ in range(5)]
    other = upload_as(people, "other_buyer")
    stages = [fresh_job(job_id).stage for job_id in batch]
    assert stages.count(HELD) == 3 and HELD not in stages[:LIMIT], stages
    assert fresh_job(other).stage != HELD
    order = queue_order(service_env["TENDERLINT_REDIS_URL"])
    assert order == [*batch[:LIMIT], other], "the other council waits behind two documents, not five"
    organisation = fresh_job(batch[0]).organisation_id
    assert in_flight(organisation) == LIMIT


def test_held_jobs_are_never_resent_by_the_sweep_as_lost(app, people, service_env) -> None:
    batch = [upload_as(people, "buyer") for _ in range(4)]
    app.config["REQUEUE_MISSING_AFTER"] = 0  # anything not in the broker would count as lost at once
    broker = redis.Redis.from_url(service_env["TENDERLINT_REDIS_URL"])
    assert not broker.exists(SWEEP_LOCK)
    requeue_stale(app)
    assert broker.exists(SWEEP_LOCK), "the sweep did not run"  # else the checks below hold trivially
    listed = jobs_in_broker(app)
    assert isinstance(listed, set)
    assert sum(job_id in listed for job_id in batch) == LIMIT  # the sweep kept the share
    assert [fresh_job(job_id).stage for job_id in batch].count(HELD) == 2


def test_release_sends_the_oldest_held_job_when_a_place_frees(app, people) -> None:
    batch = [upload_as(people, "buyer") for _ in range(4)]
    organisation = fresh_job(batch[0]).organisation_id
    assert release(app, organisation, send_lint) == 0  # the share is full
    first = fresh_job(batch[0])
    first.status = "done"
    db.session.commit()
    assert release(app, organisation, send_lint) == 1
    assert fresh_job(batch[2]).stage != HELD and fresh_job(batch[3]).stage == HELD


def test_every_job_of_both_organisations_finishes_once_and_the_other_is_not_last(app, people, start_worker) -> None:  # noqa: F811
    batch = [upload_as(people, "buyer") for _ in range(5)]
    other = upload_as(people, "other_buyer")
    start_worker()
    jobs = {job_id: wait_for(job_id, finished) for job_id in [*batch, other]}
    assert all(job.status == "done" for job in jobs.values()), [(j.error_code, j.error_message) for j in jobs.values()]
    assert all(job.attempts == 1 for job in jobs.values())
    finished_order = sorted(jobs, key=lambda job_id: jobs[job_id].finished_at)
    assert finished_order.index(other) <= LIMIT, "the other council's document ran after at most the share"
    held_left = db.session.scalars(select(Job.id).where(Job.stage == HELD)).all()
    assert held_left == []
