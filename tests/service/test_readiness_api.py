"""The readiness API against a real database: rating, history, comparison, sign-off, export and
import, roles, organisation isolation and the suggested rating from stored lint results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from service.db import db
from service.models import AuditEvent, Document, Finding, Job, User, Version, utcnow
from service.readiness_models import ReadinessAssessment
from service.storage import put_blob

from .test_api import assert_problem, auth

BASE = "/api/v1/readiness/assessments"
FACTORS = ("geography", "infrastructure", "public_services", "community", "economy_jobs", "tech_rnd")


def create(client: Any, person: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post(BASE, json=body, headers=auth(person))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def rate(client: Any, person: dict[str, str], url: str, ratings: dict[str, Any], **extra: Any) -> Any:
    return client.patch(url, json={"ratings": ratings, **extra}, headers=auth(person))


def signed_off(client: Any, people: dict, on: str, rags: dict[str, str]) -> dict[str, Any]:
    body = create(client, people["buyer"], date=on)
    assert rate(client, people["buyer"], body["url"], {k: {"rag": v} for k, v in rags.items()}).status_code == 200
    response = client.post(f"{body['url']}/sign-off", headers=auth(people["manager"]))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_create_rate_and_summarise(client, people) -> None:
    body = create(client, people["buyer"], date="2026-03-01")
    assert body["status"] == "draft" and body["date"] == "2026-03-01"
    assert body["assessment"]["organisation"] == "Northfield Borough Council"
    assert body["summary"]["factor_counts"]["not_rated"] == 6
    response = rate(client, people["buyer"], body["url"], {
        "geography": {"rag": "red", "evidence": "House prices", "links": ["https://example.org/h"], "owner": "Planning",
                      "target_rag": "amber", "target_date": "2026-12-31", "next_action": "Housing study"},
        "infrastructure": {"rag": "amber"}, "community": {"rag": "green"}, "geography.q3": {"rag": "red"},
    }, notes="First go")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["summary"]["factor_counts"] == {"red": 1, "amber": 1, "green": 1, "not_rated": 3}
    assert [p["item_id"] for p in body["summary"]["priorities"]] == ["geography", "geography.q3", "infrastructure"]
    assert body["assessment"]["ratings"]["geography"]["owner"] == "Planning"
    assert body["assessment"]["notes"] == "First go"
    # a partial change merges into the stored rating; null removes one
    body = rate(client, people["manager"], body["url"], {"geography": {"rag": "amber"}, "community": None}).get_json()
    assert body["assessment"]["ratings"]["geography"]["evidence"] == "House prices"
    assert "community" not in body["assessment"]["ratings"]
    actions = [e.action for e in db.session.query(AuditEvent).filter_by(target_type="readiness")]
    assert actions == ["readiness.created", "readiness.updated", "readiness.updated"]


@pytest.mark.parametrize("ratings, field", [
    ({"geography": {"rag": "purple"}}, 'ratings["geography"].rag'),
    ({"geography": {"target_date": "31/12/2026"}}, 'ratings["geography"].target_date'),
    ({"nowhere": {"rag": "red"}}, 'ratings["nowhere"]'),
    ({"geography": {"links": ["javascript:alert(1)"]}}, 'ratings["geography"].links[0]'),
    ({"geography": {"colour": "red"}}, 'ratings["geography"].colour'),
])
def test_bad_ratings_name_the_field(client, people, ratings, field) -> None:
    body = create(client, people["buyer"])
    problem = assert_problem(rate(client, people["buyer"], body["url"], ratings), 422, "invalid-assessment")
    assert problem["field"] == field and problem["detail"].startswith(field)
    assert client.get(body["url"], headers=auth(people["buyer"])).get_json()["assessment"]["ratings"] == {}


def test_sign_off_is_for_managers_and_makes_a_record(client, people) -> None:
    body = create(client, people["buyer"])
    rate(client, people["buyer"], body["url"], {"geography": {"rag": "green"}})
    assert_problem(client.post(f"{body['url']}/sign-off", headers=auth(people["buyer"])), 403, "forbidden")
    signed = client.post(f"{body['url']}/sign-off", headers=auth(people["manager"])).get_json()
    assert signed["status"] == "signed_off" and signed["signed_off_by"] == people["manager"]["id"]
    assert signed["assessment"]["signed_off_by"] == "manager@example.org"
    assert_problem(rate(client, people["manager"], body["url"], {"geography": {"rag": "red"}}), 409, "signed-off")
    assert_problem(client.post(f"{body['url']}/sign-off", headers=auth(people["manager"])), 409)
    assert db.session.query(AuditEvent).filter_by(action="readiness.signed_off", target_id=body["id"]).count() == 1


def test_history_copy_and_compare(client, people) -> None:
    first = signed_off(client, people, "2025-03-01", {"geography": "red", "infrastructure": "amber", "community": "green"})
    assert_problem(client.post(f"{create(client, people['buyer'])['url']}/copy", headers=auth(people["buyer"])), 409)
    copy = client.post(f"{first['url']}/copy", json={"date": "2026-03-01"}, headers=auth(people["buyer"]))
    assert copy.status_code == 201
    second = copy.get_json()
    assert second["copied_from"] == first["id"] and second["status"] == "draft"
    assert second["assessment"]["ratings"]["geography"]["rag"] == "red"
    rate(client, people["buyer"], second["url"], {"geography": {"rag": "amber"}, "community": {"rag": "red"}})
    listing = client.get(BASE, headers=auth(people["buyer"])).get_json()
    dates = [i["date"] for i in listing["items"]]
    assert dates == sorted(dates, reverse=True) and dates[-2:] == ["2026-03-01", "2025-03-01"]
    assert "assessment" not in listing["items"][0]
    result = client.get(f"/api/v1/readiness/compare?old={first['id']}&new={second['id']}", headers=auth(people["buyer"])).get_json()
    moves = {c["item_id"]: c["movement"] for c in result["changes"]}
    assert moves == {"geography": "improved", "infrastructure": "unchanged", "community": "worsened"}
    assert_problem(client.get(f"/api/v1/readiness/compare?old={first['id']}", headers=auth(people["buyer"])), 400)


def test_export_and_import_round_trip(client, people) -> None:
    first = signed_off(client, people, "2025-06-30", {"geography": "amber", "tech_rnd": "red"})
    exported = client.get(f"{first['url']}/export?format=json", headers=auth(people["buyer"]))
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    data = exported.get_json()
    assert data["kind"] == "tenderlint.readiness.assessment" and data["status"] == "signed_off"
    # only managers bring in someone's sign-off; a draft copy is fine for buyers
    assert_problem(client.post(f"{BASE}/import", json=data, headers=auth(people["buyer"])), 403)
    imported = client.post(f"{BASE}/import", json=data, headers=auth(people["manager"]))
    assert imported.status_code == 201
    # an imported assessment is marked as imported and never taken as signed off: a draft, the file's claim audited
    body = imported.get_json()
    assert body["imported"] is True and body["status"] == "draft" and body["signed_off_by"] is None
    assert body["assessment"] == {**data, "status": "draft", "signed_off_by": None, "signed_off_at": None}
    event = db.session.query(AuditEvent).filter_by(action="readiness.imported", target_id=body["id"]).one()
    assert (event.detail["file_signed_off_by"], event.detail["file_signed_off_at"]) == (data["signed_off_by"], data["signed_off_at"])
    record = db.session.get(ReadinessAssessment, body["id"])
    assert record.imported and not record.signed and record.signed_off_at is None  # so the trend leaves it out
    assert client.get(f"{BASE}/{first['id']}", headers=auth(people["buyer"])).get_json()["imported"] is False
    draft = client.post(f"{BASE}/import", json={**data, "status": "draft", "signed_off_by": None, "signed_off_at": None},
                        headers=auth(people["buyer"]))
    assert draft.status_code == 201 and draft.get_json()["status"] == "draft"
    bad = {**data, "ratings": {"geography": {"rag": "amber", "target_date": "soon"}}}
    problem = assert_problem(client.post(f"{BASE}/import", json=bad, headers=auth(people["buyer"])), 422)
    assert problem["field"] == 'ratings["geography"].target_date'
    csv = client.get(f"{first['url']}/export?format=csv", headers=auth(people["buyer"]))
    assert csv.mimetype == "text/csv" and "geography" in csv.text and csv.text.startswith("organisation,")
    html = client.get(f"{first['url']}/export?format=html", headers=auth(people["buyer"]))
    assert html.mimetype == "text/html" and "<svg" in html.text and "default-src 'none'" in html.headers["Content-Security-Policy"]
    assert_problem(client.get(f"{first['url']}/export?format=pdf", headers=auth(people["buyer"])), 400)


def test_supplier_reads_only(client, people) -> None:
    body = create(client, people["buyer"])
    supplier = auth(people["supplier"])
    assert client.get(body["url"], headers=supplier).status_code == 200
    assert client.get(BASE, headers=supplier).get_json()["total"] == 1
    assert_problem(client.post(BASE, json={}, headers=supplier), 403)
    assert_problem(rate(client, people["supplier"], body["url"], {"geography": {"rag": "red"}}), 403)
    assert_problem(client.post(f"{BASE}/import", json={"schema_version": "1.0", "organisation": "x", "date": "2026-01-01"},
                               headers=supplier), 403)


def test_other_organisations_see_nothing(client, people) -> None:
    body = create(client, people["buyer"])
    other = people["other_buyer"]
    assert client.get(BASE, headers=auth(other)).get_json()["items"] == []
    for response in (
        client.get(body["url"], headers=auth(other)),
        rate(client, other, body["url"], {"geography": {"rag": "red"}}),
        client.post(f"{body['url']}/sign-off", headers=auth(other)),
        client.post(f"{body['url']}/copy", headers=auth(other)),
        client.get(f"{body['url']}/export", headers=auth(other)),
        client.get(f"/api/v1/readiness/compare?old={body['id']}&new={body['id']}", headers=auth(other)),
        client.post(BASE, json={"copy_from": body["id"]}, headers=auth(other)),
    ):
        assert_problem(response, 404)


def linted(people: dict, key: str, title: str, findings: list[tuple[str, str, str, str]], when: dt.datetime,
           versions: int = 1) -> Document:
    """A document whose versions each have a done job with these (rule, severity, category, review status) findings."""
    user = db.session.get(User, people[key]["id"])
    document = Document(organisation_id=user.organisation_id, title=title, created_by=user.id)
    db.session.add(document)
    db.session.flush()
    for number in range(1, versions + 1):
        version = Version(document_id=document.id, organisation_id=user.organisation_id, number=number, filename="t.md",
                          blob_sha256=put_blob(title.encode()), size=1, uploaded_by=user.id, context={}, created_at=when)
        db.session.add(version)
        db.session.flush()
        job = Job(version_id=version.id, organisation_id=user.organisation_id, status="done", stage="done",
                  finished_at=utcnow())
        db.session.add(job)
        db.session.flush()
        rows = findings if number == versions else [("PP-PROP-001", "error", "PROP", "open")]
        for i, (rule_id, severity, category, status) in enumerate(rows):
            db.session.add(Finding(job_id=job.id, version_id=version.id, organisation_id=user.organisation_id,
                                   rule_id=rule_id, severity=severity, category=category, message="m", start=i, end=i + 1,
                                   fingerprint=f"{rule_id}{i}", review_status=status, data={}))
    db.session.commit()
    return document


def test_suggested_rating_from_linted_tenders(client, people) -> None:
    now = utcnow()
    barrier = [("PP-RISK-001", "error", "RISK", "open")]
    linted(people, "buyer", "Parks", barrier, now)
    linted(people, "buyer", "Roads", [("PP-RISK-001", "error", "RISK", "dismissed"), ("PP-PAY-002", "warning", "PAY", "open")], now)
    linted(people, "buyer", "Fixed in version 2", [], now, versions=2)  # version 1's barrier no longer counts
    linted(people, "other_buyer", "Not ours", barrier, now)
    body = client.get("/api/v1/readiness/evidence", headers=auth(people["buyer"])).get_json()
    assert (body["documents"], body["with_sme_barrier"]) == (3, 1)
    assert body["suggested_rating"]["rag"] == "red"  # 33% > 30%
    assert any("1 of 3 documents" in reason for reason in body["suggested_rating"]["reasons"])
    assert {r["rule_id"] for r in body["top_rules"]} == {"PP-RISK-001", "PP-PAY-002"}
    other = client.get("/api/v1/readiness/evidence", headers=auth(people["other_buyer"])).get_json()
    assert other["documents"] == 1
    old = client.get("/api/v1/readiness/evidence?as_of=2020-01-01", headers=auth(people["buyer"])).get_json()
    assert old["documents"] == 0 and old["suggested_rating"]["rag"] == "not_rated"
    assert_problem(client.get("/api/v1/readiness/evidence?as_of=yesterday", headers=auth(people["buyer"])), 422)


def test_template_and_schemas(client, people) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    template = client.get("/api/v1/readiness/template", headers=auth(people["buyer"])).get_json()
    assert [f["id"] for f in template["factors"]] == list(FACTORS)
    spec = client.get("/api/v1/openapi.json").get_json()

    def check(body: Any, name: str) -> None:
        schema = {**spec["components"]["schemas"][name], "components": spec["components"]}
        jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator)

    first = signed_off(client, people, "2025-01-01", {"geography": "red"})
    check(first, "ReadinessAssessment")
    check(client.get(BASE, headers=auth(people["buyer"])).get_json(), "ReadinessAssessmentPage")
    check(client.get(f"{first['url']}/export", headers=auth(people["buyer"])).get_json(), "ReadinessExport")
    check(client.get(f"/api/v1/readiness/compare?old={first['id']}&new={first['id']}", headers=auth(people["buyer"])).get_json(),
          "ReadinessComparison")
    check(client.get("/api/v1/readiness/evidence", headers=auth(people["buyer"])).get_json(), "ReadinessEvidence")
    assert db.session.query(ReadinessAssessment).count() == 1


def test_migration_0002_downgrades_and_upgrades(tmp_path) -> None:
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from service.db import alembic_config

    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    config = alembic_config(url)
    command.upgrade(config, "head")
    assert "readiness_assessments" in inspect(create_engine(url)).get_table_names()
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from service.db import db as database

    with create_engine(url).connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), database.metadata) == []  # models == migrations
    command.downgrade(config, "0001")
    assert "readiness_assessments" not in inspect(create_engine(url)).get_table_names()
    command.upgrade(config, "head")
