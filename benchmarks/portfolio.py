"""The portfolio dashboard's cost against the triage page's own queries on the same data, in one run.

Usage: .venv/bin/python benchmarks/portfolio.py [--documents 300] [--versions 3] [--findings 30] [--runs 5]

An empty SQLite database (migrated as the service does) is filled with one organisation's documents:
each with --versions versions, one finished check per version and --findings findings per check,
spread over rules of every family and the three severities, a third of them decided, uploads spread
over the last year. Timed, best of --runs:

- the dashboard: `service.portfolio.load` (its queries and the pure figures);
- the reference: what the triage page runs before it draws a page, the current checks
  (`triage.current_jobs`) and the count of their findings by decision.

Printed: both times, their ratio, and the dashboard's number of SQL statements, which must not grow
with the documents (the service tests check that too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

RULES = [("PP-PROP-002", "error"), ("PP-PAY-001", "error"), ("PP-PROC-002", "warning"), ("PP-RISK-001", "warning"),
         ("PP-EVAL-002", "warning"), ("PP-TECH-002", "error"), ("PP-DOC-001", "info"), ("PP-SPEC-001", "info")]
STATUSES = ("open", "open", "open", "open", "confirmed", "dismissed")


def fill(documents: int, versions: int, findings: int, seed: int = 11) -> str:
    """Rows as the worker writes them, inserted in bulk; returns the organisation id."""
    from service.accounts import create_organisation
    from service.db import db, new_id, utcnow
    from service.models import Blob, Document, Finding, Job, Version

    rng = random.Random(seed)
    organisation = create_organisation("Benchmark Borough Council")
    db.session.add(Blob(sha256="0" * 64, size=1, data=b"x"))
    now = utcnow()
    docs, vers, jobs, rows = [], [], [], []
    for d in range(documents):
        document_id = new_id()
        docs.append({"id": document_id, "organisation_id": organisation.id, "title": f"Tender {d}", "created_at": now})
        start = now - dt.timedelta(days=rng.randint(30, 360))
        for number in range(1, versions + 1):
            version_id, job_id = new_id(), new_id()
            uploaded = start + dt.timedelta(days=10 * number)
            vers.append({"id": version_id, "document_id": document_id, "organisation_id": organisation.id,
                         "number": number, "filename": "t.pdf", "blob_sha256": "0" * 64, "size": 1,
                         "created_at": uploaded, "context": {}})
            jobs.append({"id": job_id, "version_id": version_id, "organisation_id": organisation.id, "status": "done",
                         "stage": "done", "queued_at": uploaded, "finished_at": uploaded})
            for i in range(findings):
                rule, severity = RULES[i % len(RULES)]
                rows.append({"id": new_id(), "job_id": job_id, "version_id": version_id,
                             "organisation_id": organisation.id, "rule_id": rule, "severity": severity,
                             "category": rule.split("-")[1], "message": "m", "quote": "q", "start": i, "end": i + 1,
                             "fingerprint": f"{document_id}-{i}", "review_status": rng.choice(STATUSES), "data": {}})
    for model, batch in ((Document, docs), (Version, vers), (Job, jobs), (Finding, rows)):
        db.session.execute(model.__table__.insert(), batch)
    db.session.commit()
    return organisation.id


def best(runs: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--findings", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="tenderlint-portfolio-")
    os.environ.update(TENDERLINT_DATABASE_URL=f"sqlite:///{folder}/bench.sqlite", TENDERLINT_INSTANCE_DIR=folder)
    from sqlalchemy import event, func

    from service import create_app
    from service.db import db, upgrade
    from service.models import Finding
    from service.portfolio import load
    from service.triage import current_jobs, queue

    app = create_app({"TESTING": True})
    upgrade(app)
    with app.app_context():
        organisation = fill(args.documents, args.versions, args.findings)

        def triage() -> Any:
            current = current_jobs(organisation)
            return db.session.execute(queue(organisation, current).with_only_columns(Finding.review_status, func.count())
                                      .group_by(Finding.review_status)).all()

        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        figures = load(organisation)
        queries = len(statements)
        dashboard, reference = best(args.runs, lambda: load(organisation)), best(args.runs, triage)
    print(f"{args.documents} documents x {args.versions} versions x {args.findings} findings "
          f"({args.documents * args.versions * args.findings:,} findings; {figures.documents} current)")
    print(f"dashboard  {dashboard * 1000:8.1f} ms  ({queries} SQL statements)")
    print(f"triage     {reference * 1000:8.1f} ms  (current checks + counts by decision)")
    print(f"ratio      {dashboard / reference:8.2f}x the triage page's queries")


if __name__ == "__main__":
    main()
