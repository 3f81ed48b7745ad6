"""Password guessing is slowed: ten wrong passwords for an address lock it for the window, on the
API and the sign-in page alike, and other addresses are unaffected."""

from __future__ import annotations

import datetime as dt

from service.db import db
from service.models import AuditEvent, SignInAttempts
from service.throttle import MAX_FAILURES, WINDOW

from .test_api import assert_problem
from .test_web import csrf


def token(client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/tokens", json={"email": email, "password": password})


def test_api_locks_an_address_after_repeated_wrong_passwords(client, people):
    buyer = people["buyer"]
    for _ in range(MAX_FAILURES):
        assert_problem(token(client, buyer["email"].upper(), "wrong-password"), 401)
    locked = token(client, buyer["email"], buyer["password"])  # even the right password waits
    body = assert_problem(locked, 429, "too-many-attempts")
    assert 0 < int(locked.headers["Retry-After"]) <= WINDOW.total_seconds() + 1
    assert "try again" in body["detail"]
    assert token(client, people["manager"]["email"], people["manager"]["password"]).status_code == 201

    assert db.session.query(AuditEvent).filter_by(action="token.refused").count() == MAX_FAILURES
    # once the window has passed, the address may try again
    for row in db.session.query(SignInAttempts):
        row.window_started_at -= WINDOW + dt.timedelta(seconds=5)
    db.session.commit()
    assert token(client, buyer["email"], buyer["password"]).status_code == 201


def test_sign_in_page_shares_the_lock(client, people):
    buyer = people["buyer"]
    for _ in range(MAX_FAILURES - 1):
        assert_problem(token(client, buyer["email"], "wrong-password"), 401)
    page = client.post("/sign-in", data={"email": buyer["email"], "password": "nope", "csrf_token": csrf(client, "/sign-in")})
    assert page.status_code == 400
    page = client.post("/sign-in", data={"email": buyer["email"], "password": buyer["password"],
                                         "csrf_token": csrf(client, "/sign-in")})
    assert page.status_code == 429 and "Too many wrong passwords" in page.get_data(as_text=True)
    assert int(page.headers["Retry-After"]) > 0
    assert db.session.query(AuditEvent).filter_by(action="user.sign_in_refused").count() == 1
    assert_problem(token(client, buyer["email"], buyer["password"]), 429, "too-many-attempts")
