"""The Celery app the worker runs: `celery -A worker.app:celery worker`.

Built from the Flask app factory, so the worker reads the same environment as the web app, once,
when the worker starts.
"""

from __future__ import annotations

import gc
import logging

from celery import bootsteps
from celery.signals import worker_init, worker_process_init, worker_ready

from service import create_app
from service.db import db
from service.jobs import requeue_stale
from tenderlint.errors import TenderlintError
from tenderlint.warmup import warm_up

flask_app = create_app()
celery = flask_app.extensions["celery"]

from . import tasks  # noqa: E402,F401  (registers the lint task on this app)
from .linters import linter_for  # noqa: E402
from .pack_pipeline import advance_unfinished  # noqa: E402

log = logging.getLogger(__name__)


@worker_init.connect
def _preload_linter(**_: object) -> None:
    """Compile the default rule pack, import every reader and lint a short document once in the
    parent, before the pool forks: every child (and every replacement child) starts warm and shares
    the pages copy-on-write, instead of paying about a second on its first document."""
    try:
        warm_up(linter_for(None))
    except TenderlintError as exc:  # a broken rule pack: each job will fail with its code instead
        log.error("could not compile the rule pack: %s", exc)
    gc.freeze()


@worker_process_init.connect
def _fresh_connections(**_: object) -> None:
    """A forked pool process must not share the parent's database connections."""
    with flask_app.app_context():
        db.engine.dispose(close=False)


def _requeue() -> None:
    with flask_app.app_context():
        try:
            requeue_stale(flask_app)
            advance_unfinished(flask_app)  # tender packs whose worker died between steps
        finally:
            db.session.remove()


@worker_ready.connect
def _requeue_at_start(**_: object) -> None:
    _requeue_logged()


class RequeueStale(bootsteps.StartStopStep):
    """Every REQUEUE_INTERVAL seconds, send queued jobs whose message never reached the broker."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, parent: object, **kwargs: object) -> None:
        super().__init__(parent, **kwargs)
        self.tref = None

    def start(self, parent) -> None:  # type: ignore[no-untyped-def]
        self.tref = parent.timer.call_repeatedly(flask_app.config["REQUEUE_INTERVAL"], _requeue_logged)

    def stop(self, parent) -> None:  # type: ignore[no-untyped-def]
        if self.tref is not None:
            self.tref.cancel()


def _requeue_logged() -> None:
    """Timer callbacks must not raise: a database hiccup is logged and tried at the next tick."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        _requeue()
    except SQLAlchemyError as exc:
        log.warning("requeue sweep failed: %s", exc)


celery.steps["worker"].add(RequeueStale)
