"""Slow down password guessing: after too many failed attempts for one email address within a
window, further attempts for it are refused until the window has passed, whatever the password.

Failures are the audit log's refused attempts (web sign-in and API token requests alike), keyed by
a digest of the normalised address, so no extra store is needed and every worker process agrees.
Guessing spread over many addresses is not caught here; that belongs at the proxy.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select

from .accounts import audit
from .db import db
from .models import AuditEvent, utcnow

MAX_FAILURES = 10
WINDOW = dt.timedelta(minutes=15)
REFUSED = ("user.sign_in_refused", "token.refused")


def _key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def record_failure(email: str, action: str) -> None:
    """Log a refused attempt (the caller commits)."""
    audit(None, action, "email", _key(email), email=email.strip().lower()[:320])


def retry_after(email: str) -> int:
    """Seconds until this address may try again; 0 when it may try now."""
    since = utcnow() - WINDOW
    query = select(func.count(), func.min(AuditEvent.at)).where(
        AuditEvent.action.in_(REFUSED), AuditEvent.target_type == "email",
        AuditEvent.target_id == _key(email), AuditEvent.at > since,
    )
    failures, first = db.session.execute(query).one()
    if failures < MAX_FAILURES or first is None:
        return 0
    return max(1, int((first + WINDOW - utcnow()).total_seconds()) + 1)
