"""Triage through the API: decisions on findings, the organisation's queue, and carry-over of
decisions to a new version linted by a real worker."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from service.db import db
from service.models import AuditEvent, Finding, Job, Version

from .test_api import assert_problem, auth, finish, upload
from .test_worker import SAMPLE, finished, wait_for


def patch(client: Any, person: dict[str, str], finding_id: str, **body: Any) -> Any:
    return client.patch(f"/api/v1/findings/{finding_id}", json=body, headers=auth(person))


def queue(client: Any, person: dict[str, str], query: str = "") -> dict[str, Any]:
    response = client.get(f"/api/v1/findings{query}", headers=auth(person))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def schema_check(client: Any, body: Any, name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    spec = client.get("/api/v1/openapi.json").get_json()
    jsonschema.validate(body, {**spec["components"]["schemas"][name], "components": spec["components"]},
                        cls=jsonschema.Draft202012Validator)


def test_decisions_and_queue(client, people):
    first = upload(client, people["buyer"]).get_json()
    second = upload(client, people["buyer"], name="other.txt").get_json()
    finish(first["version"]["id"], findings=4)
    finish(second["version"]["id"], findings=2)

    everything = queue(client, people["manager"])
    assert everything["total"] == 6
    assert [f["severity"] for f in everything["items"]][:3] == ["error"] * 3  # most severe first
    assert {f["document"]["id"] for f in everything["items"]} == {first["id"], second["id"]}
    assert all(f["version_number"] == 1 and f["review_status"] == "open" for f in everything["items"])
    schema_check(client, everything, "QueuedFindingPage")

    ids = [f["id"] for f in queue(client, people["buyer"], f"?document_id={first['id']}")["items"]]
    assert len(ids) == 4
    confirmed = patch(client, people["buyer"], ids[0], review_status="confirmed")
    assert confirmed.status_code == 200
    body = confirmed.get_json()
    assert body["review_status"] == "confirmed" and body["review"]["reviewed_by"] == people["buyer"]["id"]
    schema_check(client, body, "FindingWithReview")

    assert_problem(patch(client, people["manager"], ids[1], review_status="dismissed"), 400, "reason-required")
    assert_problem(patch(client, people["manager"], ids[1], review_status="dismissed", reason="   "), 400, "reason-required")
    dismissed = patch(client, people["manager"], ids[1], review_status="dismissed", reason="Cap agreed with legal for this risk")
    assert dismissed.get_json()["review"]["reason"] == "Cap agreed with legal for this risk"
    assert dismissed.get_json()["review"]["reviewed_by_name"]

    assert queue(client, people["buyer"], "?review_status=open")["total"] == 4
    assert queue(client, people["buyer"], "?review_status=dismissed")["items"][0]["id"] == ids[1]
    assert queue(client, people["buyer"], "?review_status=confirmed&severity=error")["total"] + \
        queue(client, people["buyer"], "?review_status=confirmed&severity=warning")["total"] == 1

    reopened = patch(client, people["buyer"], ids[1], review_status="open")
    assert reopened.get_json()["review_status"] == "open" and reopened.get_json()["review"]["status"] == "open"
    single = client.get(f"/api/v1/findings/{ids[0]}", headers=auth(people["buyer"])).get_json()
    assert single["review"]["status"] == "confirmed"
    assert client.get(f"/api/v1/findings/{ids[2]}", headers=auth(people["buyer"])).get_json()["review"] is None

    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "finding.review")).all()
    assert [(e.detail["status"], e.detail["previous"]) for e in events] == [
        ("confirmed", "open"), ("dismissed", "open"), ("open", "dismissed")]


def test_malformed_reviews(client, people):
    doc = upload(client, people["buyer"]).get_json()
    finish(doc["version"]["id"], findings=1)
    finding_id = queue(client, people["buyer"])["items"][0]["id"]
    assert_problem(patch(client, people["buyer"], finding_id, review_status="fixed"), 400, "invalid-status")
    assert_problem(patch(client, people["buyer"], finding_id, review_status=3), 400, "invalid-review")
    assert_problem(patch(client, people["buyer"], finding_id, review_status="confirmed", colour="red"), 400)
    assert_problem(patch(client, people["buyer"], finding_id, review_status="dismissed", reason="x" * 2001), 400, "reason-too-long")
    not_json = client.patch(f"/api/v1/findings/{finding_id}", data="review_status=confirmed", headers=auth(people["buyer"]),
                            content_type="application/x-www-form-urlencoded")
    assert_problem(not_json, 400)
    assert_problem(client.get("/api/v1/findings?review_status=maybe", headers=auth(people["buyer"])), 400)
    assert_problem(patch(client, people["buyer"], "nope", review_status="confirmed"), 404)
    assert db.session.get(Finding, finding_id).review_status == "open"


def test_other_organisation_cannot_see_or_decide(client, people):
    doc = upload(client, people["buyer"]).get_json()
    finish(doc["version"]["id"], findings=2)
    finding_id = queue(client, people["buyer"])["items"][0]["id"]
    other = people["other_buyer"]
    assert queue(client, other)["total"] == 0
    assert queue(client, other, f"?document_id={doc['id']}")["total"] == 0
    assert_problem(client.get(f"/api/v1/findings/{finding_id}", headers=auth(other)), 404)
    assert_problem(patch(client, other, finding_id, review_status="dismissed", reason="not ours"), 404)
    assert db.session.get(Finding, finding_id).review_status == "open"


def test_queue_keeps_the_last_finished_version(client, people):
    doc = upload(client, people["buyer"]).get_json()
    finish(doc["version"]["id"], findings=3)
    newer = upload(client, people["buyer"], url=f"{doc['url']}/versions").get_json()  # queued, not linted yet
    assert newer["version"]["number"] == 2
    items = queue(client, people["buyer"])["items"]
    assert len(items) == 3 and {f["version_number"] for f in items} == {1}
    finish(newer["version"]["id"], findings=1)
    items = queue(client, people["buyer"])["items"]
    assert len(items) == 1 and items[0]["version_number"] == 2


def test_decision_carries_over_to_a_new_version(client, people, worker):
    """A dismissed finding stays dismissed in the next version when its passage is unchanged."""
    text = SAMPLE.read_bytes()
    doc = upload(client, people["buyer"], data=text, name=SAMPLE.name).get_json()
    wait_for(doc["job"]["id"], finished)
    items = queue(client, people["buyer"])["items"]
    assert items, "the sample tender has findings"
    target, other = items[0], items[1]
    assert patch(client, people["manager"], target["id"], review_status="dismissed", reason="Accepted risk").status_code == 200
    assert patch(client, people["manager"], other["id"], review_status="confirmed").status_code == 200

    revised = text + b"\n\n## Annex\n\nSuppliers may ask questions through the portal until the deadline.\n"
    newer = upload(client, people["buyer"], data=revised, name=SAMPLE.name, url=f"{doc['url']}/versions").get_json()
    job = wait_for(newer["job"]["id"], finished)
    assert job.status == "done"
    db.session.expire_all()
    by_print = {f.fingerprint: f for f in db.session.scalars(select(Finding).where(Finding.job_id == job.id))}
    assert by_print[target["fingerprint"]].review_status == "dismissed"
    assert by_print[other["fingerprint"]].review_status == "confirmed"
    assert all(f.review_status == "open" for p, f in by_print.items() if p not in (target["fingerprint"], other["fingerprint"]))
    current = queue(client, people["buyer"])["items"]
    assert {f["version_number"] for f in current} == {2}
    assert db.session.scalar(select(Version.number).join(Job, Job.version_id == Version.id).where(Job.id == job.id)) == 2
