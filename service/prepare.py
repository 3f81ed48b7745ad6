"""First-start chores shared by `tenderlint serve` and container start-up: migrate the schema,
create the first admin, and requeue jobs whose message never reached the broker.

Run alone as `python -m service.prepare` (docker-compose does, before gunicorn starts).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from flask import Flask

from .accounts import ensure_admin
from .db import db, upgrade
from .jobs import requeue_stale
from .passwords import PasswordRejected


@dataclass(frozen=True)
class Admin:
    email: str
    generated_password: str | None  # shown once, never stored in clear
    from_environment: bool


def prepare(app: Flask, requeue: bool = True) -> Admin:
    upgrade(app)
    email = os.environ.get("TENDERLINT_ADMIN_EMAIL") or None
    password = os.environ.get("TENDERLINT_ADMIN_PASSWORD") or None
    with app.app_context():
        admin, generated = ensure_admin(email, password)
        result = Admin(admin.email, generated, bool(password) and generated is None and admin.email == (email or "").lower())
        if requeue:
            requeue_stale(app)
        db.session.remove()
    return result


def checked_prepare(app: Flask) -> Admin | None:
    """`prepare`, but a refused TENDERLINT_ADMIN_PASSWORD is explained on stderr (None is returned)
    instead of a traceback: it is the operator's setting to fix, not a crash."""
    try:
        return prepare(app)
    except PasswordRejected as refused:
        print(f"tenderlint: {refused}", file=sys.stderr, flush=True)
        return None


def sign_in_hint(admin: Admin) -> str:
    if admin.generated_password:
        return f"Sign in as {admin.email} with password {admin.generated_password} (shown only this once; change it after signing in)."
    if admin.from_environment:
        return f"Sign in as {admin.email} with the password in TENDERLINT_ADMIN_PASSWORD."
    return f"Sign in with your account ({admin.email} is an administrator)."


def main() -> int:
    from . import create_app

    admin = checked_prepare(create_app())
    if admin is None:
        return 2
    print(sign_in_hint(admin), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
