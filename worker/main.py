"""`tenderlint worker`: a Celery worker on the configured broker and database, in this process."""

from __future__ import annotations


def run_worker(concurrency: int = 1, loglevel: str = "INFO") -> int:
    """Prefork pool, one job per process at a time (prefetch 1, acks late: see service.celery_ext)."""
    from .app import celery

    celery.worker_main(
        ["worker", "--pool", "prefork", "--concurrency", str(concurrency), "--loglevel", loglevel,
         "--without-gossip", "--without-mingle"]
    )
    return 0
