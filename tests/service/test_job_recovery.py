"""The sweep for lost jobs, with a real redis-server and real Celery worker processes: a worker
killed mid-job, Redis restarted without its data, and a live worker that must keep its job."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator

import pytest

from service.jobs import jobs_in_broker, send_lint

from .conftest import RedisServer, Worker
from .test_worker import (  # noqa: F401
    SAMPLE,
    core_fingerprints,
    fingerprints,
    finished,
    fresh_job,
    start_worker,
    upload,
    wait_for,
)

# Recovery settings for the workers under test: a dead worker's job is noticed in seconds.
QUICK_SWEEP = {"TENDERLINT_REQUEUE_INTERVAL": "1", "TENDERLINT_REQUEUE_MISSING_AFTER": "1", "TENDERLINT_JOB_LEASE": "3"}


def broker_holds(app, job_id: str) -> bool:  # type: ignore[no-untyped-def]
    listed = jobs_in_broker(app)
    assert isinstance(listed, set), "the test broker is Redis: its messages can be listed"
    return job_id in listed


def assert_findings_once(job_id: str) -> None:
    stored = fingerprints(job_id)
    assert len(stored) == len(set(stored)), "a finding was stored twice"
    assert set(stored) == core_fingerprints(SAMPLE)


def test_a_job_whose_worker_died_is_sent_again_long_before_the_visibility_timeout(app, people, start_worker) -> None:  # noqa: F811
    first = start_worker(TENDERLINT_TEST_TASK_DELAY="1.0")  # default visibility timeout: 720 s
    job_id = upload(people, SAMPLE)
    wait_for(job_id, lambda job: job.status == "running", timeout=60)
    first.kill()  # main process and its pool child, as a crash or an OOM kill would
    assert fresh_job(job_id).status == "running"

    start_worker(**QUICK_SWEEP)
    job = wait_for(job_id, finished)  # well inside the 720 s the broker alone would wait
    assert job.status == "done", (job.error_code, job.error_message)
    assert job.attempts == 2
    assert_findings_once(job_id)


def test_queued_jobs_lost_with_redis_data_are_sent_again(app, people, redis_server: RedisServer, start_worker) -> None:  # noqa: F811
    job_id = upload(people, SAMPLE)  # no worker yet: the message waits in Redis
    assert broker_holds(app, job_id)
    redis_server.stop()
    shutil.rmtree(redis_server.workdir / "appendonlydir", ignore_errors=True)  # Redis comes back empty
    redis_server.start()
    assert not broker_holds(app, job_id)

    start_worker(**QUICK_SWEEP)
    job = wait_for(job_id, finished)  # without the sweep's broker check it would wait an hour
    assert job.status == "done", (job.error_code, job.error_message)
    assert job.attempts == 1
    assert_findings_once(job_id)


@pytest.fixture
def two_process_worker(service_env: dict[str, str]) -> Iterator[Worker]:
    process = Worker({**service_env, "TENDERLINT_TEST_TASK_DELAY": "4", **QUICK_SWEEP}, concurrency=2)
    process.start()
    yield process
    process.stop()


def test_a_live_worker_keeps_its_job_through_pauses_longer_than_the_lease(app, people, two_process_worker) -> None:
    """Stages pause 4 s, longer than the 3 s lease: only the heartbeat shows the worker is alive.
    A duplicate message sent meanwhile reaches the second pool process, which must leave the job alone."""
    job_id = upload(people, SAMPLE)
    wait_for(job_id, lambda job: job.status == "running", timeout=60)
    assert send_lint(app, job_id)
    job = wait_for(job_id, finished)
    assert job.status == "done", (job.error_code, job.error_message)
    deadline = time.monotonic() + 60
    while broker_holds(app, job_id):  # the duplicate has been taken and acknowledged
        assert time.monotonic() < deadline, "the duplicate message was never consumed"
        time.sleep(0.2)
    job = fresh_job(job_id)
    assert (job.status, job.attempts) == ("done", 1)
    assert_findings_once(job_id)
