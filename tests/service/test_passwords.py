"""A password policy wherever a password is set (NCSC password guidance: a minimum length and a
deny list of common passwords rather than composition rules): users, and the first admin from
TENDERLINT_ADMIN_PASSWORD, which the probe set to "a"."""

from __future__ import annotations

import subprocess
import sys

import pytest

from service.accounts import create_organisation, create_user, ensure_admin
from service.db import db
from service.models import Role, User
from service.passwords import (
    ADMIN_MIN_LENGTH,
    MIN_LENGTH,
    PasswordRejected,
    check_password_policy,
)

from .conftest import REPO


@pytest.mark.parametrize("password, fragment", [
    ("a", f"at least {MIN_LENGTH} characters"), ("", f"at least {MIN_LENGTH}"), ("short1!", "at least"),
    ("password", "too common"), ("Password123", "too common"), ("qwertyuiop", "too common"),
    ("P@ssw0rd2024!", "too common"), ("aaaaaaaaaaaa", "one character"), ("1234567890", "too common"),
    ("buyer@example.org", "email address"), ("x" * 1025, "at most"),
])
def test_weak_passwords_are_refused_with_a_reason(password, fragment) -> None:
    with pytest.raises(PasswordRejected) as refused:
        check_password_policy(password, email="buyer@example.org")
    assert fragment in str(refused.value)


def test_admins_need_longer_passwords() -> None:
    medium = "heron-kettle"[: ADMIN_MIN_LENGTH - 1]
    check_password_policy(medium)
    with pytest.raises(PasswordRejected, match=f"at least {ADMIN_MIN_LENGTH}"):
        check_password_policy(medium, admin=True)
    check_password_policy("heron kettle lantern", admin=True)


def test_create_user_applies_the_policy(app) -> None:
    organisation = create_organisation("Testshire")
    with pytest.raises(PasswordRejected):
        create_user(organisation, "weak@example.org", "password1")
    with pytest.raises(PasswordRejected):
        create_user(organisation, "boss@example.org", "ok-for-user", Role.ADMIN)
    db.session.rollback()
    assert db.session.query(User).filter_by(email="weak@example.org").count() == 0


def test_a_weak_admin_password_from_the_environment_is_refused(app) -> None:
    with pytest.raises(PasswordRejected, match="TENDERLINT_ADMIN_PASSWORD"):
        ensure_admin("admin@example.org", "a")
    _admin, generated = ensure_admin("admin@example.org", None)
    assert generated and len(generated) >= ADMIN_MIN_LENGTH


def test_prepare_explains_a_weak_admin_password_and_exits(service_env) -> None:
    env = {**service_env, "TENDERLINT_ADMIN_EMAIL": "admin@example.org", "TENDERLINT_ADMIN_PASSWORD": "a",
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "service.prepare"], cwd=REPO, env=env, capture_output=True, text=True, check=False,
                          timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "TENDERLINT_ADMIN_PASSWORD" in done.stderr and "Traceback" not in done.stderr
