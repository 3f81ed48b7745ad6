"""The annotated document from the service: a real upload linted by a real worker, fetched through
the API and the report page, with dismissed findings left out and the organisation check applied."""

from __future__ import annotations

import io
from typing import Any

import docx

from tests.conftest import CORPUS

from .test_api import assert_problem, auth, upload
from .test_triage_api import patch
from .test_web import sign_in
from .test_worker import SAMPLE, finished, wait_for

TENDER = CORPUS / "uk-ccs-fm2017-performance-bond.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def comments(data: bytes) -> list[Any]:
    return [c for c in docx.Document(io.BytesIO(data)).comments if c.author == "tenderlint"]


def test_annotated_docx_through_api_and_report_page(client, people, worker):
    doc = upload(client, people["buyer"], data=TENDER.read_bytes(), name=TENDER.name).get_json()
    version_id, job_id = doc["version"]["id"], doc["job"]["id"]
    assert wait_for(job_id, finished).status == "done"
    findings = client.get(f"/api/v1/versions/{version_id}/findings?per_page=100", headers=auth(people["buyer"])).get_json()["items"]
    assert len(findings) >= 2

    response = client.get(f"/api/v1/versions/{version_id}/annotated", headers=auth(people["buyer"]))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == DOCX_TYPE
    assert "annotated.docx" in response.headers["Content-Disposition"]
    made = comments(response.data)
    assert len(made) == len(findings)
    first = findings[0]
    assert any(first["message"] in c.text and f"/jobs/{job_id}/report#f-{first['id']}" in c.text for c in made)

    assert patch(client, people["buyer"], first["id"], review_status="dismissed", reason="Not in this bond").status_code == 200
    after = comments(client.get(f"/api/v1/versions/{version_id}/annotated", headers=auth(people["buyer"])).data)
    assert len(after) == len(findings) - 1
    assert not any(f"#f-{first['id']}" in c.text for c in after)
    serious = comments(client.get(f"/api/v1/versions/{version_id}/annotated?severity=serious",
                                  headers=auth(people["buyer"])).data)
    assert len(serious) == sum(1 for f in findings[1:] if f["severity"] in ("error", "warning"))
    assert all(c.text.startswith(("error", "warning")) for c in serious)

    assert_problem(client.get(f"/api/v1/versions/{version_id}/annotated", headers=auth(people["other_buyer"])), 404)
    assert_problem(client.get(f"/api/v1/versions/{version_id}/annotated?severity=some",
                              headers=auth(people["buyer"])), 400)

    sign_in(client, people["buyer"])
    page = client.get(f"/jobs/{job_id}/report").get_data(as_text=True)
    assert f'href="/jobs/{job_id}/annotated"' in page and "findings as comments" in page
    download = client.get(f"/jobs/{job_id}/annotated?severity=serious")
    assert download.status_code == 200 and download.mimetype == DOCX_TYPE
    assert len(comments(download.data)) == len(serious)


def test_annotated_refuses_other_formats_and_is_documented(client, people, worker):
    doc = upload(client, people["buyer"], data=SAMPLE.read_bytes(), name=SAMPLE.name).get_json()
    assert wait_for(doc["job"]["id"], finished).status == "done"
    assert_problem(client.get(f"/api/v1/versions/{doc['version']['id']}/annotated", headers=auth(people["buyer"])),
                   415, "cannot-annotate")
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/versions/{version_id}/annotated"]["get"]
    assert operation["operationId"] == "getAnnotatedDocument"
    assert {"200", "404", "409", "415"} <= set(operation["responses"])
    sign_in(client, people["buyer"])
    page = client.get(f"/jobs/{doc['job']['id']}/report").get_data(as_text=True)
    assert "/annotated" not in page
