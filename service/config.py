"""Configuration from the environment, with embedded defaults that need no external servers.

Read when the app is created (never at import), so tests and `tenderlint serve` can set
variables first.

  TENDERLINT_DATABASE_URL   SQLAlchemy URL; default: SQLite file in the instance folder
                            (PostgreSQL: postgresql+psycopg://user:pass@host/db)
  TENDERLINT_REDIS_URL      Celery broker; default redis://127.0.0.1:6379/0 (`serve` starts its own)
  TENDERLINT_SECRET_KEY     session signing key; default: generated once into the instance folder
  TENDERLINT_INSTANCE_DIR   where the SQLite file and the generated key live (default ./instance)
  TENDERLINT_MAX_UPLOAD_MB  upload limit (default 50, as the parser's limit)
  TENDERLINT_SECURE_COOKIES "0" to allow session cookies over plain http (local use); default on
                            (`tenderlint serve` sets it to 0 for its children when serving
                            plain http on a loopback address, unless you set it)
  TENDERLINT_ADMIN_EMAIL    first admin account, created on first start (`serve`, `service.prepare`);
  TENDERLINT_ADMIN_PASSWORD   without a password one is generated and printed once

Worker and queue:
  TENDERLINT_TASK_SOFT_LIMIT    seconds before a lint job fails with "timeout" (default 600)
  TENDERLINT_TASK_HARD_LIMIT    seconds before the worker process is killed (default 660)
  TENDERLINT_WORKER_MAX_MEMORY_KB  replace a worker process after a job leaves it above this
  TENDERLINT_VISIBILITY_TIMEOUT seconds an unacknowledged job waits before Redis hands it to
                                another worker (default: hard limit + 60, so a live job is never
                                run twice; the tests set it low to see a killed worker's job redelivered)
  TENDERLINT_REQUEUE_INTERVAL   seconds between the workers' sweeps (one worker at a time) for jobs
                                to send again: never reached the broker, lost by it, or running on a
                                worker that is gone (default 15)
  TENDERLINT_REQUEUE_MISSING_AFTER  a queued job whose message is in neither the broker's queue nor
                                its unacknowledged set is sent again after this many seconds (default 30)
  TENDERLINT_JOB_LEASE          seconds a running job may go without a heartbeat (sent every sixth
                                of it) before the sweep takes its worker for gone (default 60)
  TENDERLINT_REQUEUE_AFTER      with a broker whose messages cannot be listed: a job queued this long
                                (seconds) is sent again once, in case its message was lost (default 3600)
  TENDERLINT_ORG_ACTIVE_JOBS    an organisation's jobs in the queue or running at once (default 4; 0 = no
                                limit); more wait, held, and are sent as its earlier ones finish, so one
                                council's batch cannot hold every worker (service/fair_share.py)
  TENDERLINT_TEST_TASK_DELAY    test only: seconds the task sleeps after each stage, so tests can
                                kill a worker mid-job deterministically; never set it in production
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


def _instance_dir() -> Path:
    """The instance folder; created private (0700): it holds the secret key and the SQLite file."""
    path = Path(os.environ.get("TENDERLINT_INSTANCE_DIR", "instance")).resolve()
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        path.chmod(0o700)  # mkdir's mode is masked by the umask
    return path


def _secret_key(instance: Path) -> str:
    given = os.environ.get("TENDERLINT_SECRET_KEY")
    if given:
        return given
    keyfile = instance / "secret_key"
    if not keyfile.exists():
        keyfile.write_text(secrets.token_hex(32))
        keyfile.chmod(0o600)
    return keyfile.read_text().strip()


def from_environment() -> dict[str, Any]:
    instance = _instance_dir()
    max_mb = int(os.environ.get("TENDERLINT_MAX_UPLOAD_MB", "50"))
    secure = os.environ.get("TENDERLINT_SECURE_COOKIES", "1") != "0"
    return {
        "INSTANCE_DIR": str(instance),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "TENDERLINT_DATABASE_URL", f"sqlite:///{instance / 'tenderlint.sqlite'}"
        ),
        "REDIS_URL": os.environ.get("TENDERLINT_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "SECRET_KEY": _secret_key(instance),
        "MAX_CONTENT_LENGTH": max_mb * 1024 * 1024 + 64 * 1024,  # file plus form fields
        "MAX_UPLOAD_BYTES": max_mb * 1024 * 1024,
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "TASK_SOFT_TIME_LIMIT": int(os.environ.get("TENDERLINT_TASK_SOFT_LIMIT", "600")),
        "TASK_TIME_LIMIT": int(os.environ.get("TENDERLINT_TASK_HARD_LIMIT", "660")),
        "WORKER_MAX_MEMORY_KB": int(os.environ.get("TENDERLINT_WORKER_MAX_MEMORY_KB", str(1024 * 1024))),
        "VISIBILITY_TIMEOUT": int(os.environ.get("TENDERLINT_VISIBILITY_TIMEOUT", "0")) or None,
        "REQUEUE_INTERVAL": float(os.environ.get("TENDERLINT_REQUEUE_INTERVAL", "15")),
        "REQUEUE_MISSING_AFTER": float(os.environ.get("TENDERLINT_REQUEUE_MISSING_AFTER", "30")),
        "JOB_LEASE": float(os.environ.get("TENDERLINT_JOB_LEASE", "60")),
        "REQUEUE_AFTER": float(os.environ.get("TENDERLINT_REQUEUE_AFTER", "3600")),
        "ORG_ACTIVE_JOBS": int(os.environ.get("TENDERLINT_ORG_ACTIVE_JOBS", "4")),
    }
