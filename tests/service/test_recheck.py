"""Issue #11 item 6: what the check assumed, and a re-check with corrected facts.

A real worker checks a tender that states no value, the report says so and what entering one
would check; a reviewer gives the value (API and web form), a new job runs on the same version,
its report shows the value as given and by whom, and the earlier report is still there. Role
boundaries and another organisation's 404 on each new route; the read-only triage leftover."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import select

from service.db import db
from service.models import AuditEvent, Job, Report, User

from .test_api import assert_problem, auth, finish, upload
from .test_review_workflow_api import call, linted, team  # noqa: F401  (fixture)
from .test_review_workflow_web import as_, post
from .test_web import error_summary
from .test_worker import finished, wait_for

# Written for this test: demands whose judgement needs the contract value, which it does not give.
NO_VALUE = b"""Invitation to tender: verge cutting and hedge care

1. Bidders must hold public liability insurance of \xc2\xa310,000,000.

2. Bidders must show an annual turnover of at least \xc2\xa32,000,000 in each of the last three years.

3. The contract runs for an initial term of two years.
"""


def assumed(report: dict[str, Any], fact: str) -> dict[str, Any]:
    return next(item for item in report["assumed"]["facts"] if item["fact"] == fact)


def report_of(client: Any, person: dict[str, str], url: str) -> dict[str, Any]:
    response = client.get(url, headers=auth(person))
    assert response.status_code == 200, response.text
    return json.loads(response.text)


def test_recheck_with_a_value_keeps_the_earlier_report_and_says_who_gave_it(app, client, team, worker) -> None:
    reviewer = team["buyer"]
    body = upload(client, reviewer, data=NO_VALUE, name="verges.md").get_json()
    version_id, first = body["version"]["id"], body["job"]["id"]
    assert wait_for(first, finished).status == "done"
    before = report_of(client, reviewer, f"/api/v1/versions/{version_id}/report")
    value = assumed(before, "value_total")
    assert (value["source"], value["shown"], value["value"]) == ("not_found", "Not found", None)
    wanted = {item["fact"]: item for item in before["assumed"]["to_enter"]}
    assert "value_total" in wanted and wanted["value_total"]["prompt"].startswith("Enter the contract value to check")
    term = assumed(before, "term_years")
    assert term["source"] == "found" and "two years" in term["quote"] and term["location"]["block"] is not None

    answer = call(client, reviewer, "POST", f"/versions/{version_id}/recheck", value_total=250000, procedure="open")
    assert answer.status_code == 202, answer.text
    again = answer.get_json()
    assert again["id"] != first and again["version"]["id"] == version_id
    assert again["given_facts"] == {"facts": {"value_total": 250000.0, "procedure": "open"}, "given_by": reviewer["id"]}
    assert wait_for(again["id"], finished).status == "done"

    after = report_of(client, reviewer, f"/api/v1/versions/{version_id}/report")  # the newest check's
    value = assumed(after, "value_total")
    assert (value["source"], value["value"], value["shown"]) == ("given", 250000.0, "£250,000")
    assert value["given_by"] == "buyer@example.org"  # the people fixture's users have no name: the email shows
    assert assumed(after, "procedure")["source"] == "given"
    assert assumed(after, "term_years")["source"] == "found"  # not given, so still the document's
    assert "value_total" not in {item["fact"] for item in after["assumed"]["to_enter"]}

    kept = report_of(client, reviewer, f"/api/v1/jobs/{first}/report")
    assert assumed(kept, "value_total")["source"] == "not_found"
    jobs = db.session.scalars(select(Job).where(Job.version_id == version_id).order_by(Job.queued_at)).all()
    assert [j.id for j in jobs] == [first, again["id"]]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "version.rechecked"))
    assert event.user_id == reviewer["id"] and event.detail["job"] == again["id"]

    browser = as_(app, reviewer)
    page = browser.get(f"/jobs/{again['id']}/report").text
    assert "What the check assumed" in page and "£250,000" in page and "Given by buyer@example.org" in page
    assert f'/jobs/{first}/report"' in page  # the earlier check is listed and linked
    old = browser.get(f"/jobs/{first}/report").text
    assert 'id="to-enter"' in old and f'/jobs/{first}/facts#value_total">Enter the contract value</a>' in old


def test_the_web_form_gives_only_the_changed_facts_and_refuses_bad_ones(app, client, team) -> None:
    _, version_id = linted(client, team["buyer"], findings=0)
    job = db.session.scalars(select(Job).where(Job.version_id == version_id, Job.status == "done")).one()
    browser = as_(app, team["buyer"])
    url = f"/jobs/{job.id}/facts"
    form = browser.get(url)
    assert form.status_code == 200 and "Correct the facts and check again" in form.text

    unchanged = post(browser, url, url)
    assert unchanged.status_code == 400 and error_summary(unchanged.text)[0].startswith("Change at least one answer")
    bad = post(browser, url, url, value_total="a lot", term_years="3")
    assert bad.status_code == 400
    assert error_summary(bad.text) == ["Enter the contract value as an amount in pounds, like 250000 or £250,000"]
    assert 'value="a lot"' in bad.text  # what was typed is shown again
    assert db.session.scalar(select(Job).where(Job.version_id == version_id, Job.facts.is_not(None))) is None

    sent = post(browser, url, url, value_total="£1,200,000", is_it="yes", regime="")
    assert sent.status_code == 302
    made = db.session.scalar(select(Job).where(Job.version_id == version_id, Job.facts.is_not(None)))
    assert sent.headers["Location"].endswith(f"/jobs/{made.id}")
    assert made.facts == {"value_total": 1200000.0, "is_it": True} and made.facts_by == team["buyer"]["id"]
    assert made.status == "queued"


def test_recheck_api_refuses_bad_facts_with_the_fact_named(client, team) -> None:
    _, version_id = linted(client, team["buyer"], findings=0)
    cases = [
        ({}, "give at least one fact"),
        ({"value": 10}, "unknown fact(s) value"),
        ({"value_total": "lots"}, "value_total must be an amount"),
        ({"value_total": -5}, "must not be negative"),
        ({"value_total": True}, "value_total must be an amount"),
        ({"term_years": 0}, "term_years must be more than 0"),
        ({"regime": "eu-2014"}, "regime must be one of"),
        ({"doc_types": []}, "give at least one fact"),  # an empty answer means "as the document says"
        ({"doc_types": {"ITT": 1}}, "doc_types must be a list"),
        ({"doc_types": ["ITT", "MEMO"]}, "doc_types must be one of"),
        ({"is_it": "perhaps"}, "is_it must be true or false"),
    ]
    for body, words in cases:
        problem = assert_problem(call(client, team["buyer"], "POST", f"/versions/{version_id}/recheck", **body),
                                 400, "invalid-facts")
        assert words.lower() in problem["detail"].lower(), (body, problem["detail"])
    text = client.post(f"/api/v1/versions/{version_id}/recheck", data="value_total=5", headers=auth(team["buyer"]))
    assert_problem(text, 400)
    assert db.session.scalar(select(Job).where(Job.version_id == version_id, Job.facts.is_not(None))) is None


def test_recheck_roles_and_organisations(app, client, team) -> None:
    _, version_id = linted(client, team["buyer"], findings=0)
    job = db.session.scalars(select(Job).where(Job.version_id == version_id, Job.status == "done")).one()
    assert_problem(call(client, team["reader"], "POST", f"/versions/{version_id}/recheck", value_total=1), 403, "forbidden")
    assert_problem(call(client, team["other_buyer"], "POST", f"/versions/{version_id}/recheck", value_total=1), 404)
    assert_problem(client.get(f"/api/v1/jobs/{job.id}/report", headers=auth(team["other_buyer"])), 404)
    assert client.get(f"/api/v1/jobs/{job.id}/report", headers=auth(team["reader"])).status_code == 200
    for key in ("manager", "admin", "supplier"):
        assert call(client, team[key], "POST", f"/versions/{version_id}/recheck", is_it=False).status_code == 202

    url = f"/jobs/{job.id}/facts"
    reader = as_(app, team["reader"])
    assert reader.get(url).status_code == 403
    assert "Correct the facts" not in reader.get(f"/jobs/{job.id}/report").text
    other = as_(app, team["other_buyer"])
    assert other.get(url).status_code == 404
    assert as_(app, team["manager"]).get(url).status_code == 200


def test_a_job_report_answers_409_until_its_job_is_done(client, team) -> None:
    body = upload(client, team["buyer"]).get_json()
    assert_problem(client.get(f"/api/v1/jobs/{body['job']['id']}/report", headers=auth(team["buyer"])), 409, "not-ready")


def test_read_only_people_see_decisions_but_no_decision_form_on_the_report(app, client, team) -> None:
    _, version_id = linted(client, team["buyer"], findings=2)
    job = db.session.scalars(select(Job).where(Job.version_id == version_id, Job.status == "done")).one()
    url = f"/jobs/{job.id}/report"
    reader_page = as_(app, team["reader"]).get(url).text
    reviewer_page = as_(app, team["buyer"]).get(url).text
    form = re.compile(r'<form[^>]+action="[^"]*/findings/[^"/]+/review')
    assert len(form.findall(reviewer_page)) == 2
    assert form.findall(reader_page) == [] and "finding 0" in reader_page
    assert db.session.get(User, team["reader"]["id"]).role == "read-only"


def test_a_report_stored_before_assumptions_shows_its_context_facts(app, client, team) -> None:
    """Reports rendered before this change have `context` only: the page reads the facts from it."""
    body = upload(client, team["buyer"]).get_json()
    job = finish(body["version"]["id"])
    row = db.session.get(Report, (job.id, "json"))
    row.content = json.dumps({"findings": [], "context": {"regime": {"value": "pcr-2015", "source": "found", "quote": "PCR"}}})
    db.session.commit()
    page = as_(app, team["buyer"]).get(f"/jobs/{job.id}/report").text
    assert "Public Contracts Regulations 2015" in page
