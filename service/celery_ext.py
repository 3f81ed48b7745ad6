"""Celery bound to the Flask app (Flask's documented pattern): tasks run in an app context."""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask

LINT_TASK = "tenderlint.lint_version"


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
        # Redelivery if a worker dies mid-task: after this many seconds without an ack.
        broker_transport_options={"visibility_timeout": app.config["TASK_TIME_LIMIT"] + 60},
        worker_hijack_root_logger=False,
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def enqueue_lint(app: Flask, job_id: str) -> None:
    """Enqueue by the task's stable name, so the web never imports the worker."""
    app.extensions["celery"].send_task(LINT_TASK, args=[job_id])
