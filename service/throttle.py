"""Slow down password guessing: after too many failed attempts for one email address within a
window, further attempts for it are refused until the window has passed, whatever the password.

An attempt is counted *before* its password is checked, by one conditional UPDATE (count < limit,
or the window is over) that the database runs atomically: counting afterwards let parallel guesses
all pass the check while the slow hash ran (16-17 of 10 got through). A right password gives its
attempt back, so only wrong ones use up the allowance. Refused attempts are also audited.
Keyed by a digest of the normalised address; guessing spread over many addresses is not caught
here, that belongs at the proxy.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import case, or_, select, update

from .accounts import audit
from .db import db, insert_unless_present
from .models import SignInAttempts, utcnow

MAX_FAILURES = 10
WINDOW = dt.timedelta(minutes=15)


def _key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def record_failure(email: str, action: str) -> None:
    """Audit a refused attempt (the caller commits); it was counted when it began."""
    audit(None, action, "email", _key(email), email=email.strip().lower()[:320])


def _ensure_row(key: str, now: dt.datetime) -> None:
    insert_unless_present(SignInAttempts, "key", key=key, window_started_at=now, attempts=0)


def begin_attempt(email: str) -> int:
    """Count an attempt for this address and return 0, or return the seconds to wait (nothing
    counted) when its allowance for the window is used up. Commits, so others see the count."""
    if not email.strip():
        return 0  # no account has an empty address; nothing to protect
    key, now = _key(email), utcnow()
    expired = SignInAttempts.window_started_at <= now - WINDOW
    _ensure_row(key, now)
    counted = db.session.execute(
        update(SignInAttempts)
        .where(SignInAttempts.key == key, or_(expired, SignInAttempts.attempts < MAX_FAILURES))
        .values(attempts=case((expired, 1), else_=SignInAttempts.attempts + 1),
                window_started_at=case((expired, now), else_=SignInAttempts.window_started_at))
        .returning(SignInAttempts.attempts)
    ).first()
    started = None if counted else db.session.scalar(select(SignInAttempts.window_started_at).where(SignInAttempts.key == key))
    db.session.commit()
    if counted or started is None:
        return 0
    return max(1, int((started + WINDOW - now).total_seconds()) + 1)


def give_back(email: str) -> None:
    """The attempt succeeded: it does not count against the address (the caller commits)."""
    db.session.execute(
        update(SignInAttempts)
        .where(SignInAttempts.key == _key(email), SignInAttempts.attempts > 0)
        .values(attempts=SignInAttempts.attempts - 1)
    )
