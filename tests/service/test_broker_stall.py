"""A broker that is alive but not answering (a redis-server stopped with SIGSTOP): an upload must
not wait out the stall. It answers 503 with the stored job, and the job is checked once Redis
answers again."""

from __future__ import annotations

import io
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.db import db
from service.jobs import NOT_ENQUEUED
from service.models import Job, Version
from service.storage import get_blob

from .conftest import RedisServer, Worker
from .test_job_recovery import QUICK_SWEEP
from .test_worker import SAMPLE, finished, fresh_job, wait_for

STALL_DEADLINE = 60.0  # far longer than the socket timeouts; a hung upload waits for the whole stall


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server only this test pauses (the session's is shared)."""
    workdir = tmp_path / "own-redis"
    workdir.mkdir()
    server = RedisServer(workdir)
    server.start()
    yield server
    if server.process is not None:
        server.process.send_signal(signal.SIGCONT)
    server.stop()


@pytest.fixture
def service_env(service_env: dict[str, str], own_redis: RedisServer) -> dict[str, str]:
    return {**service_env, "TENDERLINT_REDIS_URL": own_redis.url}


def test_an_upload_during_a_broker_stall_answers_503_and_is_checked_afterwards(
    app, client, people, own_redis: RedisServer, service_env: dict[str, str]
) -> None:
    assert own_redis.process is not None
    answer: dict[str, Any] = {}

    def post() -> None:
        answer["response"] = client.post(
            "/api/v1/documents", data={"file": (io.BytesIO(SAMPLE.read_bytes()), SAMPLE.name)},
            headers={"Authorization": f"Bearer {people['buyer']['token']}"}, content_type="multipart/form-data",
        )

    own_redis.process.send_signal(signal.SIGSTOP)
    try:
        thread = threading.Thread(target=post, daemon=True)
        thread.start()
        thread.join(STALL_DEADLINE)
        assert not thread.is_alive(), "the upload waited for the stalled broker"
    finally:
        own_redis.process.send_signal(signal.SIGCONT)

    response = answer["response"]
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == "queue-unavailable" and "not upload it again" in problem["detail"]
    assert response.headers["Retry-After"]
    job_id = problem["job"]["id"]

    job = fresh_job(job_id)  # kept: the version, its file and a job the sweep will send
    assert (job.status, job.stage) == ("queued", NOT_ENQUEUED)
    version = db.session.get(Version, job.version_id)
    assert version is not None and get_blob(version.blob_sha256) == SAMPLE.read_bytes()

    worker = Worker({**service_env, **QUICK_SWEEP})
    worker.start()
    try:
        job = wait_for(job_id, finished)
    finally:
        worker.stop()
    assert job.status == "done", (job.error_code, job.error_message)
    assert db.session.query(Job).filter_by(version_id=version.id).count() == 1
