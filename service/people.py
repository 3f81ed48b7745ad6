"""People and the organisation: what an administrator changes, and a person's own password.

Every change is audited. Disabling an account ends its browser sessions and revokes its API tokens
at once (the session and token checks also refuse inactive users, so nothing it holds works even
for a moment); enabling it again does not bring them back. The organisation keeps at least one
active administrator, so it can never lock itself out.
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from .accounts import audit, check_password, create_user, end_sessions, hash_password
from .db import db
from .models import ApiToken, Organisation, Role, User, UserSession, utcnow
from .passwords import PasswordRejected, check_password_policy
from .roles import ASSIGNABLE, LEVELS
from .removal import MAX_RETENTION_DAYS


class PeopleError(ValueError):
    """A change refused; `code` is stable for API clients and `field` names the form field."""

    def __init__(self, code: str, message: str, field: str = "", status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.field, self.status = code, message, field, status


def people_of(organisation_id: str) -> list[User]:
    return list(db.session.scalars(select(User).where(User.organisation_id == organisation_id)
                                   .order_by(User.name, User.email)))


def temporary_password() -> str:
    """A password shown once to the administrator, long enough for any role's policy."""
    return secrets.token_urlsafe(12)


def looks_like_email(email: str) -> bool:
    """Something before and after an @, and short enough for the email column (320)."""
    return "@" in email and len(email) <= 320 and not email.startswith("@") and not email.endswith("@")


def add_person(admin: User, email: str, name: str, role: str) -> tuple[User, str]:
    """A new account in the administrator's organisation with a temporary password, which is shown
    once for the administrator to pass on (the service sends no email). The caller commits."""
    email = (email or "").strip().lower()
    if not looks_like_email(email):
        raise PeopleError("invalid-email", "Enter an email address, like name@example.org", "email")
    if len(name or "") > 200:
        raise PeopleError("invalid-name", "The name is limited to 200 characters.", "name")
    if role not in ASSIGNABLE:
        raise PeopleError("invalid-role", f"role must be one of {', '.join(ASSIGNABLE)}.", "role")
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        raise PeopleError("email-taken", "There is already an account with this email address.", "email", 409)
    password = temporary_password()
    user = create_user(admin.organisation, email, password, role, (name or "").strip())
    audit(admin, "user.added", "user", user.id, email=email, role=role)
    return user, password


def _active_admins(organisation_id: str) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.organisation_id == organisation_id, User.role == Role.ADMIN.value, User.active.is_(True))) or 0


def _keep_an_admin(person: User, role: str, active: bool) -> None:
    stays_admin = role == Role.ADMIN.value and active
    if person.role == Role.ADMIN.value and person.active and not stays_admin and _active_admins(person.organisation_id) <= 1:
        raise PeopleError("last-admin", "The organisation needs at least one active administrator: make someone "
                          "else an administrator first.", "role", 409)


def change_person(admin: User, person: User, role: str | None = None, active: bool | None = None,
                  name: str | None = None) -> None:
    """Set a person's role, name or whether the account is active (the caller commits)."""
    if role is not None and role not in LEVELS:
        raise PeopleError("invalid-role", f"role must be one of {', '.join(ASSIGNABLE)}.", "role")
    if name is not None and len(name) > 200:
        raise PeopleError("invalid-name", "The name is limited to 200 characters.", "name")
    new_role = person.role if role is None else role
    new_active = person.active if active is None else active
    _keep_an_admin(person, new_role, new_active)
    if new_role != person.role:
        audit(admin, "user.role_changed", "user", person.id, previous=person.role, role=new_role)
        person.role = new_role
    if name is not None and name.strip() != person.name:
        audit(admin, "user.renamed", "user", person.id, previous=person.name, name=name.strip())
        person.name = name.strip()
    if new_active != person.active:
        person.active = new_active
        if not new_active:
            sessions = end_sessions(person)
            tokens = _revoke_all(person)
            audit(admin, "user.disabled", "user", person.id, sessions=sessions, tokens=tokens)
        else:
            audit(admin, "user.enabled", "user", person.id)


def _revoke_all(person: User) -> int:
    rows = list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == person.id, ApiToken.revoked_at.is_(None))))
    for row in rows:
        row.revoked_at = utcnow()
    return len(rows)


def reset_password(admin: User, person: User) -> str:
    """A new temporary password for someone who forgot theirs; their sessions end (tokens stay:
    they belong to integrations). Returns the password, shown once. The caller commits."""
    password = temporary_password()
    person.password_hash = hash_password(password)
    sessions = end_sessions(person)
    audit(admin, "user.password_reset", "user", person.id, sessions=sessions)
    return password


def change_own_password(user: User, current: str, new: str, confirm: str, keep_session: str | None) -> None:
    """A person's own new password, under the password policy; their other browser sessions end
    (someone who knew the old one may be signed in elsewhere), `keep_session` stays. The caller commits."""
    if not check_password(user, current or ""):
        raise PeopleError("wrong-password", "Enter your current password correctly", "current_password")
    if new != confirm:
        raise PeopleError("passwords-differ", "Enter the same new password twice", "confirm_password")
    try:
        check_password_policy(new or "", admin=user.role == Role.ADMIN.value, email=user.email)
    except PasswordRejected as refused:
        raise PeopleError("password-rejected", str(refused), "new_password") from None
    user.password_hash = hash_password(new)
    others = db.session.scalars(select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None), UserSession.id != (keep_session or "")))
    ended = 0
    for row in others:
        row.ended_at = utcnow()
        ended += 1
    audit(user, "user.password_changed", "user", user.id, other_sessions_ended=ended)


def update_organisation(admin: User, name: str | None = None, retention_days: int | None | bool = False) -> Organisation:
    """Rename the organisation and/or set its retention (days; None keeps versions for ever; False: unchanged)."""
    organisation = db.session.get(Organisation, admin.organisation_id)
    if name is not None:
        name = name.strip()
        if not name or len(name) > 200:
            raise PeopleError("invalid-name", "Enter the organisation's name (at most 200 characters)", "name")
        if name != organisation.name:
            audit(admin, "organisation.renamed", "organisation", organisation.id, previous=organisation.name, name=name)
            organisation.name = name
    if retention_days is not False:
        if retention_days is not None and (isinstance(retention_days, bool) or not 1 <= retention_days <= MAX_RETENTION_DAYS):
            raise PeopleError("invalid-retention", f"Keep versions for 1 to {MAX_RETENTION_DAYS} days, or for ever.",
                              "retention_days")
        if retention_days != organisation.retention_days:
            audit(admin, "organisation.retention_changed", "organisation", organisation.id,
                  previous=organisation.retention_days, retention_days=retention_days)
            organisation.retention_days = retention_days
    return organisation
