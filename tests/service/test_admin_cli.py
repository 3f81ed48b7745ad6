"""`tenderlint admin` run as the operator runs it (a subprocess of the installed command, registered
through the `tenderlint.commands` entry point) on the test database."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from service.db import db
from service.models import AuditEvent, Organisation, User

TENDERLINT = Path(sys.executable).parent / "tenderlint"


def admin(service_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TENDERLINT), "admin", *args], env={**service_env, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def test_create_and_list_organisations(app, client, people, service_env) -> None:
    made = admin(service_env, "create-organisation", "Eastwick Parish Council", "--admin-email", "Clerk@Eastwick.example",
                 "--admin-name", "The Clerk")
    assert made.returncode == 0, made.stderr
    password = re.search(r"with password (\S+) ", made.stdout).group(1)
    db.session.expire_all()
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Eastwick Parish Council"))
    clerk = db.session.scalar(select(User).where(User.email == "clerk@eastwick.example"))
    assert (clerk.organisation_id, clerk.role, clerk.name) == (organisation.id, "admin", "The Clerk")
    token = client.post("/api/v1/tokens", json={"email": "clerk@eastwick.example", "password": password})
    assert token.status_code == 201
    # the new administrator sees their organisation only
    people_there = client.get("/api/v1/users", headers={"Authorization": f"Bearer {token.get_json()['token']}"}).get_json()
    assert [p["email"] for p in people_there["items"]] == ["clerk@eastwick.example"]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation.created")).user_id == clerk.id

    again = admin(service_env, "create-organisation", "Other", "--admin-email", "clerk@eastwick.example")
    assert again.returncode == 2 and "already an account" in again.stderr
    listed = admin(service_env, "list-organisations")
    assert listed.returncode == 0
    assert "Eastwick Parish Council  people: 1  documents: 0" in listed.stdout
    assert "Northfield Borough Council  people: 3" in listed.stdout
