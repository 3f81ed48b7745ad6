"""The database where engines differ: migrations both ways on SQLite and PostgreSQL, and the paths
whose correctness rests on locking, run with real workers on PostgreSQL.

The overlap is forced, not hoped for: the test holds a lock on the `reports` table, which a worker
writes only in the final transaction of a job, so each worker stops inside that transaction (after
it has read the triage decisions) until the test lets go. Whatever the service then does is the
interleaving it must survive on every schedule, not only on a lucky one.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any, Callable

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select

from service.db import alembic_config, db
from service.models import AuditEvent, Finding, FindingReview, Report

from .test_api import auth, finish, upload
from .test_triage_api import patch, queue
from .test_worker import JOB_TIMEOUT, SAMPLE, core_fingerprints, fingerprints, finished, start_worker, wait_for  # noqa: F401  (fixture)

ON_POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
REVISED = SAMPLE.read_bytes() + b"\n\n## Annex\n\nSuppliers may ask questions through the portal until the deadline.\n"


def test_migrations_run_up_and_down_and_match_the_models(database_url: str) -> None:
    """From an empty database to head, back to nothing, and up again; at head the tables are
    exactly what the models declare (types, nullability, indexes, constraints) on this engine."""
    config = alembic_config(database_url)
    engine = create_engine(database_url)
    try:
        command.upgrade(config, "head")
        assert set(db.metadata.tables) <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
        command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        command.upgrade(config, "head")
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
    finally:
        engine.dispose()


class HeldTable:
    """A PostgreSQL transaction that holds SHARE on one table: writers of that table wait for it."""

    def __init__(self, url: str, table: str) -> None:
        self.url, self.table = url.replace("postgresql+psycopg://", "postgresql://"), table
        self.connection: psycopg.Connection[Any] | None = None

    def __enter__(self) -> "HeldTable":
        self.connection = psycopg.connect(self.url)
        self.connection.execute(f"LOCK TABLE {self.table} IN SHARE MODE")
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.connection is not None
        self.connection.rollback()  # lets the waiting writers through
        self.connection.close()

    def lock_waiters(self) -> int:
        """Sessions of this database waiting for a lock to write reports or to lock a document (a
        worker's heartbeat waiting for its own job row is not one of them)."""
        with psycopg.connect(self.url, autocommit=True) as other:
            row = other.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                r"AND wait_event_type = 'Lock' AND query ~* '\m(reports|documents)\M'").fetchone()
        return int(row[0]) if row else 0

    def wait_until(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + JOB_TIMEOUT
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail(f"still waiting for {what} after {JOB_TIMEOUT:.0f}s")
            time.sleep(0.1)


def upload_version(client: Any, people: dict[str, dict[str, str]], data: bytes, document_url: str | None = None) -> dict[str, Any]:
    url = f"{document_url}/versions" if document_url else "/api/v1/documents"
    response = upload(client, people["buyer"], data=data, name=SAMPLE.name, url=url)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


@ON_POSTGRES
def test_two_workers_finish_jobs_of_one_document_at_once(client, people, start_worker, database_url: str) -> None:
    """Two worker processes each in the final transaction of a version of the same document, let
    go together: both versions end done, each with exactly the core's findings and its reports."""
    with HeldTable(database_url, "reports") as held:
        start_worker()
        first = upload_version(client, people, SAMPLE.read_bytes())
        held.wait_until(lambda: held.lock_waiters() == 1, "the first worker to reach its final write")
        start_worker()
        second = upload_version(client, people, REVISED, first["url"])
        held.wait_until(lambda: held.lock_waiters() == 2, "both workers to be inside their final transaction")
    jobs = [wait_for(body["job"]["id"], finished) for body in (first, second)]
    for job in jobs:
        assert (job.status, job.attempts) == ("done", 1), (job.error_code, job.error_message)
        stored = fingerprints(job.id)
        assert len(stored) == len(set(stored))
        assert Counter(db.session.scalars(select(Report.format).where(Report.job_id == job.id))) == Counter(
            {"json": 1, "sarif": 1, "csv": 1, "html": 1, "extract": 1})
    assert set(fingerprints(jobs[0].id)) == core_fingerprints(SAMPLE)
    assert {f["version_number"] for f in queue(client, people["buyer"])["items"]} == {2}
    changes = client.get(f"/api/v1/versions/{second['version']['id']}/changes", headers=auth(people["buyer"]))
    assert changes.status_code == 200 and changes.get_json()["previous_version"]["number"] == 1


@ON_POSTGRES
def test_a_decision_made_while_a_new_version_is_saved_reaches_that_version(client, people, worker, database_url: str) -> None:
    """The worker has read the document's decisions and is storing version 2's findings when a
    manager dismisses one on version 1: version 2's copy must end dismissed too, not keep the
    'open' the worker read (the decision waits for the save, then updates every copy)."""
    first = upload_version(client, people, SAMPLE.read_bytes())
    assert wait_for(first["job"]["id"], finished).status == "done"
    target = queue(client, people["buyer"])["items"][0]
    answers: list[Any] = []
    decision = threading.Thread(target=lambda: answers.append(
        patch(client, people["manager"], target["id"], review_status="dismissed", reason="Accepted for this contract")))
    with HeldTable(database_url, "reports") as held:
        second = upload_version(client, people, REVISED, first["url"])
        held.wait_until(lambda: held.lock_waiters() == 1, "the worker to reach its final write")
        decision.start()
        held.wait_until(lambda: not decision.is_alive() or held.lock_waiters() == 2, "the decision to be made or to wait")
    decision.join(JOB_TIMEOUT)
    assert answers and answers[0].status_code == 200, answers and answers[0].get_data(as_text=True)
    job = wait_for(second["job"]["id"], finished)
    assert job.status == "done", (job.error_code, job.error_message)
    db.session.expire_all()
    copies = db.session.scalars(select(Finding).where(Finding.fingerprint == target["fingerprint"])).all()
    assert {f.job_id for f in copies} == {first["job"]["id"], job.id}
    assert {f.review_status for f in copies} == {"dismissed"}


def test_parallel_decisions_on_one_finding_all_land(app, client, people) -> None:
    """People deciding the same new finding at once: each request succeeds, one review row holds
    the last decision, and every decision is audited (a second INSERT of the review used to fail
    the unique constraint with a 500 where the requests overlapped)."""
    first = upload_version(client, people, SAMPLE.read_bytes())
    finish(first["version"]["id"], findings=1)
    target = queue(client, people["buyer"])["items"][0]
    count = 6
    start = threading.Barrier(count)
    statuses: list[int] = []
    lock = threading.Lock()

    def decide(index: int) -> None:
        own = app.test_client()
        start.wait()
        status = "confirmed" if index % 2 else "dismissed"
        response = patch(own, people["manager"], target["id"], review_status=status, reason=f"decision {index}")
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=decide, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOB_TIMEOUT)
    assert statuses == [200] * count
    db.session.expire_all()
    reviews = db.session.scalars(select(FindingReview).where(FindingReview.fingerprint == target["fingerprint"])).all()
    assert len(reviews) == 1
    audited = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "finding.review")).all()
    assert len(audited) == count
    audited.sort(key=lambda event: event.at)
    # one after the other: each decision saw the one before it
    assert [event.detail["previous"] for event in audited] == ["open"] + [event.detail["status"] for event in audited[:-1]]
    assert (reviews[0].status, reviews[0].reason) == (audited[-1].detail["status"], audited[-1].detail["reason"])
    assert db.session.scalar(select(Finding.review_status).where(Finding.id == target["id"])) == reviews[0].status
