"""Celery bound to the Flask app (Flask's documented pattern): tasks run in an app context."""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask

LINT_TASK = "tenderlint.lint_version"
BROKER_SOCKET_TIMEOUT = 3.0  # seconds; see _transport_options


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=app.config["REDIS_URL"],
        result_backend=None,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_soft_time_limit=app.config["TASK_SOFT_TIME_LIMIT"],
        task_time_limit=app.config["TASK_TIME_LIMIT"],
        worker_max_memory_per_child=app.config["WORKER_MAX_MEMORY_KB"],
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=BROKER_SOCKET_TIMEOUT,
        broker_transport_options=_transport_options(app),
        worker_hijack_root_logger=False,
    )
    celery.set_default()
    celery.flask_app = app  # signal handlers outside a task (hard time limits) need the app's context
    app.extensions["celery"] = celery
    return celery


def _transport_options(app: Flask) -> dict[str, object]:
    """Redis redelivers a job whose worker died once it has gone this long without an ack.

    The default outlasts the hard time limit, so a job still running is never handed to a second
    worker; unacked jobs are swept back onto the queue every few seconds and at worker start.

    Socket timeouts: a stalled Redis (alive, not answering) otherwise holds every caller for the
    whole stall, an upload request included. Reads give up after BROKER_SOCKET_TIMEOUT seconds
    (longer than the worker's 1-second BRPOP poll), so the upload answers 503 and keeps the file.
    There is no result backend (results live in the database), so no result connection to bound.
    """
    visibility = app.config.get("VISIBILITY_TIMEOUT") or app.config["TASK_TIME_LIMIT"] + 60
    return {
        "visibility_timeout": visibility,
        "unacked_restore_interval": max(1, min(10, visibility // 3)),
        "unacked_restore_throttle": 1,
        # The sweep's lock must not outlive a short timeout if a worker dies holding it.
        "unacked_mutex_expire": max(5, min(300, visibility // 2)),
        "socket_connect_timeout": BROKER_SOCKET_TIMEOUT,
        "socket_timeout": BROKER_SOCKET_TIMEOUT,
        "socket_keepalive": True,
    }
