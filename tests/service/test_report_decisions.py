"""Decisions in the downloaded reports: a real worker checks the sample tender, then a dismissal
(with a reason and a comment) and an assignment show up in the JSON, CSV and HTML reports, through
the API and the report page's downloads, although the worker rendered them before any decision."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

from service.db import db
from service.models import Finding

from .test_api import auth, upload
from .test_web import sign_in
from .test_worker import SAMPLE, finished, wait_for


def test_reports_carry_the_decisions(app, client, people, worker) -> None:
    body = upload(client, people["buyer"], data=SAMPLE.read_bytes(), name=SAMPLE.name).get_json()
    job = wait_for(body["job"]["id"], finished)
    assert job.status == "done", job.error_message
    findings = list(db.session.scalars(select(Finding).where(Finding.job_id == job.id).order_by(Finding.start)))
    assert len(findings) >= 2
    dismissed, assigned = findings[0], findings[1]
    headers = auth(people["buyer"])
    client.patch(f"/api/v1/findings/{dismissed.id}", headers=headers,
                 json={"review_status": "dismissed", "dismissal_reason": "accepted-risk", "comment": "=Agreed with legal"})
    client.patch(f"/api/v1/findings/{assigned.id}", headers=headers, json={"assignee_id": people["manager"]["id"]})
    version = body["version"]["id"]

    report = json.loads(client.get(f"/api/v1/versions/{version}/report.json", headers=headers).get_data(as_text=True))
    reviews = {f["fingerprint"]: f["review"] for f in report["findings"]}
    assert reviews[dismissed.fingerprint]["status"] == "dismissed"
    assert reviews[dismissed.fingerprint]["dismissal_reason"] == "accepted-risk"
    assert reviews[dismissed.fingerprint]["reviewed_by"] == "buyer@example.org"
    assert reviews[assigned.fingerprint]["assignee"] == "manager@example.org"
    assert sum(r["status"] == "open" for r in reviews.values()) == len(reviews) - 1

    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/v1/versions/{version}/report.csv", headers=headers).get_data(as_text=True))))
    by_print = {r["fingerprint"]: r for r in rows}
    row = by_print[dismissed.fingerprint]
    assert (row["review_status"], row["dismissal_reason"]) == ("dismissed", "Accepted risk")
    assert row["comment"] == "'=Agreed with legal"  # a spreadsheet does not run it as a formula
    assert by_print[assigned.fingerprint]["assignee"] == "manager@example.org"

    html = client.get(f"/api/v1/versions/{version}/report.html", headers=headers).get_data(as_text=True)
    assert html.count("<p class='meta decision'>") == len(report["findings"])
    assert "Dismissed · Accepted risk · “=Agreed with legal” · by buyer@example.org" in html
    assert "assigned to manager@example.org" in html

    browser = app.test_client()
    sign_in(browser, people["buyer"])
    page_csv = browser.get(f"/jobs/{job.id}/report.csv").get_data(as_text=True)
    assert "review_status" in page_csv.splitlines()[0] and "Accepted risk" in page_csv
