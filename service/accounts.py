"""Organisations, users, passwords (argon2) and API tokens (stored as SHA-256 only)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from .db import db
from .models import ApiToken, AuditEvent, Organisation, Role, User, UserSession, utcnow
from .passwords import PasswordRejected, check_password_policy

_HASHER = PasswordHasher()
TOKEN_PREFIX = "tl_"


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_password(user: User, password: str) -> bool:
    try:
        return _HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_organisation(name: str) -> Organisation:
    organisation = Organisation(name=name)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def create_user(organisation: Organisation, email: str, password: str, role: Role | str = Role.BUYER, name: str = "") -> User:
    """A new account; a password the policy refuses raises PasswordRejected (nothing is added)."""
    check_password_policy(password, admin=Role(role) == Role.ADMIN, email=email)
    user = User(
        organisation_id=organisation.id,
        email=email.strip().lower(),
        name=name,
        role=Role(role).value,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active:
        _HASHER.hash(password)  # same cost whether or not the account exists
        return None
    return user if check_password(user, password) else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, label: str = "") -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), label=label))
    return token


def revoke(user: User, row: ApiToken) -> None:
    """Stop a token working (idempotent; the caller commits)."""
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit(user, "token.revoked", "api_token", row.id, label=row.label)


def token_row(token: str) -> ApiToken | None:
    """The stored row of a token value (revoked or not)."""
    return db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))


def user_for_token(token: str) -> User | None:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None)))
    if row is None or not row.user.active:
        return None
    row.last_used_at = utcnow()
    return row.user


def start_session(user: User) -> UserSession:
    """A server-side record of a new sign-in; the cookie carries only its id (the caller commits)."""
    row = UserSession(user_id=user.id)
    db.session.add(row)
    db.session.flush()
    return row


def end_sessions(user: User, session_id: str | None = None) -> int:
    """End one of the user's sessions, or all of them (session_id None); returns how many ended."""
    query = select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if session_id is not None:
        query = query.where(UserSession.id == session_id)
    rows = list(db.session.scalars(query))
    for row in rows:
        row.ended_at = utcnow()
    return len(rows)


def audit(user: User | None, action: str, target_type: str = "", target_id: str = "", **detail: object) -> None:
    db.session.add(
        AuditEvent(
            organisation_id=user.organisation_id if user else None,
            user_id=user.id if user else None,
            action=action,
            target_type=target_type,
            target_id=target_id,
            detail=detail,
        )
    )


def ensure_admin(email: str | None, password: str | None) -> tuple[User, str | None]:
    """The first admin account: from the given credentials, or with a generated password.

    Returns (admin, generated password or None). Does nothing if any admin exists.
    """
    existing = db.session.scalar(select(User).where(User.role == Role.ADMIN.value))
    if existing is not None:
        return existing, None
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(12)
    try:
        check_password_policy(password, admin=True, email=email or "")
    except PasswordRejected as refused:
        raise PasswordRejected(f"TENDERLINT_ADMIN_PASSWORD is refused: {refused}") from None
    organisation = create_organisation("Default organisation")
    admin = create_user(organisation, email or "admin@localhost", password, Role.ADMIN, "Administrator")
    audit(admin, "admin.created", "user", admin.id)
    db.session.commit()
    return admin, generated
