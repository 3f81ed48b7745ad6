"""The REST API against a real database and a real Redis broker (no worker: jobs stay queued)."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest

from service.db import db
from service.models import AuditEvent, Finding, Job, JobStatus, Report, Version, utcnow

TENDER = (
    b"Invitation to tender: grounds maintenance\n\n"
    b"1. The contractor shall maintain all council parks to the standard in Schedule 2.\n"
    b"2. Tenders must be returned by 12:00 on 3 March.\n"
)


def auth(person: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {person['token']}"}


def upload(client: Any, person: dict[str, str], data: bytes = TENDER, name: str = "tender.txt",
           url: str = "/api/v1/documents", **fields: str) -> Any:
    form: dict[str, Any] = {"file": (io.BytesIO(data), name), **fields}
    return client.post(url, data=form, headers=auth(person), content_type="multipart/form-data")


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    if code is not None:
        assert body["code"] == code
    return body


def finish(version_id: str, findings: int = 0) -> Job:
    """Test data for a finished lint (what the worker would write): a done job, its reports, findings."""
    version = db.session.get(Version, version_id)
    job = Job(version_id=version.id, organisation_id=version.organisation_id, status=JobStatus.DONE.value,
              stage="done", progress_done=3, progress_total=3, started_at=utcnow(), finished_at=utcnow(),
              parse_ms=12, lint_ms=34, rule_pack="abc")
    db.session.add(job)
    db.session.flush()
    for fmt, content in {"json": '{"findings": []}', "sarif": '{"version": "2.1.0"}',
                         "csv": "rule_id,severity\n", "html": "<!doctype html><p>report</p>"}.items():
        db.session.add(Report(job_id=job.id, format=fmt, content=content))
    for i in range(findings):
        severity = "error" if i % 2 else "warning"
        db.session.add(Finding(job_id=job.id, version_id=version.id, organisation_id=version.organisation_id,
                               rule_id=f"PP-RISK-00{i % 3 + 1}", severity=severity, category="RISK",
                               message=f"finding {i}", quote="shall", start=i, end=i + 5, fingerprint=f"fp{i}",
                               data={"rule_id": f"PP-RISK-00{i % 3 + 1}", "why": "because"}))
    db.session.commit()
    return job


# --- tokens and authentication ---------------------------------------------------------------


def test_token_issue_and_use(client, people):
    response = client.post("/api/v1/tokens", json={"email": "buyer@example.org", "password": "buyer-password-123"})
    assert response.status_code == 201
    token = response.get_json()["token"]
    assert response.get_json()["user"]["role"] == "buyer"
    assert client.get("/api/v1/documents", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert db.session.query(AuditEvent).filter_by(action="token.issued", user_id=people["buyer"]["id"]).count() == 1


def test_token_bad_password(client, people):
    response = client.post("/api/v1/tokens", json={"email": "buyer@example.org", "password": "wrong"})
    assert_problem(response, 401)
    assert db.session.query(AuditEvent).filter_by(action="token.refused").count() == 1


@pytest.mark.parametrize("kwargs, fragment", [
    ({"data": "{not json", "content_type": "application/json"}, "not valid JSON"),
    ({"data": "email=a&password=b", "content_type": "application/x-www-form-urlencoded"}, "application/json"),
    ({"json": ["a", "list"]}, "JSON object"),
    ({"json": {"email": "buyer@example.org"}}, "password"),
])
def test_token_malformed_bodies(client, people, kwargs, fragment):
    body = assert_problem(client.post("/api/v1/tokens", **kwargs), 400)
    assert fragment in body["detail"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer tl_nonsense"}, {"Authorization": "Basic abc"}])
def test_missing_or_invalid_token(client, people, headers):
    response = client.get("/api/v1/documents", headers=headers)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_routing_errors_are_problems(client, people):
    assert_problem(client.get("/api/v1/nowhere", headers=auth(people["buyer"])), 404)
    response = client.delete("/api/v1/documents", headers=auth(people["buyer"]))
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


# --- uploads ---------------------------------------------------------------------------------


def test_upload_queues_a_job(client, people):
    response = upload(client, people["buyer"], title="Parks 2025", value_total="250,000", regime="pa-2023")
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["title"] == "Parks 2025"
    assert response.headers["Location"] == body["url"]
    assert body["version"]["number"] == 1
    assert body["version"]["context"] == {"value_total": 250000.0, "regime": "pa-2023"}
    assert body["job"]["url"] == f"/api/v1/jobs/{body['job']['id']}"

    job = client.get(body["job"]["url"], headers=auth(people["buyer"])).get_json()
    assert job["status"] == "queued"
    assert job["progress"] == {"stage": "queued", "done": 0, "total": 0, "percent": 0}
    assert job["error"] is None and job["report_urls"] == {}
    assert job["timings"]["queued_at"].endswith("Z")
    assert job["version"]["id"] == body["version"]["id"]
    assert db.session.query(AuditEvent).filter_by(action="version.uploaded").count() == 1


def test_supplier_uploads_and_new_version(client, people):
    first = upload(client, people["supplier"]).get_json()
    response = upload(client, people["supplier"], url=f"/api/v1/documents/{first['id']}/versions", name="v2.md",
                      data=b"# Tender\n\nRevised text.\n")
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"] == first["id"] and body["version"]["number"] == 2
    assert response.headers["Location"] == body["version"]["url"]
    document = client.get(first["url"], headers=auth(people["buyer"])).get_json()
    assert [v["number"] for v in document["versions"]] == [1, 2]
    assert document["latest_version"]["number"] == 2


@pytest.mark.parametrize("data, name, status, code", [
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "tender.pdf", 415, "unsupported-format"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.pdf", 415, "unsupported-format"),
    (b"", "empty.docx", 400, "empty-file"),
    (b"   \n\n", "blank.txt", 400, "empty-file"),
])
def test_upload_sniffs_content(client, people, data, name, status, code):
    assert_problem(upload(client, people["buyer"], data=data, name=name), status, code)
    assert db.session.query(Version).count() == 0


def test_upload_over_the_file_limit(app, client, people):
    app.config["MAX_UPLOAD_BYTES"] = 100
    assert_problem(upload(client, people["buyer"], data=TENDER * 5), 413, "too-large")


def test_upload_over_the_request_limit(app, client, people):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    body = assert_problem(upload(client, people["buyer"], data=TENDER * 50), 413, "too-large")
    assert "limit" in body["detail"]


def test_upload_request_errors(client, people):
    body = assert_problem(client.post("/api/v1/documents", data={"title": "x"}, headers=auth(people["buyer"]),
                                      content_type="multipart/form-data"), 400, "missing-file")
    assert "'file'" in body["detail"]
    assert_problem(client.post("/api/v1/documents", json={"file": "x"}, headers=auth(people["buyer"])), 400)
    body = assert_problem(upload(client, people["buyer"], regime="mars"), 422, "invalid-context")
    assert "regime" in body["detail"]


# --- reading ---------------------------------------------------------------------------------


def test_document_listing_paginates(client, people):
    for i in range(5):
        upload(client, people["buyer"], title=f"Tender {i}")
    upload(client, people["other_buyer"], title="Elsewhere")
    first = client.get("/api/v1/documents?per_page=2", headers=auth(people["buyer"])).get_json()
    assert first["total"] == 5 and first["page"] == 1 and len(first["items"]) == 2
    assert first["previous"] is None
    titles = [d["title"] for d in first["items"]]
    url = first["next"]
    while url:
        page = client.get(url, headers=auth(people["buyer"])).get_json()
        titles += [d["title"] for d in page["items"]]
        url = page["next"]
    assert sorted(titles) == [f"Tender {i}" for i in range(5)]
    for query in ("page=0", "page=x", "per_page=1000", "per_page=-1"):
        body = assert_problem(client.get(f"/api/v1/documents?{query}", headers=auth(people["buyer"])), 400)
        assert query.split("=")[0] in body["detail"]


def test_versions_and_jobs(client, people):
    doc = upload(client, people["buyer"]).get_json()
    version_id = doc["version"]["id"]
    versions = client.get(f"{doc['url']}/versions", headers=auth(people["buyer"])).get_json()
    assert [v["id"] for v in versions["items"]] == [version_id]
    version = client.get(f"/api/v1/versions/{version_id}", headers=auth(people["buyer"])).get_json()
    assert version["job"]["id"] == doc["job"]["id"] and version["document"]["id"] == doc["id"]

    finish(version_id)
    jobs = client.get("/api/v1/jobs", headers=auth(people["buyer"])).get_json()
    assert jobs["total"] == 2
    done = client.get("/api/v1/jobs?status=done", headers=auth(people["buyer"])).get_json()
    assert [j["status"] for j in done["items"]] == ["done"]
    assert done["items"][0]["progress"]["percent"] == 100
    assert set(done["items"][0]["report_urls"]) == {"json", "sarif", "csv", "html"}
    assert client.get("/api/v1/jobs?status=queued", headers=auth(people["buyer"])).get_json()["total"] == 1
    assert_problem(client.get("/api/v1/jobs?status=finished", headers=auth(people["buyer"])), 400)


def test_report_409_until_done_then_each_format(client, people):
    doc = upload(client, people["buyer"]).get_json()
    version_id = doc["version"]["id"]
    body = assert_problem(client.get(f"/api/v1/versions/{version_id}/report", headers=auth(people["buyer"])), 409, "not-ready")
    assert body["job"]["url"] == doc["job"]["url"]
    assert_problem(client.get(f"/api/v1/versions/{version_id}/findings", headers=auth(people["buyer"])), 409)

    finish(version_id)
    for fmt, mimetype in {"json": "application/json", "sarif": "application/sarif+json",
                          "csv": "text/csv", "html": "text/html"}.items():
        for url in (f"/api/v1/versions/{version_id}/report?format={fmt}", f"/api/v1/versions/{version_id}/report.{fmt}"):
            response = client.get(url, headers=auth(people["buyer"]))
            assert response.status_code == 200 and response.mimetype == mimetype
    default = client.get(f"/api/v1/versions/{version_id}/report", headers=auth(people["buyer"]))
    assert default.get_json() == {"findings": []}
    html = client.get(f"/api/v1/versions/{version_id}/report.html", headers=auth(people["buyer"]))
    assert "default-src 'none'" in html.headers["Content-Security-Policy"]
    assert_problem(client.get(f"/api/v1/versions/{version_id}/report?format=pdf", headers=auth(people["buyer"])), 400)


def test_failed_job_report_is_409_with_error(client, people):
    doc = upload(client, people["buyer"]).get_json()
    job = db.session.get(Job, doc["job"]["id"])
    job.status, job.error_code, job.error_message = "failed", "encrypted", "The PDF is password-protected."
    db.session.commit()
    body = assert_problem(client.get(f"/api/v1/versions/{doc['version']['id']}/report", headers=auth(people["buyer"])),
                          409, "job-failed")
    assert body["error"]["code"] == "encrypted"
    job_json = client.get(doc["job"]["url"], headers=auth(people["buyer"])).get_json()
    assert job_json["error"] == {"code": "encrypted", "message": "The PDF is password-protected."}


def test_findings_filters(client, people):
    doc = upload(client, people["buyer"]).get_json()
    version_id = doc["version"]["id"]
    finish(version_id, findings=6)
    url = f"/api/v1/versions/{version_id}/findings"
    everything = client.get(url, headers=auth(people["buyer"])).get_json()
    assert everything["total"] == 6 and everything["items"][0]["why"] == "because"
    assert everything["items"][0]["review_status"] == "open"
    errors = client.get(f"{url}?severity=error", headers=auth(people["buyer"])).get_json()
    assert errors["total"] == 3 and {f["severity"] for f in errors["items"]} == {"error"}
    one_rule = client.get(f"{url}?rule_id=PP-RISK-001&per_page=1", headers=auth(people["buyer"])).get_json()
    assert one_rule["total"] == 2 and len(one_rule["items"]) == 1 and "rule_id=PP-RISK-001" in one_rule["next"]
    assert client.get(f"{url}?review_status=dismissed", headers=auth(people["buyer"])).get_json()["total"] == 0
    assert client.get(f"{url}?category=RISK", headers=auth(people["buyer"])).get_json()["total"] == 6


def test_other_organisation_gets_404_everywhere(client, people):
    doc = upload(client, people["buyer"]).get_json()
    version_id, job_id = doc["version"]["id"], doc["job"]["id"]
    finish(version_id, findings=2)
    other = auth(people["other_buyer"])
    urls = [
        doc["url"],
        f"{doc['url']}/versions",
        f"/api/v1/versions/{version_id}",
        f"/api/v1/versions/{version_id}/findings",
        f"/api/v1/jobs/{job_id}",
        *[f"/api/v1/versions/{version_id}/report?format={fmt}" for fmt in ("json", "sarif", "csv", "html")],
        *[f"/api/v1/versions/{version_id}/report.{fmt}" for fmt in ("json", "sarif", "csv", "html")],
    ]
    for url in urls:
        assert client.get(url, headers=auth(people["buyer"])).status_code == 200, url
        assert_problem(client.get(url, headers=other), 404)
    assert_problem(upload(client, people["other_buyer"], url=f"{doc['url']}/versions"), 404)
    assert client.get("/api/v1/documents", headers=other).get_json()["total"] == 0
    assert client.get("/api/v1/jobs", headers=other).get_json()["total"] == 0
    assert client.get(f"/api/v1/jobs?version_id={version_id}", headers=other).get_json()["total"] == 0
    assert db.session.query(Version).filter_by(document_id=doc["id"]).count() == 1


# --- rules and the OpenAPI document ----------------------------------------------------------


def test_rules(client, people):
    rules = client.get("/api/v1/rules", headers=auth(people["buyer"])).get_json()
    assert rules["total"] == len(rules["items"]) > 0
    first = rules["items"][0]
    one = client.get(f"/api/v1/rules/{first['id']}", headers=auth(people["buyer"]))
    assert one.get_json()["id"] == first["id"] and one.get_json()["why"]
    by_name = client.get(f"/api/v1/rules/{first['name']}", headers=auth(people["buyer"])).get_json()
    assert by_name["id"] == first["id"]
    md = client.get(f"/api/v1/rules/{first['id']}?format=md", headers=auth(people["buyer"]))
    assert md.mimetype == "text/markdown" and md.get_data(as_text=True).startswith(f"## {first['id']}")
    severity = first["severity"]
    filtered = client.get(f"/api/v1/rules?severity={severity}", headers=auth(people["buyer"])).get_json()
    assert filtered["items"] and all(r["severity"] == severity for r in filtered["items"])
    assert_problem(client.get("/api/v1/rules/PP-NOPE-999", headers=auth(people["buyer"])), 404, "unknown-rule")
    assert_problem(client.get("/api/v1/rules", headers={}), 401)


def _flask_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len("/api/v1"):])
            routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return routes


def test_openapi_matches_routes(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    documented = {(path, method) for path, item in spec["paths"].items() for method in item
                  if method in {"get", "post", "put", "patch", "delete"}}
    assert documented == _flask_routes(app)
    for path, item in spec["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, path


def test_openapi_is_valid(client):
    validator = pytest.importorskip("openapi_spec_validator")
    spec = client.get("/api/v1/openapi.json").get_json()
    validator.validate(spec)
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": "Token from POST /tokens"}
    json.dumps(spec)


def test_responses_match_openapi_schemas(client, people):
    """Real responses validate against the schemas the document promises."""
    jsonschema = pytest.importorskip("jsonschema")
    spec = client.get("/api/v1/openapi.json").get_json()

    def check(body: Any, name: str) -> None:
        schema = {**spec["components"]["schemas"][name], "components": spec["components"]}
        jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator)

    doc = upload(client, people["buyer"]).get_json()
    check(doc, "UploadResult")
    finish(doc["version"]["id"], findings=1)
    headers = auth(people["buyer"])
    check(client.get(doc["url"], headers=headers).get_json(), "Document")
    check(client.get("/api/v1/documents", headers=headers).get_json(), "DocumentPage")
    check(client.get(f"{doc['url']}/versions", headers=headers).get_json(), "VersionPage")
    check(client.get(doc["job"]["url"], headers=headers).get_json(), "Job")
    check(client.get("/api/v1/jobs", headers=headers).get_json(), "JobPage")
    check(client.get(f"/api/v1/versions/{doc['version']['id']}/findings", headers=headers).get_json(), "FindingPage")
    check(client.get("/api/v1/rules", headers=headers).get_json(), "RuleList")
    check(client.get("/api/v1/documents?page=0", headers=headers).get_json(), "Problem")
