""""Can we bid?" in the service (issue #12 items 2-4): the gates API on a real corpus tender checked
by the real worker, without and with a supplier profile; the questions starting from the failed
gates, with no rule ids, as Markdown and DOCX; the page, the highlighted passage, and the questions
edited on the page before download."""

from __future__ import annotations

import io
import re
from typing import Any

import docx

from service.db import db
from service.models import Job, Report, User

from .test_api import assert_problem, auth, upload
from .test_review_workflow_api import call
from .test_triage_api import schema_check
from .test_web import csrf, first_version, sign_in
from .conftest import REPO
from .test_worker import finished, wait_for

# A Crown Commercial Service DPS guide whose selection criteria demand insurance cover and Cyber Essentials.
CORPUS_PDF = REPO.parent / "shared" / "corpus" / "tenders" / "uk-ccs-rm6242-dps-needs.pdf"
FIRM = {"turnover": [200000, 180000], "insurance": {"public_liability": 1000000, "employers_liability": 5000000},
        "certifications": ["ISO 9001"], "years_trading": 2, "staff": 4, "consortium": False}


# Written for this test: three demands on bidders, and no findings stored (so no rule objects).
TENDER = """# Invitation to tender: grounds maintenance for Eastmere Parish Council

## 3. Selection

3.1 Bidders must have a minimum annual turnover of £500,000.

3.2 Bidders must hold public liability insurance of at least £5,000,000 when they submit a tender.

3.3 Bidders must attend a mandatory site visit at the depot on 4 May 2026.
""".encode()


def checked_tender(person: dict[str, str], data: bytes = TENDER) -> Job:
    """A finished check of TENDER, as the worker leaves it, without findings."""
    user = db.session.get(User, person["id"])
    version = first_version(user, "Grounds maintenance ITT", data)
    job = Job(version_id=version.id, organisation_id=user.organisation_id, status="done", stage="done")
    db.session.add(job)
    db.session.flush()
    db.session.add(Report(job_id=job.id, format="json", content='{"context": {}}'))
    db.session.commit()
    return job


def gates(client: Any, person: dict[str, str], version_id: str) -> Any:
    return client.get(f"/api/v1/versions/{version_id}/gates", headers=auth(person))


def test_gates_api_on_a_corpus_tender(client, people, worker):
    doc = upload(client, people["supplier"], data=CORPUS_PDF.read_bytes(), name=CORPUS_PDF.name).get_json()
    version_id = doc["version"]["id"]
    assert wait_for(doc["job"]["id"], finished).status == "done"

    before = gates(client, people["supplier"], version_id).get_json()
    schema_check(client, before, "Gates")
    assert before["has_profile"] is False
    assert before["summary"]["gates"] >= 4 and before["summary"]["unknown"] == before["summary"]["gates"]

    assert call(client, people["supplier"], "PUT", "/profile", **FIRM).status_code == 200
    body = gates(client, people["supplier"], version_id).get_json()
    schema_check(client, body, "Gates")
    assert body["has_profile"] is True and body["version"]["id"] == version_id
    by_subject = {g["subject"]: g for g in body["gates"] if g["kind"] == "insurance"}
    public = by_subject["public_liability"]
    assert public["status"] == "does_not_meet" and "£1m" in public["reason"] and "£2m" in public["reason"]
    assert "Public Liability Insurance of £2,000,000" in public["quote"] and public["location"]["page"] == 13
    assert "page 13" in public["where"]
    assert by_subject["employers_liability"]["status"] == "meets"
    assert by_subject["professional_indemnity"]["status"] == "does_not_meet"
    objection = next(o for o in public["objections"] if o["rule_id"] == "PP-PROP-004")
    assert objection["sources"] and objection["finding_id"]
    cyber = next(g for g in body["gates"] if g["kind"] == "accreditation")
    assert cyber["status"] == "does_not_meet" and "PP-PROP-008" in {o["rule_id"] for o in cyber["objections"]}
    assert body["summary"]["does_not_meet"] == 3 and body["summary"]["meets"] >= 1

    effort = body["effort"]
    assert 0 < effort["person_days"]["low"] < effort["person_days"]["high"]
    assert len(effort["costliest"]) == 3 and "estimate" in effort["note"].lower()
    assert effort["measures"]["pages"] == 24

    # the passage link opens the check's document page with the demand marked
    sign_in(client, people["supplier"])
    marked = client.get(public["passage_url"].split("#")[0]).get_data(as_text=True)
    # its own mark, or an anchor inside the mark of the finding on the same words
    anchor = marked.index('id="q-demand"')
    assert "<mark " in marked[anchor - 250:anchor] and "Public Liability Insurance of £2,000,000" in marked[anchor:anchor + 150]

    # the questions start from the failed gates: clause 44's insurance and certificate demands, asked once
    questions = call(client, people["supplier"], "GET", f"/versions/{version_id}/questions").get_json()["items"]
    assert questions[0]["rule_id"] == "PP-PROP-004" and "clause 44" in questions[0]["where"]
    assert "cover" in questions[0]["question"] and "equivalent certification" in questions[0]["question"]
    assert body["questions"] == questions
    assert len({q["where"] for q in questions if "clause" in q["where"]}) == len([q for q in questions if "clause" in q["where"]])
    word = client.get(f"/api/v1/versions/{version_id}/questions?format=docx", headers=auth(people["supplier"]))
    assert word.status_code == 200 and word.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in word.headers["Content-Disposition"]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs]
    assert paragraphs[0].startswith("Clarification questions: ") and questions[0]["question"] in paragraphs
    assert not any("PP-" in text for text in paragraphs)

    assert_problem(gates(client, people["other_buyer"], version_id), 404)
    assert_problem(call(client, people["other_buyer"], "GET", f"/versions/{version_id}/questions"), 404)


def test_gates_wait_for_a_finished_check_and_a_file_read_once_may_become_unreadable(client, people):
    doc = upload(client, people["buyer"]).get_json()  # no worker: the job stays queued
    assert_problem(gates(client, people["buyer"], doc["version"]["id"]), 409, "not-ready")
    image = checked_tender(people["buyer"], b"\x89PNG\r\n\x1a\n" + bytes(64))  # as if a later parser refused it
    assert_problem(gates(client, people["buyer"], image.version_id), 409, "document-unreadable")


def test_gates_page_and_questions_edited_before_download(client, people):
    job = checked_tender(people["supplier"])
    sign_in(client, people["supplier"])
    page = client.get(f"/jobs/{job.id}/gates").get_data(as_text=True)
    assert 'id="no-profile"' in page and 'href="/profile"' in page
    assert "Does not meet" not in page and "Unknown" in page
    assert 'id="effort-range"' in page and "person-days" in page and "estimate" in page
    assert f"/jobs/{job.id}/gates" in client.get(f"/jobs/{job.id}/report").get_data(as_text=True)
    assert f"/jobs/{job.id}/gates" in client.get(f"/documents/{job.version.document_id}").get_data(as_text=True)

    assert call(client, people["supplier"], "PUT", "/profile", turnover=[90000], years_trading=1).status_code == 200
    page = client.get(f"/jobs/{job.id}/gates").get_data(as_text=True)
    assert 'id="no-profile"' not in page
    assert "Does not meet: your latest turnover £90,000 is below £500,000" in page
    assert f"/jobs/{job.id}/document?mark=" in page

    url = f"/jobs/{job.id}/questions"
    shown = client.get(url).get_data(as_text=True)
    assert 'id="text-1"' in shown and "Drafted from a gate you do not meet: Turnover" in shown
    first = re.search(r'<textarea[^>]*id="text-1"[^>]*>([^<]*)</textarea>', shown).group(1)
    assert "turnover" in first
    count = len(re.findall(r'id="text-\d+"', shown))
    edits = {f"text-{n}": "" for n in range(2, count + 1)}  # emptied: left out
    sent = client.post(url, data={"csrf_token": csrf(client, url), "format": "md",
                                  "text-1": "Would you accept our two years of accounts instead?", **edits})
    assert sent.status_code == 200 and sent.mimetype == "text/markdown"
    text = sent.get_data(as_text=True)
    assert "1. **" in text and "2. **" not in text and "   Would you accept our two years of accounts instead?" in text
    assert "1 question about this tender" in text

    word = client.post(url, data={"csrf_token": csrf(client, url), "format": "docx",
                                  "text-1": "Our own wording\x01 of the question."})
    assert word.status_code == 200 and "questions.docx" in word.headers["Content-Disposition"]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs]
    assert "Our own wording of the question." in paragraphs and len(paragraphs) > 4

    sign_in(client, people["other_buyer"])
    assert client.get(f"/jobs/{job.id}/gates").status_code == 404
    assert client.post(url, data={"csrf_token": csrf(client, "/profile"), "format": "md"}).status_code == 404
