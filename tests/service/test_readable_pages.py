"""Issue #11 item 7 without a browser: "What we checked" in plain words, the catalogue's example
wording, the job page's refresh without JavaScript, the readiness task list's pages (roles,
another organisation's 404, a signed-off record), and an imported assessment never signed off."""

from __future__ import annotations

import json
import re
from flask import g
from sqlalchemy import select

from service.db import db
from service.models import Report
from service.readiness_models import ReadinessAssessment

from .test_api import finish, upload
from .test_readiness_web import new_assessment, save, sign_off
from .test_review_workflow_api import team  # noqa: F401  (fixture)
from .test_review_workflow_web import as_, post
from .test_web import csrf, error_summary, sign_in

RESULTS = [
    {"rule_id": "PP-RISK-001", "status": "flagged", "count": 1, "reason": ""},
    {"rule_id": "PP-RISK-002", "status": "passed", "count": 0, "reason": ""},
    {"rule_id": "PP-PAY-001", "status": "passed", "count": 0, "reason": ""},
    {"rule_id": "PP-EVAL-008", "status": "not_applicable", "count": 0, "reason": "needs regime, which is unknown"},
    {"rule_id": "PP-PROP-005", "status": "could_not_check", "count": 0, "reason": "needs one of the facts value_total, value_annual"},
]


def test_what_we_checked_is_in_plain_words_near_the_top(app, client, team) -> None:
    body = upload(client, team["buyer"]).get_json()
    job = finish(body["version"]["id"])
    row = db.session.get(Report, (job.id, "json"))
    row.content = json.dumps({"findings": [], "rule_results": RESULTS, "context": {}})
    db.session.commit()
    page = as_(app, team["buyer"]).get(f"/jobs/{job.id}/report").text
    summary = page.split('id="what-we-checked"', 1)[1].split("</ul>", 1)[0]
    lines = [re.sub(r"\s+", " ", line).strip() for line in re.findall(r"<li>(.*?)</li>", summary, re.S)]
    assert lines == ["1 rule found something to look at (the findings below).", "2 rules found nothing to flag.",
                     "1 rule did not apply to this kind of document, its size or its value.",
                     "1 rule could not be checked without a fact the document does not give."]
    assert "value_total" not in summary and "regime" not in summary  # no fact names or internal reasons
    assert page.index('id="what-we-checked"') < page.index('id="findings"')


def test_the_catalogue_never_shows_a_placeholder(client, people) -> None:
    listing = client.get("/rules").text
    table = listing.split("<table", 1)[1]
    assert not re.search(r"\{\w+\}", table)
    assert "The document is hard to read: sentences average" in listing  # PP-DOC-001's example wording
    page = client.get("/rules/PP-DOC-001").text
    message = page.split('id="rule-message">', 1)[1].split("</p>", 1)[0]
    assert "{detail}" not in message and message.startswith("The document is hard to read: ")
    assert "An example: in a report" in page
    plain = client.get("/rules/PP-EVAL-001").text  # a message without placeholders is shown as it is
    assert "An example: in a report" not in plain


def test_the_job_page_refreshes_itself_without_javascript_until_the_check_ends(app, client, team) -> None:
    body = upload(client, team["buyer"]).get_json()
    browser = as_(app, team["buyer"])
    waiting = browser.get(f"/jobs/{body['job']['id']}").text
    assert re.search(r'<noscript><meta http-equiv="refresh" content="\d+"></noscript>', waiting)
    job = finish(body["version"]["id"])
    done = browser.get(f"/jobs/{job.id}").text
    assert 'http-equiv="refresh"' not in done and "View the report" in done


def test_task_list_pages_for_each_role_and_organisation(app, client, team) -> None:
    sign_in(client, team["buyer"])
    url = new_assessment(client)
    overview = client.get(url).text
    assert overview.count('class="govuk-task-list__item govuk-task-list__item--with-link"') >= 7
    assert f'href="{url}/sections/geography"' in overview and f'href="{url}/details"' in overview
    assert client.get(f"{url}/sections/geography").status_code == 200
    assert client.get(f"{url}/sections/no-such-factor").status_code == 404
    saved = post(client, f"{url}/sections/geography", f"{url}/sections/geography", **{"geography-rag": "amber"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#ratings")
    refused = post(client, f"{url}/details", f"{url}/details", **{"date-day": "30", "date-month": "2", "date-year": "2026"})
    assert refused.status_code == 400 and error_summary(refused.text) == [
        "Date of the assessment must be a real date, for example 25 11 2026"]
    kept = post(client, f"{url}/details", f"{url}/details", **{"date-day": "2", "date-month": "3", "date-year": "2026",
                                                             "notes": "Our spring review"})
    assert kept.status_code == 302
    row = db.session.scalars(select(ReadinessAssessment)).one()
    db.session.refresh(row)
    assert row.data["ratings"]["geography"]["rag"] == "amber" and row.data["notes"] == "Our spring review"
    assert row.data["date"] == "2026-03-02"

    reader = as_(app, team["reader"])
    assert reader.get(url).status_code == 200 and "govuk-task-list" not in reader.get(url).text
    for path in (f"{url}/sections/geography", f"{url}/details"):
        assert reader.get(path).status_code == 403
        assert as_(app, team["other_buyer"]).get(path).status_code == 404
    assert as_(app, team["other_buyer"]).get(f"{url}/all").status_code == 404

    manager = as_(app, team["manager"])
    g.pop("csrf_token", None)
    assert sign_off(manager, url).status_code == 302
    assert manager.get(f"{url}/sections/geography").status_code == 409  # a signed-off record is not edited


def test_an_imported_assessment_is_marked_and_stays_a_draft(app, client, team) -> None:
    manager = as_(app, team["manager"])
    url = new_assessment(manager)
    save(manager, url)
    assert sign_off(manager, url).status_code == 302
    exported = manager.get(f"{url}/export.json").get_json()
    assert exported["status"] == "signed_off"
    data = {"csrf_token": csrf(manager, "/readiness/import"), "export": json.dumps(exported)}
    response = manager.post("/readiness/import", data=data)
    g.pop("csrf_token", None)
    assert response.status_code == 302
    imported = db.session.get(ReadinessAssessment, response.headers["Location"].rsplit("/", 1)[1])
    assert imported.imported and imported.status == "draft" and not imported.signed
    page = manager.get(response.headers["Location"]).text
    assert 'id="imported"' in page and "The imported file says it was signed off by" in page
    assert "Sign off this assessment" in page  # only a sign-off made here makes it a record
    listing = manager.get("/readiness").text
    assert listing.count(">Imported</strong>") == 1

