"""A tender pack on two real worker processes: its documents checked in parallel, one pack report at
the end, and the pack finished after one worker is SIGKILLed mid-pack (the job's lease runs out, the
surviving worker's sweep sends it again)."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from service.db import db
from service.models import AuditEvent, Finding, Job, utcnow
from service.pack_models import PackMember, PackStatus, PackVersion
from worker.pack_pipeline import advance

from .conftest import Worker
from .test_job_recovery import QUICK_SWEEP
from .test_packs import CORPUS, GCLOUD, auth, corpus_files, post_pack, wait_for_pack

PACK = GCLOUD + [CORPUS / "uk-ccs-rm6232-fm-how-to-bid.docx"]
SLOW_STAGES = {"TENDERLINT_TEST_TASK_DELAY": "1.0"}  # a second per stage: each run is several seconds long


@pytest.fixture
def workers(service_env: dict[str, str]) -> Any:
    started = [Worker({**service_env, **QUICK_SWEEP, **SLOW_STAGES}) for _ in range(2)]
    for process in started:
        process.start()
    yield started
    for process in started:
        process.stop()


def member_jobs(version_url: str) -> list[Job]:
    db.session.rollback()
    version = db.session.scalar(select(PackVersion).where(PackVersion.number == 1))
    assert version is not None and version_url.endswith(f"/{version.pack_id}/versions/1")
    ids = db.session.scalars(select(PackMember.job_id).where(PackMember.pack_version_id == version.id))
    return [db.session.get(Job, job_id, populate_existing=True) for job_id in ids]


def judgements() -> int:
    """Pack reports stored: each is written with one audit event, in the same transaction."""
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "pack.judged")) or 0


def advance_together(app: Any, version_id: str) -> list[str]:
    """Two threads ask to move the pack on at the same moment, as two workers finishing its last two
    documents do."""
    start = threading.Barrier(2)
    answers: list[str] = []

    def run() -> None:
        with app.app_context():
            start.wait()
            answers.append(advance(app, version_id))
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def assert_one_result_each(status: dict[str, Any], report: dict[str, Any]) -> None:
    assert status["status"] == "done" and all(d["job"]["status"] == "done" for d in status["documents"])
    assert [d["name"] for d in report["documents"]] == [p.name for p in PACK]
    for member in status["documents"]:
        stored = list(db.session.scalars(select(Finding.fingerprint).where(Finding.job_id == member["job"]["id"])))
        assert stored and len(stored) == len(set(stored)), f"{member['name']}: findings stored twice"
        assert sum(member["findings"].values()) == len(stored)
    assert report["scores"]["document_findings"] == sum(sum(d["findings"].values()) for d in status["documents"])
    assert judgements() == 1, "the pack was judged more than once"


def test_two_workers_check_a_pack_in_parallel_and_judge_it_once(client, people, workers) -> None:
    created = post_pack(client, people["buyer"], corpus_files(PACK), title="Two frameworks").get_json()
    status = wait_for_pack(client, people["buyer"], created["version"]["url"])
    report = client.get(status["report_url"], headers=auth(people["buyer"])).get_json()
    assert_one_result_each(status, report)
    jobs = member_jobs(created["version"]["url"])
    assert all(job.attempts == 2 for job in jobs)  # read, then lint: nothing ran twice
    spans = [(job.started_at, job.finished_at) for job in jobs]  # the lint runs, start to done
    assert any(a[0] < b[1] and b[0] < a[1] for a, b in itertools.combinations(spans, 2)), \
        "no two documents were checked at the same time"

    # a judgement whose worker died (its lease is old) is taken over and stored once, the same
    for process in workers:
        process.stop()  # their sweeps would take it over first
    version = db.session.scalar(select(PackVersion))
    assert version is not None
    judged = version.report
    version.status, version.report, version.delivery = PackStatus.JUDGING, None, "a-dead-worker"
    version.heartbeat_at = utcnow() - dt.timedelta(minutes=5)
    db.session.commit()
    assert advance(client.application, version.id) == PackStatus.DONE
    db.session.refresh(version)
    assert version.report == judged and judgements() == 2
    assert advance(client.application, version.id) == PackStatus.DONE  # nothing left to do
    assert judgements() == 2

    # every document done, and two workers move the pack on at once: one judgement
    version.status, version.report = PackStatus.LINTING, None
    db.session.commit()
    answers = advance_together(client.application, version.id)
    assert len(answers) == 2 and PackStatus.DONE in answers
    db.session.refresh(version)
    assert version.status == PackStatus.DONE and version.report == judged and judgements() == 3


def test_a_pack_is_finished_after_a_worker_is_killed_mid_pack(client, people, workers) -> None:
    created = post_pack(client, people["buyer"], corpus_files(PACK)).get_json()
    deadline = time.monotonic() + 120
    while sum(job.status == "running" for job in member_jobs(created["version"]["url"])) < 2:
        assert time.monotonic() < deadline, "the two workers never ran two documents at once"
        time.sleep(0.1)
    workers[0].kill()  # main process and pool child, mid-document
    status = wait_for_pack(client, people["buyer"], created["version"]["url"])
    report = client.get(status["report_url"], headers=auth(people["buyer"])).get_json()
    assert_one_result_each(status, report)
    jobs = member_jobs(created["version"]["url"])
    assert sum(job.attempts for job in jobs) > 2 * len(jobs), "the killed worker's document was not run again"
