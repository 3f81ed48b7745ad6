"""Issue #11 items 1-4 through the API: people and roles, deletion and retention, triage with reason
codes, assignees and bulk decisions, and sign-off for publication. Every role boundary and every new
route's organisation scoping is tried; the retention purge runs through the worker's real sweep."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import redis
from sqlalchemy import func, select

from service.accounts import create_user, issue_token
from service.db import db
from service.jobs import SWEEP_LOCK, requeue_stale
from service.models import (AuditEvent, Blob, Document, Finding, Job, JobStatus, Report, Role, User,
                            Version)

from .test_api import assert_problem, auth, finish, upload


@pytest.fixture
def team(people) -> dict[str, dict[str, str]]:
    """The conftest's people plus an administrator and a read-only member of the same council."""
    council = db.session.get(User, people["buyer"]["id"]).organisation
    out = dict(people)
    for key, role in (("admin", Role.ADMIN), ("reader", Role.READ_ONLY)):
        password = f"{key}-password-1234"
        user = create_user(council, f"{key}@example.org", password, role, key.title())
        out[key] = {"email": user.email, "password": password, "token": issue_token(user), "id": user.id}
    db.session.commit()
    return out


def call(client: Any, person: dict[str, str], method: str, url: str, **body: Any) -> Any:
    kwargs: dict[str, Any] = {"headers": auth(person)}
    if body or method in ("PATCH", "POST"):
        kwargs["json"] = body
    return client.open(f"/api/v1{url}", method=method, **kwargs)


def finish_only(version_id: str, findings: int) -> Job:
    """A finished check of the version, and its upload's own job (no worker runs here) marked failed,
    so the version is not being checked."""
    for job in db.session.scalars(select(Job).where(Job.version_id == version_id, Job.status == JobStatus.QUEUED.value)):
        job.status = JobStatus.FAILED.value
    return finish(version_id, findings=findings)


def linted(client: Any, person: dict[str, str], findings: int = 6, name: str = "tender.txt") -> tuple[str, str]:
    """A document with one finished check (test data as the worker writes it): (document id, version id)."""
    body = upload(client, person, name=name).get_json()
    finish_only(body["version"]["id"], findings)
    return body["id"], body["version"]["id"]


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.at)))


# --- triage: reasons, assignees, bulk ------------------------------------------------------------


def test_dismissal_reasons_comments_and_the_older_field(client, team) -> None:
    _, version = linted(client, team["buyer"])
    ids = [f.id for f in db.session.scalars(select(Finding).where(Finding.version_id == version).order_by(Finding.start))]
    url = f"/findings/{ids[0]}"
    coded = call(client, team["buyer"], "PATCH", url, review_status="dismissed", dismissal_reason="accepted-risk",
                 comment="Capped at the contract value")
    assert coded.status_code == 200, coded.get_data(as_text=True)
    review = coded.get_json()["review"]
    assert (review["dismissal_reason"], review["comment"], review["reason"]) == ("accepted-risk", "Capped at the contract value",
                                                                                  "Capped at the contract value")
    older = call(client, team["manager"], "PATCH", f"/findings/{ids[1]}", review_status="dismissed", reason="false-alarm")
    assert older.get_json()["review"]["dismissal_reason"] == "false-alarm"  # a code sent as the old free text
    text = call(client, team["manager"], "PATCH", f"/findings/{ids[2]}", review_status="dismissed", reason="Agreed with legal")
    assert (text.get_json()["review"]["dismissal_reason"], text.get_json()["review"]["comment"]) == (None, "Agreed with legal")
    assert_problem(call(client, team["buyer"], "PATCH", url, review_status="dismissed", dismissal_reason="bored"),
                   400, "invalid-dismissal-reason")
    assert_problem(call(client, team["buyer"], "PATCH", url, review_status="dismissed"), 400, "reason-required")
    assert_problem(call(client, team["buyer"], "PATCH", url, review_status="dismissed", reason="a", comment="b"), 400)
    assert_problem(call(client, team["reader"], "PATCH", url, review_status="confirmed"), 403, "forbidden")
    assert [e.detail["reason_code"] for e in events("finding.review")] == ["accepted-risk", "false-alarm", None]


def test_assigning_a_finding(client, team) -> None:
    document, version = linted(client, team["buyer"], findings=2)
    finding = db.session.scalar(select(Finding).where(Finding.version_id == version).order_by(Finding.start))
    assigned = call(client, team["manager"], "PATCH", f"/findings/{finding.id}", assignee_id=team["buyer"]["id"])
    assert assigned.status_code == 200
    review = assigned.get_json()["review"]
    assert (review["status"], review["assignee_id"], review["assignee_name"]) == ("open", team["buyer"]["id"], "buyer@example.org")
    other_org = call(client, team["manager"], "PATCH", f"/findings/{finding.id}", assignee_id=team["other_buyer"]["id"])
    assert_problem(other_org, 404, "assignee-not-found")
    assert_problem(call(client, team["reader"], "PATCH", f"/findings/{finding.id}", assignee_id=None), 403, "forbidden")
    assert_problem(call(client, team["other_buyer"], "PATCH", f"/findings/{finding.id}", assignee_id=None), 404)
    # the assignment carries over to the next version that still has the passage
    second = upload(client, team["buyer"], url=f"/api/v1/documents/{document}/versions").get_json()
    job = finish(second["version"]["id"], findings=2)
    again = db.session.scalar(select(Finding).where(Finding.job_id == job.id, Finding.fingerprint == finding.fingerprint))
    body = call(client, team["buyer"], "GET", f"/findings/{again.id}").get_json()
    assert body["review"]["assignee_id"] == team["buyer"]["id"]
    assert events("finding.assigned")[0].detail["assignee"] == team["buyer"]["id"]


def test_bulk_dismissal_of_one_rule_in_one_document(client, team) -> None:
    document, version = linted(client, team["buyer"], findings=6)  # rules 001, 002, 003 twice each
    other_document, _ = linted(client, team["buyer"], findings=6, name="other.txt")
    url = f"/documents/{document}/findings/bulk-review?rule_id=PP-RISK-001"
    done = call(client, team["buyer"], "POST", url, review_status="dismissed", dismissal_reason="false-alarm")
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["updated"] == 2
    db.session.expire_all()
    statuses = dict(db.session.execute(select(Finding.id, Finding.review_status).where(Finding.rule_id == "PP-RISK-001")).all())
    dismissed = {i for i, s in statuses.items() if s == "dismissed"}
    assert dismissed == set(done.get_json()["ids"]) and len(statuses) == 4  # the other document's stay open
    assert events("finding.bulk_review")[0].detail["count"] == 2
    # a refused decision changes none; roles and organisations are enforced
    assert_problem(call(client, team["buyer"], "POST", f"/documents/{document}/findings/bulk-review?category=RISK",
                        review_status="dismissed"), 400, "reason-required")
    assert db.session.scalar(select(func.count()).select_from(Finding).where(Finding.review_status == "dismissed")) == 2
    assert_problem(call(client, team["reader"], "POST", url, review_status="confirmed"), 403, "forbidden")
    assert_problem(call(client, team["other_buyer"], "POST", url, review_status="confirmed"), 404)
    assign = call(client, team["manager"], "POST", f"/documents/{other_document}/findings/bulk-review?severity=error",
                  assignee_id=team["manager"]["id"])
    assert assign.get_json()["updated"] == 3
    queue = call(client, team["buyer"], "GET", f"/findings?document_id={version and document}&review_status=dismissed").get_json()
    assert queue["total"] == 2


# --- sign-off -------------------------------------------------------------------------------------


def test_sign_off_waits_for_every_error(client, team) -> None:
    document, version = linted(client, team["buyer"], findings=4)  # findings 1 and 3 are errors
    errors = [f.id for f in db.session.scalars(select(Finding).where(Finding.version_id == version, Finding.severity == "error"))]
    status = call(client, team["buyer"], "GET", f"/versions/{version}/approval").get_json()
    assert status["approval"] is None and not status["ready"]
    assert {f["id"] for f in status["blocking_findings"]} == set(errors)
    assert_problem(call(client, team["buyer"], "POST", f"/versions/{version}/approval"), 403, "forbidden")
    assert_problem(call(client, team["reader"], "POST", f"/versions/{version}/approval"), 403, "forbidden")
    assert_problem(call(client, team["manager"], "POST", f"/versions/{version}/approval"), 409, "errors-open")
    call(client, team["buyer"], "PATCH", f"/findings/{errors[0]}", review_status="dismissed", dismissal_reason="not-applicable")
    call(client, team["buyer"], "PATCH", f"/findings/{errors[1]}", review_status="confirmed")
    refused = assert_problem(call(client, team["manager"], "POST", f"/versions/{version}/approval"), 409, "errors-open")
    assert refused["blocking_findings"] == [errors[1]]  # confirmed is not fixed
    call(client, team["buyer"], "PATCH", f"/findings/{errors[1]}", review_status="dismissed", dismissal_reason="accepted-risk")
    assert_problem(call(client, team["other_buyer"], "POST", f"/versions/{version}/approval"), 404)
    approved = call(client, team["manager"], "POST", f"/versions/{version}/approval")
    assert approved.status_code == 201, approved.get_data(as_text=True)
    approval = approved.get_json()["approval"]
    assert (approval["approved_by"], approval["approved_by_name"], approval["rule_pack"]) == (
        team["manager"]["id"], "manager@example.org", "abc")
    assert approval["approved_at"]
    assert call(client, team["buyer"], "GET", f"/versions/{version}").get_json()["approval"] == approval
    assert_problem(call(client, team["manager"], "POST", f"/versions/{version}/approval"), 409, "already-approved")
    assert events("version.approved")[0].detail["rule_pack"] == "abc"
    # a new version needs its own approval
    second = upload(client, team["buyer"], url=f"/api/v1/documents/{document}/versions").get_json()["version"]["id"]
    assert_problem(call(client, team["manager"], "POST", f"/versions/{second}/approval"), 409, "not-ready")
    finish(second, findings=0)
    assert call(client, team["buyer"], "GET", f"/versions/{second}/approval").get_json()["ready"]
    assert call(client, team["admin"], "POST", f"/versions/{second}/approval").status_code == 201


# --- people ---------------------------------------------------------------------------------------


def test_only_administrators_manage_people(client, team) -> None:
    for key in ("manager", "buyer", "supplier", "reader"):
        assert_problem(call(client, team[key], "POST", "/users", email=f"new-{key}@example.org", role="reviewer"), 403, "forbidden")
        assert_problem(call(client, team[key], "PATCH", f"/users/{team['buyer']['id']}", role="manager"), 403, "forbidden")
        assert_problem(call(client, team[key], "POST", f"/users/{team['buyer']['id']}/password-reset"), 403, "forbidden")
    added = call(client, team["admin"], "POST", "/users", email="New.Person@Example.org", name="New Person", role="reviewer")
    assert added.status_code == 201, added.get_data(as_text=True)
    body = added.get_json()
    assert (body["user"]["email"], body["user"]["role"], body["user"]["active"]) == ("new.person@example.org", "reviewer", True)
    token = client.post("/api/v1/tokens", json={"email": "new.person@example.org", "password": body["temporary_password"]})
    assert token.status_code == 201
    assert_problem(call(client, team["admin"], "POST", "/users", email="buyer@example.org"), 409, "email-taken")
    assert_problem(call(client, team["admin"], "POST", "/users", email="x@example.org", role="owner"), 400, "invalid-role")
    person = body["user"]["id"]
    assert call(client, team["admin"], "PATCH", f"/users/{person}", role="manager").get_json()["role"] == "manager"
    assert call(client, team["admin"], "PATCH", f"/users/{team['buyer']['id']}", name="Bea Buyer").get_json()["role"] == "buyer"
    people = call(client, team["reader"], "GET", "/users").get_json()["items"]
    assert {p["role_label"] for p in people} >= {"Reviewer (buyer)", "Reviewer (supplier)", "Read-only", "Administrator"}
    assert "other_buyer@example.org" not in {p["email"] for p in people}
    assert_problem(call(client, team["admin"], "GET", f"/users/{team['other_buyer']['id']}"), 404)
    assert_problem(call(client, team["admin"], "PATCH", f"/users/{team['other_buyer']['id']}", active=False), 404)
    assert_problem(call(client, team["admin"], "PATCH", f"/users/{team['admin']['id']}", role="reviewer"), 409, "last-admin")
    assert [e.detail["role"] for e in events("user.role_changed")] == ["manager"]
    assert events("user.added")[0].user_id == team["admin"]["id"]


def test_a_disabled_account_stops_at_once(client, team) -> None:
    from .test_web import sign_in

    browser = client.application.test_client()
    assert sign_in(browser, team["buyer"]).status_code == 302
    assert browser.get("/documents").status_code == 200
    assert call(client, team["buyer"], "GET", "/documents").status_code == 200
    disabled = call(client, team["admin"], "PATCH", f"/users/{team['buyer']['id']}", active=False)
    assert disabled.status_code == 200 and disabled.get_json()["active"] is False
    assert_problem(call(client, team["buyer"], "GET", "/documents"), 401)
    assert browser.get("/documents").status_code == 302  # back to sign in
    assert client.post("/api/v1/tokens", json={"email": team["buyer"]["email"], "password": team["buyer"]["password"]}).status_code == 401
    call(client, team["admin"], "PATCH", f"/users/{team['buyer']['id']}", active=True)
    assert_problem(call(client, team["buyer"], "GET", "/documents"), 401)  # its tokens were revoked, not paused
    detail = events("user.disabled")[0].detail
    assert detail == {"sessions": 1, "tokens": 1}


def test_password_reset_and_own_password(client, team) -> None:
    reset = call(client, team["admin"], "POST", f"/users/{team['buyer']['id']}/password-reset")
    temporary = reset.get_json()["temporary_password"]
    assert client.post("/api/v1/tokens", json={"email": team["buyer"]["email"], "password": team["buyer"]["password"]}).status_code == 401
    assert client.post("/api/v1/tokens", json={"email": team["buyer"]["email"], "password": temporary}).status_code == 201
    url = "/account/password"
    assert_problem(call(client, team["buyer"], "POST", url, current_password="wrong", new_password="plum orchard rain"), 403, "wrong-password")
    assert_problem(call(client, team["buyer"], "POST", url, current_password=temporary, new_password="password1"), 400, "password-rejected")
    assert call(client, team["buyer"], "POST", url, current_password=temporary, new_password="plum orchard rain").status_code == 204
    assert client.post("/api/v1/tokens", json={"email": team["buyer"]["email"], "password": "plum orchard rain"}).status_code == 201
    # an administrator's own password needs 12 characters
    assert_problem(call(client, team["admin"], "POST", url, current_password=team["admin"]["password"],
                        new_password="short word"), 400, "password-rejected")
    assert len(events("user.password_changed")) == 1 and len(events("user.password_reset")) == 1


def test_organisation_name_and_retention(client, team) -> None:
    assert_problem(call(client, team["manager"], "PATCH", "/organisation", name="Northfield Council"), 403, "forbidden")
    assert_problem(call(client, team["buyer"], "PATCH", "/organisation", retention_days=30), 403, "forbidden")
    assert call(client, team["manager"], "PATCH", "/organisation", retention_days=30).get_json()["retention_days"] == 30
    renamed = call(client, team["admin"], "PATCH", "/organisation", name="Northfield Council")
    assert renamed.get_json() == {"id": renamed.get_json()["id"], "name": "Northfield Council", "retention_days": 30}
    assert_problem(call(client, team["admin"], "PATCH", "/organisation", name="  "), 400, "invalid-name")
    assert_problem(call(client, team["admin"], "PATCH", "/organisation", retention_days=0), 400, "invalid-retention")
    assert call(client, team["other_buyer"], "GET", "/organisation").get_json()["name"] == "Southby District Council"
    assert [e.action for e in events("organisation.renamed")] == ["organisation.renamed"]


# --- deleting and keeping -------------------------------------------------------------------------


def test_deleting_versions_and_documents(client, team) -> None:
    document, first = linted(client, team["buyer"], findings=3)
    second = upload(client, team["buyer"], url=f"/api/v1/documents/{document}/versions").get_json()["version"]["id"]
    finish_only(second, 2)
    elsewhere, _ = linted(client, team["buyer"], findings=1, name="copy.txt")  # the same bytes: a shared blob
    sha = db.session.get(Version, first).blob_sha256
    for key in ("buyer", "supplier", "reader"):
        assert_problem(call(client, team[key], "DELETE", f"/versions/{first}"), 403, "forbidden")
        assert_problem(call(client, team[key], "DELETE", f"/documents/{document}"), 403, "forbidden")
    assert_problem(call(client, team["other_buyer"], "DELETE", f"/versions/{first}"), 404)
    assert call(client, team["manager"], "DELETE", f"/versions/{first}").status_code == 204
    db.session.expire_all()
    assert db.session.get(Version, first) is None
    assert not db.session.scalar(select(func.count()).select_from(Finding).where(Finding.version_id == first))
    assert db.session.get(Blob, sha) is not None  # still used by the other versions
    assert call(client, team["buyer"], "GET", f"/documents/{document}").get_json()["version_count"] == 1
    assert call(client, team["admin"], "DELETE", f"/documents/{document}").status_code == 204
    assert call(client, team["manager"], "DELETE", f"/documents/{elsewhere}").status_code == 204
    db.session.expire_all()
    assert db.session.get(Blob, sha) is None  # the last version using it went
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    assert_problem(call(client, team["buyer"], "GET", f"/documents/{document}"), 404)
    gone = events("document.deleted")[0]
    assert (gone.user_id, gone.target_id, gone.detail["versions"]) == (team["admin"]["id"], document, [2])
    assert events("version.deleted")[0].detail["number"] == 1


def test_a_version_being_checked_is_not_deleted(client, team) -> None:
    body = upload(client, team["buyer"]).get_json()  # queued, no worker
    assert_problem(call(client, team["manager"], "DELETE", f"/versions/{body['version']['id']}"), 409, "job-running")
    assert_problem(call(client, team["manager"], "DELETE", f"/documents/{body['id']}"), 409, "job-running")


def test_retention_purges_old_versions_in_the_sweep(app, client, team, redis_server) -> None:
    document, old = linted(client, team["buyer"], findings=2)
    recent = upload(client, team["buyer"], url=f"/api/v1/documents/{document}/versions", data=b"Another tender text.").get_json()["version"]["id"]
    finish_only(recent, 1)
    gone_document, gone_version = linted(client, team["buyer"], findings=1, name="old.txt")
    other_document, other_version = linted(client, team["other_buyer"], findings=1)
    for version_id in (old, gone_version, other_version):
        db.session.get(Version, version_id).created_at -= dt.timedelta(days=40)
    db.session.commit()
    requeue_stale(app)  # no retention set: nothing goes
    assert db.session.get(Version, old) is not None
    call(client, team["manager"], "PATCH", "/organisation", retention_days=30)
    redis.Redis.from_url(redis_server.url).delete(SWEEP_LOCK)  # the next interval's sweep
    requeue_stale(app)
    db.session.expire_all()
    assert db.session.get(Version, old) is None and db.session.get(Version, recent) is not None
    assert db.session.get(Document, gone_document) is None  # its only version went
    assert db.session.get(Version, other_version) is not None  # another organisation keeps its own setting
    purged = events("version.purged")
    assert {e.target_id for e in purged} == {old, gone_version} and all(e.user_id is None for e in purged)
    assert events("document.purged")[0].organisation_id == db.session.get(Document, document).organisation_id


def test_the_team_roles_on_the_readiness_checklist(client, team) -> None:
    """A reviewer edits the checklist as a buyer did; read-only people only read it."""
    from service.accounts import create_user as make

    council = db.session.get(User, team["buyer"]["id"]).organisation
    reviewer = make(council, "reviewer@example.org", "reviewer-password-1", Role.REVIEWER)
    person = {"token": issue_token(reviewer)}
    db.session.commit()
    made = client.post("/api/v1/readiness/assessments", json={"notes": "2027"}, headers=auth(person))
    assert made.status_code == 201, made.get_data(as_text=True)
    assert_problem(client.post("/api/v1/readiness/assessments", json={"notes": "2027"}, headers=auth(team["reader"])), 403)
    assert client.get(f"/api/v1/readiness/assessments/{made.get_json()['id']}", headers=auth(team["reader"])).status_code == 200
