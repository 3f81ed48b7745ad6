"""One lint job, start to finish: load the upload, parse, lint, store findings and reports.

Every stage is committed as it starts, so the job page can show progress. A delivery first claims
the job (one conditional UPDATE) and keeps a heartbeat on it while it runs, so the sweep
(service/jobs.py) can tell a job whose worker is gone from a slow one, and a second delivery of
a job that a live worker holds does nothing. The final write is one transaction that first deletes
whatever this job stored before, so a redelivered job (its worker was killed) replaces its own
findings instead of adding a second copy, and a job already done is left as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from typing import Any, Callable

from flask import current_app
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from service.db import db, new_id
from service.models import Finding, Job, JobStatus, Report, Version, utcnow
from service.pack_models import PACK_WAITING
from service.storage import get_blob
from service.triage import carry_over
from tenderlint.engine import Report as LintReport
from tenderlint.model import Document
from tenderlint.parse import parse_bytes
from tenderlint.report import RENDERERS
from tenderlint.report.document import document_json

from .linters import linter_for

log = logging.getLogger(__name__)

REPORT_FORMATS = ("json", "sarif", "csv", "html")
FACT_KEYS = ("value_total", "value_annual", "regime")
MAX_ATTEMPTS = 8  # a document that kills its worker this often is failed rather than retried forever
COMMIT_EVERY = 0.5  # seconds between progress commits within a stage


class Progress:
    """The job's stage and counters, committed so other processes (pages, API) can read them."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last_commit = 0.0

    def stage(self, name: str, done: int = 0, total: int = 0) -> None:
        self.job.stage, self.job.progress_done, self.job.progress_total = name, done, total
        self._commit()
        _test_pause()

    def step(self, done: int, total: int) -> None:
        self.job.progress_done, self.job.progress_total = done, total
        if done >= total or time.monotonic() - self.last_commit >= COMMIT_EVERY:
            self._commit()

    def _commit(self) -> None:
        self.job.heartbeat_at = utcnow()
        db.session.commit()
        self.last_commit = time.monotonic()


class Heartbeat:
    """While a job runs, a thread refreshes its heartbeat every `interval` seconds on its own
    connection, so a long parse or lint (no progress commits) does not look like a dead worker.
    The thread dies with the process: a killed worker's job stops beating and the sweep resends it."""

    def __init__(self, engine: Engine, job_id: str, delivery: str, interval: float) -> None:
        self.engine, self.job_id, self.delivery, self.interval = engine, job_id, delivery, interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()

    def _run(self) -> None:
        mine = (Job.id == self.job_id) & (Job.delivery == self.delivery) & (Job.status == JobStatus.RUNNING.value)
        while not self.stopped.wait(self.interval):
            try:
                with self.engine.begin() as connection:
                    connection.execute(update(Job).where(mine).values(heartbeat_at=utcnow()))
            except SQLAlchemyError as exc:  # the database is away: the job's own commits will say so
                log.warning("job %s: heartbeat not recorded (%s)", self.job_id, exc)


def _test_pause() -> None:
    """Test only: TENDERLINT_TEST_TASK_DELAY seconds between stages, so a test can kill a worker mid-job."""
    delay = float(os.environ.get("TENDERLINT_TEST_TASK_DELAY") or 0)
    if delay > 0:
        time.sleep(delay)


def claim(job_id: str, delivery: str, lease: dt.timedelta) -> bool:
    """Take the job for this delivery: it is queued, or running without a live holder (this same
    message redelivered, or a holder whose heartbeat is older than the lease). One conditional
    UPDATE, so of two deliveries racing for a job exactly one wins."""
    now = utcnow()
    free = or_(
        and_(Job.status == JobStatus.QUEUED.value, Job.stage != PACK_WAITING),  # a pack member waits for its pack
        and_(
            Job.status == JobStatus.RUNNING.value,
            or_(Job.delivery == delivery, Job.delivery.is_(None), Job.heartbeat_at.is_(None), Job.heartbeat_at < now - lease),
        ),
    )
    taken = db.session.execute(
        update(Job).where(Job.id == job_id, free).values(
            status=JobStatus.RUNNING.value, stage="starting", delivery=delivery, heartbeat_at=now, started_at=now,
            attempts=Job.attempts + 1, error_code=None, error_message=None,
        )
    ).rowcount
    db.session.commit()
    return bool(taken)


def run_job(job_id: str, delivery: str | None = None, work: Callable[[Job], str] | None = None) -> str:
    """Lint one job; returns "done", "skipped", "failed" or "missing". Core errors propagate to the task.
    `work` does the claimed job (default: lint one upload; a tender pack's member has its own, worker/pack_pipeline.py)."""
    job = db.session.get(Job, job_id)
    if job is None:
        return "missing"
    if job.status in (JobStatus.DONE.value, JobStatus.FAILED.value):
        return "skipped"  # a redelivered or requeued message for a finished job
    if job.attempts >= MAX_ATTEMPTS:
        mark_failed(job_id, "too-many-attempts", "This document stopped the worker too many times; it was not checked.")
        return "failed"
    delivery = delivery or new_id()
    lease = dt.timedelta(seconds=current_app.config["JOB_LEASE"])
    if not claim(job_id, delivery, lease):
        return "skipped"  # finished meanwhile, or a live worker holds it
    db.session.refresh(job)
    with Heartbeat(db.engine, job_id, delivery, lease.total_seconds() / 6):
        return (work or _lint)(job)


def _lint(job: Job) -> str:
    version: Version = job.version
    progress = Progress(job)
    document, parse_ms = parse_upload(job, progress)
    context = dict(version.context or {})
    linter = linter_for(context.get("profile"))
    facts = given_facts(context)
    facts.update(job.facts or {})  # a re-check's corrected facts win over the upload's (service/recheck.py)
    progress.stage("linting", 0, len(linter.rules))
    started = time.perf_counter()
    report = linter.lint(document, progress=progress.step, facts=facts)
    lint_ms = round((time.perf_counter() - started) * 1000)
    return store_report(job, progress, report, parse_ms, lint_ms)


def given_facts(context: dict[str, Any]) -> dict[str, Any]:
    """The facts the uploader gave with the file (its value, its regime)."""
    return {key: context[key] for key in FACT_KEYS if context.get(key) is not None}


def parse_upload(job: Job, progress: Progress) -> tuple[Document, int]:
    """The version's file parsed, and the milliseconds it took."""
    version: Version = job.version
    progress.stage("parsing")
    started = time.perf_counter()
    document = parse_bytes(get_blob(version.blob_sha256), version.filename)
    parse_ms = round((time.perf_counter() - started) * 1000)
    pages = document.pages or 0
    job.parse_ms = parse_ms
    progress.step(pages, pages)
    return document, parse_ms


def store_report(job: Job, progress: Progress, report: LintReport, parse_ms: int, lint_ms: int) -> str:
    """The findings and rendered reports stored, the job done ("skipped": another delivery finished first)."""
    progress.stage("saving", 0, 1)
    document = report.document
    findings = [_finding_row(job, finding.to_json()) for finding in report.findings]
    reports = [Report(job_id=job.id, format=fmt, content=content) for fmt, content in _render(report, document).items()]
    # Decisions made on earlier versions still stand; this locks the document until the results are
    # stored, so it comes after rendering, to hold the lock only for the write.
    carry_over(findings, job.version.document_id)
    if not _replace_results(job.id, findings, reports, parse_ms, lint_ms, report.pack_digest, document.pages or 0):
        return "skipped"
    return "done"


def _render(report: LintReport, document: Document) -> dict[str, str]:
    rendered = {fmt: RENDERERS[fmt]([report]) for fmt in REPORT_FORMATS}
    rendered["extract"] = json.dumps(document_json(document), ensure_ascii=False)
    return rendered


def _finding_row(job: Job, data: dict[str, Any]) -> Finding:
    location = data["location"]
    return Finding(
        job_id=job.id,
        version_id=job.version_id,
        organisation_id=job.organisation_id,
        rule_id=data["rule_id"],
        severity=data["severity"],
        category=data["category"],
        message=data["message"],
        quote=data["quote"],
        page=location["page"],
        clause=(location["clause"] or None) and location["clause"][:40],
        start=location["start"],
        end=location["end"],
        fingerprint=data["fingerprint"],
        data=data,
    )


def _replace_results(
    job_id: str, findings: list[Finding], reports: list[Report], parse_ms: int, lint_ms: int, pack: str, pages: int
) -> bool:
    """One transaction: lock the job, drop this job's earlier results, store the new ones, mark done.

    False if another delivery of the same job finished first (its results stand).
    """
    query = select(Job).where(Job.id == job_id).with_for_update().execution_options(populate_existing=True)
    job = db.session.execute(query).scalar_one()
    if job.status == JobStatus.DONE.value:
        db.session.rollback()
        return False
    db.session.execute(delete(Finding).where(Finding.job_id == job_id))
    db.session.execute(delete(Report).where(Report.job_id == job_id))
    db.session.add_all(findings)
    db.session.add_all(reports)
    job.status, job.stage = JobStatus.DONE.value, "done"
    job.progress_done = job.progress_total = pages or 1
    job.parse_ms, job.lint_ms, job.rule_pack, job.finished_at = parse_ms, lint_ms, pack, utcnow()
    db.session.commit()
    return True


def mark_failed(job_id: str, code: str, message: str) -> None:
    """Record a failure the user can read; a job another delivery finished stays done."""
    db.session.rollback()
    job = db.session.get(Job, job_id)
    if job is None or job.status == JobStatus.DONE.value:
        return
    job.status, job.stage = JobStatus.FAILED.value, "failed"
    job.error_code, job.error_message, job.finished_at = code, message, utcnow()
    db.session.commit()


def mark_retrying(job_id: str) -> None:
    """Back to queued while an infrastructure retry waits, so a lost retry message is requeued later."""
    db.session.rollback()
    job = db.session.get(Job, job_id)
    if job is not None and job.status == JobStatus.RUNNING.value:
        job.status, job.stage = JobStatus.QUEUED.value, "retrying"
        db.session.commit()
