"""Clarification questions in the service: the API from a real worker's lint, and the web page."""

from __future__ import annotations

from typing import Any

from service.models import Finding
from service.db import db

from .test_api import assert_problem, auth, upload
from .test_triage_api import patch, schema_check
from .test_web import done_job, sign_in
from .test_worker import SAMPLE, finished, wait_for


def questions(client: Any, person: dict[str, str], version_id: str, query: str = "") -> Any:
    return client.get(f"/api/v1/versions/{version_id}/questions{query}", headers=auth(person))


def test_questions_api_from_a_real_lint(client, people, worker):
    doc = upload(client, people["buyer"], data=SAMPLE.read_bytes(), name=SAMPLE.name).get_json()
    version_id = doc["version"]["id"]
    assert wait_for(doc["job"]["id"], finished).status == "done"

    body = questions(client, people["supplier"], version_id).get_json()
    schema_check(client, body, "QuestionList")
    assert body["total"] == len(body["items"]) >= 5
    assert [q["number"] for q in body["items"]] == list(range(1, body["total"] + 1))
    assert all(q["question"].rstrip().endswith(("?", ".")) and q["finding_id"] for q in body["items"])
    turnover = next(q for q in body["items"] if "clause 3.1" in q["where"])  # one question for the clause's findings
    assert "1,000,000" in turnover["quote"] and "minimum turnover" in turnover["question"]
    assert len([q for q in body["items"] if "clause 3.1" in q["where"]]) == 1

    markdown = questions(client, people["supplier"], version_id, "?format=md")
    assert markdown.mimetype == "text/markdown"
    assert markdown.get_data(as_text=True).startswith("# Clarification questions: ")
    assert turnover["question"] in markdown.get_data(as_text=True)

    assert patch(client, people["supplier"], turnover["finding_id"], review_status="dismissed", reason="We meet it").status_code == 200
    after = questions(client, people["supplier"], version_id).get_json()["items"]
    assert turnover["finding_id"] not in {q["finding_id"] for q in after}
    chosen = after[0]
    assert patch(client, people["supplier"], chosen["finding_id"], review_status="confirmed").status_code == 200
    confirmed = questions(client, people["supplier"], version_id, "?review_status=confirmed").get_json()
    assert [q["finding_id"] for q in confirmed["items"]] == [chosen["finding_id"]]

    assert_problem(questions(client, people["other_buyer"], version_id), 404)
    assert_problem(questions(client, people["buyer"], version_id, "?format=pdf"), 400)


def test_questions_wait_for_a_finished_lint(client, people):
    doc = upload(client, people["buyer"]).get_json()  # no worker: the job stays queued
    assert_problem(questions(client, people["buyer"], doc["version"]["id"]), 409, "not-ready")


def test_questions_page(client, people):
    job = done_job(people)
    sign_in(client, people["buyer"])
    page = client.get(f"/jobs/{job.id}/questions")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "PP-PROC-007" in html and "PP-RISK-003" not in html  # only findings meant for suppliers
    assert "<script>alert(" not in html and "&lt;script&gt;alert(" in html  # the quote is escaped
    assert 'id="text-1"' in html and "PP-PROC-007 message" in html  # each question editable
    report = client.get(f"/jobs/{job.id}/report").get_data(as_text=True)
    assert f"/jobs/{job.id}/questions" in report

    only = client.get(f"/jobs/{job.id}/questions?only=confirmed").get_data(as_text=True)
    assert 'id="no-questions"' in only and "No confirmed findings" in only
    finding = db.session.scalars(db.select(Finding).where(Finding.job_id == job.id, Finding.rule_id == "PP-PROC-007")).one()
    finding.review_status = "confirmed"
    db.session.commit()
    assert "PP-PROC-007" in client.get(f"/jobs/{job.id}/questions?only=confirmed").get_data(as_text=True)

    download = client.get(f"/jobs/{job.id}/questions.md")
    assert download.mimetype == "text/markdown" and "attachment" in download.headers["Content-Disposition"]
    assert download.get_data(as_text=True).startswith("# Clarification questions: Parking <b>ITT</b>")

    sign_in(client, people["other_buyer"])
    assert client.get(f"/jobs/{job.id}/questions").status_code == 404
    assert client.get(f"/jobs/{job.id}/questions.md").status_code == 404
