"""API tokens: list and revoke through the API, and create, see and revoke on the tokens page."""

from __future__ import annotations

import re

from service.db import db
from service.models import ApiToken, AuditEvent

from .test_api import assert_problem, auth
from .test_web import csrf, sign_in


def test_list_and_revoke_through_the_api(client, people):
    buyer = people["buyer"]
    second = client.post("/api/v1/tokens", json={"email": buyer["email"], "password": buyer["password"], "label": "ci"})
    other_token = second.get_json()["token"]
    listed = client.get("/api/v1/tokens", headers=auth(buyer)).get_json()["items"]
    assert sorted(t["label"] for t in listed) == ["", "ci"]
    assert sum(t["current"] for t in listed) == 1 and all("token" not in t for t in listed)
    ci = next(t for t in listed if t["label"] == "ci")

    # another user cannot see or revoke it
    assert all(t["id"] != ci["id"] for t in client.get("/api/v1/tokens", headers=auth(people["manager"])).get_json()["items"])
    assert_problem(client.delete(f"/api/v1/tokens/{ci['id']}", headers=auth(people["manager"])), 404)

    assert client.get("/api/v1/documents", headers={"Authorization": f"Bearer {other_token}"}).status_code == 200
    assert client.delete(f"/api/v1/tokens/{ci['id']}", headers=auth(buyer)).status_code == 204
    assert_problem(client.get("/api/v1/documents", headers={"Authorization": f"Bearer {other_token}"}), 401)
    assert client.delete(f"/api/v1/tokens/{ci['id']}", headers=auth(buyer)).status_code == 204  # idempotent
    revoked = next(t for t in client.get("/api/v1/tokens", headers=auth(buyer)).get_json()["items"] if t["id"] == ci["id"])
    assert revoked["revoked_at"]
    assert db.session.query(AuditEvent).filter_by(action="token.revoked").count() == 1


def test_tokens_page_creates_shows_once_and_revokes(client, people):
    sign_in(client, people["buyer"])
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "API tokens" in page
    refused = client.post("/account/tokens", data={"label": "  ", "csrf_token": csrf(client, "/account/tokens")})
    assert refused.status_code == 400 and "Enter a name for the token" in refused.get_data(as_text=True)
    created = client.post("/account/tokens", data={"label": "Contracts register", "csrf_token": csrf(client, "/account/tokens")})
    token = re.search(r'<code id="new-token">([^<]+)</code>', created.get_data(as_text=True)).group(1)
    assert client.get("/api/v1/documents", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    again = client.get("/account/tokens").get_data(as_text=True)
    assert token not in again and "Contracts register" in again  # shown once

    row = db.session.query(ApiToken).filter_by(label="Contracts register").one()
    sign_in(client, people["manager"])
    assert client.post(f"/account/tokens/{row.id}/revoke", data={"csrf_token": csrf(client, "/account/tokens")}).status_code == 404
    sign_in(client, people["buyer"])
    done = client.post(f"/account/tokens/{row.id}/revoke", data={"csrf_token": csrf(client, "/account/tokens")},
                       follow_redirects=True)
    assert "revoked" in done.get_data(as_text=True)
    assert client.get("/api/v1/documents", headers={"Authorization": f"Bearer {token}"}).status_code == 401
