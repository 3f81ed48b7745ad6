"""What the API refuses, and that the OpenAPI document says so (the hostile probe's findings):
huge page numbers (SQLite integer overflow, 500), empty or repeated query values silently
ignored, a number where a string is expected, non-finite contract values (and the bare NaN the
lists then emitted), so that every refusal is a 400/422 problem the spec documents."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from service.db import db
from service.models import Version
from service.paging import MAX_PAGE

from .test_api import assert_problem, auth, finish, upload

LISTS = ("/api/v1/documents", "/api/v1/jobs", "/api/v1/findings", "/api/v1/readiness/assessments")


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["9223372036854775807", "99999999999999999999999", str(MAX_PAGE + 1)])
def test_huge_page_numbers_are_a_400_not_a_500(client, people, url, page):
    body = assert_problem(client.get(f"{url}?page={page}", headers=auth(people["buyer"])), 400)
    assert "page" in body["detail"] and f"{MAX_PAGE:,}".replace(",", "") in body["detail"].replace(",", "")


def test_the_largest_page_is_served(client, people):
    body = client.get(f"/api/v1/documents?page={MAX_PAGE}&per_page=100", headers=auth(people["buyer"])).get_json()
    assert body["items"] == [] and body["page"] == MAX_PAGE and body["next"] is None


@pytest.mark.parametrize("query", ["page=", "per_page=", "page=%EF%BC%92", "page=%D9%A3", "page=1.0", "page=+2", "page= 2"])
def test_page_must_be_plain_digits(client, people, query):
    body = assert_problem(client.get(f"/api/v1/documents?{query}", headers=auth(people["buyer"])), 400)
    assert query.split("=")[0] in body["detail"]


@pytest.mark.parametrize("query", ["page=1&page=2", "status=queued&status=done", "per_page=5&per_page=5"])
def test_repeated_query_parameters_are_refused(client, people, query):
    body = assert_problem(client.get(f"/api/v1/jobs?{query}", headers=auth(people["buyer"])), 400, "repeated-parameter")
    assert query.split("=")[0] in body["detail"] and "once" in body["detail"]


@pytest.mark.parametrize("url", ["/api/v1/jobs?status=", "/api/v1/jobs?version_id=", "/api/v1/findings?severity=",
                                 "/api/v1/rules?audience=", "/api/v1/findings?document_id="])
def test_empty_query_values_are_refused(client, people, url):
    name = url.split("?")[1].rstrip("=")
    body = assert_problem(client.get(url, headers=auth(people["buyer"])), 400, "empty-parameter")
    assert name in body["detail"]


@pytest.mark.parametrize("url", ["/api/v1/findings?severity=fatal", "/api/v1/findings?category=NOPE",
                                 "/api/v1/rules?severity=fatal", "/api/v1/rules?audience=everyone"])
def test_filters_with_a_closed_set_refuse_other_values(client, people, url):
    body = assert_problem(client.get(url, headers=auth(people["buyer"])), 400)
    assert "must be one of" in body["detail"]


def test_valid_filters_still_work(client, people):
    doc = upload(client, people["buyer"]).get_json()
    finish(doc["version"]["id"], findings=4)
    headers = auth(people["buyer"])
    errors = client.get(f"/api/v1/versions/{doc['version']['id']}/findings?severity=error&category=RISK", headers=headers)
    assert errors.status_code == 200 and errors.get_json()["total"] == 2
    assert client.get("/api/v1/rules?severity=error&audience=supplier", headers=headers).status_code == 200


@pytest.mark.parametrize("body", [{"notes": 5.59}, {"notes": None}, {"notes": ["a"]}, {"date": 20260301}])
def test_readiness_fields_of_the_wrong_type_are_refused(client, people, body):
    created = client.post("/api/v1/readiness/assessments", json={}, headers=auth(people["buyer"])).get_json()
    response = client.patch(created["url"], json=body, headers=auth(people["buyer"]))
    problem = assert_problem(response, 422)
    assert problem["field"] == next(iter(body))
    refused = client.post("/api/v1/readiness/assessments", json=body, headers=auth(people["buyer"]))
    assert_problem(refused, 422)
    assert client.get(created["url"], headers=auth(people["buyer"])).get_json()["assessment"]["notes"] == ""


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e309"])
@pytest.mark.parametrize("field", ["value_total", "value_annual"])
def test_non_finite_contract_values_are_refused(client, people, value, field):
    body = assert_problem(upload(client, people["buyer"], **{field: value}), 422, "invalid-context")
    assert field in body["detail"]
    assert db.session.query(Version).count() == 0


def test_json_output_never_contains_nan(client, people):
    """A value stored before the input check (or by any other path) is sent as null, never bare NaN."""
    doc = upload(client, people["buyer"], value_total="1000").get_json()
    version = db.session.get(Version, doc["version"]["id"])
    version.context = {"value_total": math.nan, "value_annual": math.inf, "nested": [-math.inf, 1.5]}
    db.session.commit()
    response = client.get("/api/v1/documents", headers=auth(people["buyer"]))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    parsed = json.loads(text, parse_constant=lambda name: pytest.fail(f"bare {name} in JSON output"))
    assert parsed["items"][0]["latest_version"]["context"] == {"value_total": None, "value_annual": None,
                                                                 "nested": [None, 1.5]}


def _spec(client: Any) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").get_json()


def test_spec_states_the_paging_bounds_and_refusals(client):
    spec = _spec(client)
    for path in ("/documents", "/jobs", "/findings", "/readiness/assessments", "/documents/{document_id}/versions",
                 "/versions/{version_id}/findings"):
        operation = spec["paths"][path]["get"]
        params = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert params["page"]["maximum"] == MAX_PAGE and params["page"]["minimum"] == 1, path
        assert params["per_page"]["maximum"] == 100, path
        assert "400" in operation["responses"], path
    problems = spec["components"]["responses"]["Problem400"]["description"]
    assert "repeated" in problems and "empty" in problems


def test_spec_query_parameters_refuse_empty_strings_and_name_their_enums(client):
    spec = _spec(client)
    for path, item in spec["paths"].items():
        for operation in item.values():
            for param in operation.get("parameters", []):
                schema = param["schema"]
                if param["in"] == "query" and schema.get("type") == "string" and "enum" not in schema:
                    assert schema.get("minLength") == 1 or schema.get("format") == "date", (path, param["name"])
                if param["in"] == "query":
                    assert "400" in operation["responses"] or "422" in operation["responses"], (path, param["name"])
    findings = {p["name"]: p["schema"] for p in spec["paths"]["/findings"]["get"]["parameters"]}
    assert set(findings["severity"]["enum"]) == {"error", "warning", "info"}
    assert "RISK" in findings["category"]["enum"]
    upload_schema = spec["components"]["schemas"]["Upload"]["properties"]["value_total"]
    assert "finite" in upload_schema["description"]
    patch = spec["components"]["schemas"]["ReadinessPatch"]["properties"]
    assert patch["notes"]["type"] == "string"
