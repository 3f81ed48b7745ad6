"""Sign-in and sessions against the hostile probe: `next` cannot send a signed-in user to another
site (Werkzeug drops a tab that the old check saw) nor crash on CR/LF; signing out ends the
session on the server, not only in the browser; "sign out everywhere" ends every browser session;
and parallel wrong passwords cannot slip past the ten-attempt lock."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from flask import g

from service.db import db
from service.models import ApiToken, AuditEvent, UserSession
from service.throttle import MAX_FAILURES

from .test_api import auth
from .test_web import csrf, sign_in


def sign_in_to(client: Any, person: dict[str, str], target: str) -> Any:
    token = csrf(client, "/sign-in")
    response = client.post(f"/sign-in?next={target}", data={"email": person["email"], "password": person["password"],
                                                            "csrf_token": token})
    g.pop("csrf_token", None)
    return response


@pytest.mark.parametrize("target", [
    "/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "/%00/evil.example", "%09//evil.example",
    "//evil.example", "/\\evil.example", "\\\\evil.example", "/%5Cevil.example", "https://evil.example/",
    "http:/evil.example", "javascript:alert(1)", "/%E2%80%8B/evil.example", "%20//evil.example", "///evil.example",
])
def test_next_never_leaves_the_site(client, people, target) -> None:
    response = sign_in_to(client, people["buyer"], target)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", "localhost"), response.headers["Location"]
    assert location.path == "/documents"


@pytest.mark.parametrize("target", ["/%0d%0aSet-Cookie:%20x=1", "/jobs%0d%0aX-Evil:%201", "/%0d%0a"])
def test_next_with_line_breaks_is_not_a_500(client, people, target) -> None:
    response = sign_in_to(client, people["buyer"], target)
    assert response.status_code == 302
    assert "\n" not in response.headers["Location"] and "X-Evil" not in response.headers
    assert "x=1" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("target, path", [("/triage?status=all", "/triage?status=all"), (quote("/rules"), "/rules")])
def test_next_keeps_local_paths(client, people, target, path) -> None:
    response = sign_in_to(client, people["buyer"], target)
    assert response.headers["Location"].endswith(path)


def test_a_signed_out_session_cookie_no_longer_works(app, client, people) -> None:
    sign_in(client, people["buyer"])
    assert client.get("/documents").status_code == 200
    stolen = client.get_cookie("session").value  # e.g. copied from the browser before signing out
    client.post("/sign-out", data={"csrf_token": csrf(client, "/documents")})
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/documents")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_sign_out_ends_only_this_browser(app, client, people) -> None:
    other = app.test_client()
    sign_in(client, people["buyer"])
    sign_in(other, people["buyer"])
    client.post("/sign-out", data={"csrf_token": csrf(client, "/documents")})
    assert other.get("/documents").status_code == 200


def test_sign_out_everywhere_ends_every_session_and_keeps_api_tokens(app, client, people) -> None:
    laptop, phone = app.test_client(), app.test_client()
    for browser in (client, laptop, phone):
        sign_in(browser, people["buyer"])
    sign_in(app.test_client(), people["manager"])
    page = client.get("/account/tokens")
    assert "Sign out everywhere" in page.text and "API tokens keep working" in page.text
    response = client.post("/account/sign-out-everywhere", data={"csrf_token": csrf(client, "/account/tokens")})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    for browser in (client, laptop, phone):
        assert browser.get("/documents").status_code == 302
    live = db.session.query(UserSession).filter_by(user_id=people["buyer"]["id"], ended_at=None).count()
    assert live == 0
    assert db.session.query(UserSession).filter_by(user_id=people["manager"]["id"], ended_at=None).count() == 1
    assert client.get("/api/v1/documents", headers=auth(people["buyer"])).status_code == 200  # documented: tokens stay
    assert db.session.query(ApiToken).filter(ApiToken.revoked_at.isnot(None)).count() == 0
    event = db.session.query(AuditEvent).filter_by(action="user.signed_out_everywhere").one()
    assert event.user_id == people["buyer"]["id"] and event.detail["sessions"] == 3


def test_sign_out_everywhere_needs_a_session_and_csrf(client, people) -> None:
    assert client.post("/account/sign-out-everywhere").status_code in (302, 400)
    sign_in(client, people["buyer"])
    assert client.post("/account/sign-out-everywhere").status_code == 400  # no CSRF token
    assert client.get("/documents").status_code == 200


def test_sessions_expire_on_the_server(app, client, people) -> None:
    sign_in(client, people["buyer"])
    row = db.session.query(UserSession).filter_by(user_id=people["buyer"]["id"]).one()
    row.created_at -= app.permanent_session_lifetime
    db.session.commit()
    assert client.get("/documents").status_code == 302


def test_parallel_wrong_passwords_stop_at_the_limit(app, people) -> None:
    """Real threads, each its own client and database session: the count check and increment are
    one statement, so no more than MAX_FAILURES passwords are ever tried in a window."""
    attempts = MAX_FAILURES * 2 + 4
    start = threading.Barrier(attempts)
    statuses: list[int] = []
    lock = threading.Lock()

    def guess() -> None:
        client = app.test_client()
        start.wait()
        response = client.post("/api/v1/tokens", json={"email": people["buyer"]["email"], "password": "wrong-guess"})
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=guess) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(statuses) == attempts
    assert statuses.count(401) == MAX_FAILURES, sorted(statuses)
    assert statuses.count(429) == attempts - MAX_FAILURES
    assert db.session.query(AuditEvent).filter_by(action="token.refused").count() == MAX_FAILURES


def test_right_passwords_do_not_use_up_the_allowance(client, people) -> None:
    buyer = people["buyer"]
    for _ in range(MAX_FAILURES + 3):
        assert client.post("/api/v1/tokens", json={"email": buyer["email"], "password": buyer["password"]}).status_code == 201
    for _ in range(MAX_FAILURES):
        assert client.post("/api/v1/tokens", json={"email": buyer["email"], "password": "nope"}).status_code == 401
    assert client.post("/api/v1/tokens", json={"email": buyer["email"], "password": buyer["password"]}).status_code == 429
