"""`tenderlint worker`: a Celery worker on the configured broker and database, in this process."""

from __future__ import annotations

from typing import Any


def run_worker(concurrency: int = 1, loglevel: str = "INFO") -> int:
    """Prefork pool, one job per process at a time (prefetch 1, acks late: see service.celery_ext)."""
    from .app import celery

    celery.worker_main(
        ["worker", "--pool", "prefork", "--concurrency", str(concurrency), "--loglevel", loglevel,
         "--without-gossip", "--without-mingle"]
    )
    return 0


def add_parser(commands: Any) -> None:
    """`tenderlint worker`, added to the core CLI through the `tenderlint.commands` entry point."""
    worker = commands.add_parser("worker", help="run a Celery worker on TENDERLINT_REDIS_URL and TENDERLINT_DATABASE_URL")
    worker.add_argument("--concurrency", type=int, default=1, metavar="N", help="worker processes (default 1)")
    worker.add_argument("--loglevel", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    worker.set_defaults(run=lambda args: run_worker(args.concurrency, args.loglevel))
