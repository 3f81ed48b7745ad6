"""The web pages through Flask's test client: sign-in, CSRF, uploads, scoping, escaping, reports.

No worker: finished jobs are built directly in the database as test data.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from flask import g

from service.db import db
from service.models import Document, Finding, Job, Report, Version
from service.storage import put_blob
from service.web.highlight import Span, segments, spans_for

SAMPLE = b"# Invitation to tender\n\n1.1 The Supplier's liability shall be unlimited.\n"
HOSTILE = "<script>alert('x')</script> The Supplier shall indemnify the Council."


def csrf(client, url: str) -> str:
    # The test's app context lives across requests, so drop the token cached on `g`
    # (a real server starts each request with a fresh context).
    g.pop("csrf_token", None)
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def sign_in(client, person: dict[str, str]):
    token = csrf(client, "/sign-in")
    response = client.post("/sign-in", data={"email": person["email"], "password": person["password"], "csrf_token": token})
    g.pop("csrf_token", None)
    return response


def upload(client, url: str = "/upload", **fields: Any):
    data = {"csrf_token": csrf(client, url), **fields}
    return client.post(url, data=data, content_type="multipart/form-data")


def finding(job: Job, rule_id: str, severity: str, category: str, quote: str, start: int,
            audiences: tuple[str, ...] = ("buyer",)) -> Finding:
    data = {"rule_id": rule_id, "rule_name": "test-rule", "severity": severity, "category": category,
            "audiences": list(audiences), "message": f"{rule_id} message", "quote": quote,
            "location": {"page": 1, "section": ["Terms"], "clause": "1.1", "block": 1, "start": start, "end": start + len(quote)},
            "why": "Because.", "fix": "Change it.", "sources": [{"title": "A source", "pinpoint": "reg 1", "tag": "P",
                                                                   "url": "javascript:alert(1)"}],
            "confidence": 0.9, "fingerprint": rule_id, "note": "", "count": 1}
    return Finding(job_id=job.id, version_id=job.version_id, organisation_id=job.organisation_id, rule_id=rule_id,
                   severity=severity, category=category, message=data["message"], quote=quote, page=1, clause="1.1",
                   start=start, end=start + len(quote), fingerprint=rule_id, data=data)


def first_version(user, title: str, data: bytes = SAMPLE) -> Version:  # type: ignore[no-untyped-def]
    """A new document of `user`'s organisation with one version (the sample's bytes), flushed."""
    document = Document(organisation_id=user.organisation_id, title=title, created_by=user.id)
    db.session.add(document)
    db.session.flush()
    version = Version(document_id=document.id, organisation_id=user.organisation_id, number=1, filename="itt.md",
                      blob_sha256=put_blob(data), size=len(data), uploaded_by=user.id, context={})
    db.session.add(version)
    db.session.flush()
    return version


def done_job(people: dict, key: str = "buyer", text: str = HOSTILE) -> Job:
    """A finished check of a two-block document with three findings, as the worker leaves it."""
    from service.models import User

    user = db.session.get(User, people[key]["id"])
    heading = "1. Terms"
    blocks = [
        {"kind": "heading", "text": heading, "page": 1, "section": [heading], "clause": "1", "start": 0,
         "end": len(heading), "level": 1},
        {"kind": "paragraph", "text": text, "page": 1, "section": [heading], "clause": "1.1",
         "start": len(heading) + 1, "end": len(heading) + 1 + len(text)},
    ]
    version = first_version(user, "Parking <b>ITT</b>")
    job = Job(version_id=version.id, organisation_id=user.organisation_id, status="done", stage="done")
    db.session.add(job)
    db.session.flush()
    start = blocks[1]["start"]
    db.session.add_all([
        finding(job, "PP-RISK-003", "error", "RISK", "The Supplier shall indemnify the Council.", start + text.index("The")),
        finding(job, "PP-PROC-007", "warning", "PROC", text[:28], start, audiences=("buyer", "supplier")),
        finding(job, "PP-PAY-001", "info", "PAY", "", 0, audiences=("manager",)),
    ])
    report = {"document": {"format": "markdown", "pages": None, "words": 12},
              "rule_results": [{"rule_id": "PP-RISK-003", "status": "flagged", "count": 1, "reason": ""},
                               {"rule_id": "PP-EVAL-001", "status": "not_applicable", "count": 0,
                                "reason": "documents under 1500 words are not judged"}],
              "scores": {"rules_checked": 2}}
    db.session.add_all([
        Report(job_id=job.id, format="json", content=json.dumps(report)),
        Report(job_id=job.id, format="csv", content="rule_id,severity\nPP-RISK-003,error\n"),
        Report(job_id=job.id, format="extract", content=json.dumps({"schema_version": "1.0", "blocks": blocks})),
    ])
    db.session.commit()
    return job


def error_summary(html: str) -> list[str]:
    box = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<a [^>]*>(.*?)</a>", box.group(1), re.S)] if box else []


# sign in and out

def test_sign_in_failure_shows_the_error_summary(client, people) -> None:
    response = sign_in(client, {"email": people["buyer"]["email"], "password": "wrong"})
    assert response.status_code == 400
    assert error_summary(response.text) == ["Enter a correct email address and password"]
    assert "<title>Error: Sign in" in response.text


def test_sign_in_and_out(client, people) -> None:
    assert client.get("/documents").status_code == 302
    response = sign_in(client, people["buyer"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/documents")
    page = client.get("/documents")
    assert page.status_code == 200 and "Sign out" in page.text
    response = client.post("/sign-out", data={"csrf_token": csrf(client, "/documents")})
    assert response.status_code == 302
    assert client.get("/documents").status_code == 302


def test_posts_without_a_csrf_token_are_refused(app, client, people) -> None:
    assert app.config.get("WTF_CSRF_ENABLED", True)
    refused = client.post("/sign-in", data={"email": people["buyer"]["email"], "password": people["buyer"]["password"]})
    assert refused.status_code == 400
    sign_in(client, people["buyer"])
    assert client.post("/upload", data={"file": (io.BytesIO(SAMPLE), "itt.md")},
                       content_type="multipart/form-data").status_code == 400
    assert client.post("/sign-out").status_code == 400
    assert db.session.query(Document).count() == 0


# upload

@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Select a document to check"),
        ({"file": (b"", "empty.md")}, "The selected file is empty"),
        ({"file": (b"\x89PNG\r\n\x1a\n" + b"0" * 64, "plan.png")}, "plan.png is a PNG image, not a document"),
        ({"file": (SAMPLE, "itt.md"), "value_total": "lots"}, "Contract value must be an amount in pounds"),
    ],
)
def test_upload_errors_use_the_error_summary(client, people, fields, message) -> None:
    sign_in(client, people["buyer"])
    # a fresh stream per run: each case runs once per database engine, and a sent stream is closed
    fields = {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in fields.items()}
    response = upload(client, **fields)
    assert response.status_code == 400
    assert any(item.startswith(message) for item in error_summary(response.text)), error_summary(response.text)
    assert 'class="govuk-error-message"' in response.text
    assert db.session.query(Document).count() == 0


def test_upload_too_large(app, client, people) -> None:
    app.config["MAX_UPLOAD_BYTES"] = 1024
    sign_in(client, people["buyer"])
    response = upload(client, file=(io.BytesIO(b"word " * 600), "long.txt"))
    assert response.status_code == 400
    assert "the limit is" in error_summary(response.text)[0]


def test_upload_queues_a_job_and_shows_progress(client, people) -> None:
    sign_in(client, people["buyer"])
    response = upload(client, file=(io.BytesIO(SAMPLE), "itt.md"), title="Parking", value_total="£180,000",
                      regime="pa-2023", profile="")
    assert response.status_code == 302
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    job = db.session.get(Job, job_id)
    assert job.status == "queued" and job.version.document.title == "Parking"
    assert job.version.context == {"value_total": 180000.0, "regime": "pa-2023"}
    page = client.get(f"/jobs/{job_id}")
    assert '<progress id="job-progress"' in page.text
    assert '<noscript><meta http-equiv="refresh"' in page.text
    status = client.get(f"/jobs/{job_id}/status.json").get_json()
    assert status["status"] == "queued" and status["finished"] is False and status["report_url"] is None
    listing = client.get("/documents").text
    assert "Parking" in listing and "Queued" in listing

    document_id = job.version.document_id
    again = upload(client, f"/documents/{document_id}/upload", file=(io.BytesIO(SAMPLE + b"More.\n"), "itt-v2.md"))
    assert again.status_code == 302
    assert [v.number for v in db.session.get(Document, document_id).versions] == [1, 2]
    assert "Version 2" in client.get(f"/documents/{document_id}").text


def test_documents_are_paginated(client, people) -> None:
    for number in range(23):
        done_job(people).version.document.title = f"Tender {number:02d}"
    db.session.commit()
    sign_in(client, people["buyer"])
    first, second = client.get("/documents").text, client.get("/documents?page=2").text
    assert first.count('<th scope="row"') == 20 and second.count('<th scope="row"') == 3
    assert "govuk-pagination" in first and "1 error, 1 warning" in first


# scoping

def test_another_organisations_rows_are_not_found(client, people) -> None:
    job = done_job(people, "buyer")
    sign_in(client, people["other_buyer"])
    document_id = job.version.document_id
    for url in (f"/documents/{document_id}", f"/documents/{document_id}/upload", f"/jobs/{job.id}",
                f"/jobs/{job.id}/status.json", f"/jobs/{job.id}/report", f"/jobs/{job.id}/document",
                f"/jobs/{job.id}/report.csv"):
        assert client.get(url).status_code == 404, url
    assert upload(client, "/upload").status_code == 400  # a fresh form works; theirs does not
    assert client.post(f"/documents/{document_id}/upload", data={"csrf_token": csrf(client, "/upload")}).status_code == 404
    assert "Parking" not in client.get("/documents").text


# escaping and the document view

def test_document_text_is_escaped(client, people) -> None:
    job = done_job(people)
    sign_in(client, people["buyer"])
    view = client.get(f"/jobs/{job.id}/document").text
    report = client.get(f"/jobs/{job.id}/report").text
    for html in (view, report):
        assert "<script>alert" not in html and "&lt;script&gt;alert(" in html
        assert "<b>ITT</b>" not in html and "Parking &lt;b&gt;ITT&lt;/b&gt;" in html
    assert 'href="javascript:' not in report


def test_document_view_marks_findings_in_place(client, people) -> None:
    job = done_job(people)
    ids = {f.rule_id: f.id for f in db.session.query(Finding).filter_by(job_id=job.id)}
    sign_in(client, people["buyer"])
    view = client.get(f"/jobs/{job.id}/document").text
    assert '<h2 class="govuk-heading-l">1. Terms</h2>' in view
    assert f'id="q-{ids["PP-RISK-003"]}"' in view and f'id="q-{ids["PP-PROC-007"]}"' in view
    assert re.search(r'<mark class="tl-mark tl-mark--error" data-rule="PP-RISK-003"[^>]*>The Supplier shall indemnify the Council\.</mark>', view)
    assert f'#f-{ids["PP-RISK-003"]}">PP-RISK-003</a>' in view
    assert "Page 1" in view
    report = client.get(f"/jobs/{job.id}/report").text
    assert f'/document?focus={ids["PP-RISK-003"]}#focus' in report and f'id="f-{ids["PP-RISK-003"]}"' in report
    focused = client.get(f'/jobs/{job.id}/document?focus={ids["PP-RISK-003"]}').text
    callout = focused.split('id="focus"', 1)[1].split("</aside>", 1)[0]
    assert "PP-RISK-003" in callout and focused.index('id="focus"') < focused.index(f'id="q-{ids["PP-RISK-003"]}"')


def test_highlight_segments_split_overlapping_spans() -> None:
    spans = [Span(10, 20, "a", "R-1", "warning"), Span(15, 30, "b", "R-2", "error")]
    parts = segments("0123456789abcdefghij", 5, spans)
    assert [p.text for p in parts] == ["01234", "56789", "abcde", "fghij"]
    assert [p.rules for p in parts] == ["", "R-1", "R-1 R-2", "R-2"]
    assert [a.finding_id for a in parts[1].anchors] == ["a"] and [a.finding_id for a in parts[2].anchors] == ["b"]
    assert [e.finding_id for e in parts[2].endings] == ["a"] and parts[3].endings == []
    assert parts[2].severity == "error"


def test_every_place_of_a_grouped_finding_is_marked_and_linkable() -> None:
    class Row:  # a stored finding as the document view reads it
        id, rule_id, severity, quote, start, end = "f1", "PP-PROC-009", "warning", "first", 0, 5
        data = {"also": [{"quote": "second", "location": {"start": 10, "end": 16}}, {"quote": "", "location": {"start": 20, "end": 20}}]}

    spans = spans_for([Row()])
    assert [(s.start, s.end, s.anchor) for s in spans] == [(0, 5, "q-f1"), (10, 16, "q-f1-1")]


# the report

def count_shown(html: str) -> tuple[int, int]:
    shown, total = re.search(r"Showing (\d+) of (\d+) finding", html).groups()
    return int(shown), int(total)


def test_report_summary_and_filters(client, people) -> None:
    job = done_job(people)
    sign_in(client, people["buyer"])
    url = f"/jobs/{job.id}/report"
    page = client.get(url).text
    assert count_shown(page) == (3, 3)
    assert "RISK Costs and risks" in page and "Not applicable" in page and "documents under 1500 words" in page
    assert count_shown(client.get(f"{url}?severity=error").text) == (1, 3)
    assert count_shown(client.get(f"{url}?severity=error&severity=info").text) == (2, 3)
    assert count_shown(client.get(f"{url}?family=PROC").text) == (1, 3)
    assert count_shown(client.get(f"{url}?audience=supplier").text) == (1, 3)
    assert count_shown(client.get(f"{url}?audience=manager&family=PAY").text) == (1, 3)
    assert count_shown(client.get(f"{url}?severity=bogus").text) == (3, 3)
    filtered = client.get(f"{url}?family=PROC").text
    assert 'value="PROC" checked' in filtered


def test_report_downloads(client, people) -> None:
    job = done_job(people)
    sign_in(client, people["buyer"])
    response = client.get(f"/jobs/{job.id}/report.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="itt-v1.csv"'
    assert "PP-RISK-003" in response.text
    assert client.get(f"/jobs/{job.id}/report.sarif").status_code == 404  # not stored for this job
    assert client.get(f"/jobs/{job.id}/report.exe").status_code == 404
    page = client.get(f"/jobs/{job.id}/report").text
    assert f"/jobs/{job.id}/report.csv" in page and f"/jobs/{job.id}/report.sarif" not in page


def test_unfinished_job_redirects_from_report_to_progress(client, people) -> None:
    job = done_job(people)
    job.status = "running"
    db.session.commit()
    sign_in(client, people["buyer"])
    assert client.get(f"/jobs/{job.id}/report").headers["Location"].endswith(f"/jobs/{job.id}")
    assert client.get(f"/jobs/{job.id}/report.csv").status_code == 409


# rules and headers

def test_rule_catalogue(client) -> None:
    listing = client.get("/rules")
    assert listing.status_code == 200
    assert "RISK Costs and risks" in listing.text and "/rules/PP-RISK-001" in listing.text
    page = client.get("/rules/PP-RISK-001").text
    for heading in ("What it finds", "Why it matters", "How to fix it", "Examples", "Sources", "Measured accuracy"):
        assert f">{heading}</h2>" in page
    assert "Not tuned for (blind, before fixes)" in page
    assert client.get("/rules/PP-NOPE-999").status_code == 404


def test_rule_page_says_when_a_rule_reports_at_info_for_now(client) -> None:
    from tenderlint.rulepack.loader import default_pack

    provisional = [r for r in default_pack().rules if r.provisional]
    assert provisional, "rules/measured.yaml names rules below the blind precision bar"
    page = client.get(f"/rules/{provisional[0].id}").text
    assert "Reported as info for now" in page


def test_pages_send_security_headers_and_no_gov_uk_branding(client, people) -> None:
    sign_in(client, people["buyer"])
    response = client.get("/documents")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'<script nonce="{nonce}">' in response.text
    assert "govuk-header__logotype" not in response.text and "Crown copyright" not in response.text
    assert "govuk-service-navigation__service-name" in response.text


def test_table_cells_are_grouped_into_rows() -> None:
    from service.web.extract import ShownBlock, group_tables

    def cell(text: str, row: int, table: int | None = 0) -> tuple[ShownBlock, str]:
        return ShownBlock("table_cell" if table is not None else "paragraph", text, None, None, None, 0, table, row), text

    items = group_tables([cell("intro", 0, None), cell("A", 0), cell("B", 0), cell("1", 1), cell("2", 1), cell("end", 0, None)])
    assert [item["extra"] if "extra" in item else [[t for _, t in r] for r in item["rows"]] for item in items] == [
        "intro", [["A", "B"], ["1", "2"]], "end"]
