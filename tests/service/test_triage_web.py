"""Triage in the web pages through Flask's test client: the decision form on the report page and
on the triage page, the triage page's filters, counts and pages, scoping and CSRF.

No worker: finished jobs are built directly in the database (carry-over is covered by the API tests).
"""

from __future__ import annotations

import re
from typing import Any

from flask import g
from sqlalchemy import func, select

from service.db import db
from service.models import AuditEvent, Finding, FindingReview, Job, User

from .test_api import finish
from .test_web import csrf, done_job, error_summary, first_version, sign_in


def ids_by_rule(job: Job) -> dict[str, str]:
    return {f.rule_id: f.id for f in db.session.scalars(select(Finding).where(Finding.job_id == job.id))}


def decide(client: Any, finding_id: str, page: str, query: str = "", **fields: str) -> Any:
    """Send a finding's decision form as the page at `page` would (its CSRF token, its action)."""
    token = csrf(client, page)
    g.pop("csrf_token", None)
    return client.post(f"/findings/{finding_id}/review{query}", data={"csrf_token": token, **fields})


def shown(html: str) -> list[str]:
    """Ids of the findings on a page, in order."""
    return re.findall(r'<div class="tl-finding tl-finding--\w+" id="f-([0-9a-f]{32})">', html)


def status_counts(html: str) -> dict[str, int]:
    found = re.findall(r'data-status="(\w+)">\s*<span class="tl-count">(\d+)</span>', html)
    return {status: int(count) for status, count in found}


def status_of(finding_id: str) -> str:
    db.session.expire_all()
    return db.session.get(Finding, finding_id).review_status


def document_with(people: dict, findings: int, title: str) -> Job:
    """A document whose single version has a finished check with `findings` findings."""
    version = first_version(db.session.get(User, people["buyer"]["id"]), title)
    db.session.commit()
    return finish(version.id, findings=findings)


# the form on the report page

def test_report_shows_each_findings_decision_and_form(client, people) -> None:
    job = done_job(people)
    ids = ids_by_rule(job)
    sign_in(client, people["buyer"])
    page = client.get(f"/jobs/{job.id}/report?severity=error").text
    finding_id = ids["PP-RISK-003"]
    assert re.search(rf'id="decision-{finding_id}">.*?govuk-tag--grey">Open</strong>\s*not reviewed yet', page, re.S)
    assert f'action="/findings/{finding_id}/review?back=report&amp;severity=error"' in page
    assert f'id="review-{finding_id}-status"' in page and f'for="review-{finding_id}-reason"' in page
    assert re.search(r'<legend[^>]*>\s*Your decision<span class="govuk-visually-hidden"> on PP-RISK-003</span>', page)
    assert re.search(rf'id="review-{finding_id}-status" name="review_status" type="radio" value="confirmed"', page)
    assert 'value="open" checked' in page  # the current decision is selected
    assert "Record a decision" in page


def test_confirm_from_the_report(client, people) -> None:
    job = done_job(people)
    finding_id = ids_by_rule(job)["PP-RISK-003"]
    sign_in(client, people["buyer"])
    report = f"/jobs/{job.id}/report"
    response = decide(client, finding_id, report, "?back=report&severity=error&family=RISK", review_status="confirmed")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{report}?severity=error&family=RISK#f-{finding_id}"  # filters kept
    assert status_of(finding_id) == "confirmed"
    page = client.get(response.headers["Location"]).text
    assert "Decision saved: PP-RISK-003 is confirmed." in page
    assert 'data-disable-auto-focus="true"' in page  # the page opens at the finding, not at the banner
    assert re.search(rf'id="decision-{finding_id}">.*?Confirmed</strong>\s*by buyer@example.org on ', page, re.S)
    assert "Change the decision" in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "finding.review"))
    assert event.user_id == people["buyer"]["id"] and event.detail["status"] == "confirmed"


def test_dismissing_needs_a_reason(client, people) -> None:
    job = done_job(people)
    finding_id = ids_by_rule(job)["PP-PROC-007"]
    sign_in(client, people["buyer"])
    report = f"/jobs/{job.id}/report"

    refused = decide(client, finding_id, report, "?back=report", review_status="dismissed", reason="   ")
    assert refused.status_code == 400
    assert error_summary(refused.text) == ["Say why the finding is dismissed: the reason is kept with the decision."]
    assert f'href="#review-{finding_id}-reason"' in refused.text
    assert f'id="review-{finding_id}-reason-error"' in refused.text  # the message sits by the field
    assert "<title>Error: Report:" in refused.text
    assert re.search(rf'id="review-{finding_id}-status-2" name="review_status" type="radio" value="dismissed" checked',
                     refused.text)  # what was chosen is kept
    assert re.search(r'<details class="govuk-details govuk-!-margin-bottom-2" open>', refused.text)
    assert status_of(finding_id) == "open"
    assert db.session.scalar(select(func.count()).select_from(FindingReview)) == 0
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "finding.review")) == 0

    reason = "Usual <b>portal</b> terms, agreed with legal"
    saved = decide(client, finding_id, report, "?back=report", review_status="dismissed", reason=reason)
    assert saved.status_code == 302 and status_of(finding_id) == "dismissed"
    page = client.get(saved.headers["Location"]).text
    assert re.search(rf'id="decision-{finding_id}">.*?Dismissed</strong>\s*by buyer@example.org', page, re.S)
    assert f'id="reason-{finding_id}"' in page and "Usual &lt;b&gt;portal&lt;/b&gt; terms, agreed with legal" in page

    reopened = decide(client, finding_id, report, "?back=report", review_status="open")
    assert reopened.status_code == 302 and status_of(finding_id) == "open"
    assert re.search(r'Open</strong>\s*reopened by buyer@example.org', client.get(reopened.headers["Location"]).text)


def test_a_decision_must_be_chosen(client, people) -> None:
    job = done_job(people)
    finding_id = ids_by_rule(job)["PP-RISK-003"]
    sign_in(client, people["buyer"])
    for fields in ({}, {"review_status": "fixed"}):
        refused = decide(client, finding_id, f"/jobs/{job.id}/report", "?back=report", reason="typed", **fields)
        assert refused.status_code == 400
        assert error_summary(refused.text) == ["Select a decision"]
        assert f'href="#review-{finding_id}-status"' in refused.text
        assert ">typed</textarea>" in refused.text  # nothing typed is lost
    long = decide(client, finding_id, f"/jobs/{job.id}/report", "?back=report", review_status="dismissed", reason="x" * 2001)
    assert error_summary(long.text) == ["The reason is limited to 2000 characters."]
    assert status_of(finding_id) == "open"


def test_another_organisation_cannot_decide(client, people) -> None:
    job = done_job(people)
    finding_id = ids_by_rule(job)["PP-RISK-003"]
    sign_in(client, people["other_buyer"])
    response = decide(client, finding_id, "/triage", "?back=triage", review_status="dismissed", reason="not ours")
    assert response.status_code == 404
    assert decide(client, "0" * 32, "/triage", review_status="confirmed").status_code == 404
    assert status_of(finding_id) == "open"
    page = client.get("/triage?status=all").text
    assert shown(page) == [] and status_counts(page)["all"] == 0


def test_decisions_need_sign_in_and_a_csrf_token(client, people) -> None:
    job = done_job(people)
    finding_id = ids_by_rule(job)["PP-RISK-003"]
    anonymous = client.post(f"/findings/{finding_id}/review", data={"review_status": "confirmed"})
    assert anonymous.status_code == 400  # the CSRF check comes first
    assert client.get("/triage").headers["Location"].startswith("/sign-in")
    sign_in(client, people["buyer"])
    forged = client.post(f"/findings/{finding_id}/review?back=report", data={"review_status": "confirmed"})
    assert forged.status_code == 400 and "the form could not be sent" in forged.text
    assert status_of(finding_id) == "open"


# the triage page

def test_triage_page_filters_and_counts(client, people) -> None:
    first, second = done_job(people), done_job(people)
    second.version.document.title = "Cleaning services"
    db.session.commit()
    a, b = ids_by_rule(first), ids_by_rule(second)
    sign_in(client, people["buyer"])

    page = client.get("/triage").text
    assert status_counts(page) == {"open": 6, "confirmed": 0, "dismissed": 0, "all": 6}
    assert len(shown(page)) == 6 and "Showing 1 to 6 of 6 findings" in page
    assert shown(page)[:2] == [b["PP-RISK-003"], a["PP-RISK-003"]]  # errors first, then by document title
    assert '<a class="govuk-service-navigation__link" href="/triage" aria-current="true">' in page
    assert '<a class="govuk-service-navigation__link" href="/triage"' in client.get("/documents").text
    assert f'href="/jobs/{first.id}/report#f-{a["PP-RISK-003"]}">Parking &lt;b&gt;ITT&lt;/b&gt;</a>,\n          version 1' in page
    assert "Page 1 · Clause 1.1" in page

    assert decide(client, a["PP-RISK-003"], "/triage", "?back=triage&status=open", review_status="confirmed").status_code == 302
    saved = decide(client, a["PP-PROC-007"], "/triage", "?back=triage&status=open&severity=warning&document=" + first.version.document_id,
                   review_status="dismissed", reason="Standard wording")
    assert saved.headers["Location"] == (f"/triage?status=open&severity=warning&document={first.version.document_id}"
                                         f"#f-{a['PP-PROC-007']}")
    page = client.get(saved.headers["Location"]).text
    assert "Decision saved: PP-PROC-007 is dismissed." in page and shown(page) == []
    assert "No open findings match these filters: every one has a decision." in page

    page = client.get("/triage").text
    assert status_counts(page) == {"open": 4, "confirmed": 1, "dismissed": 1, "all": 6}
    assert a["PP-RISK-003"] not in shown(page) and len(shown(page)) == 4
    dismissed = client.get("/triage?status=dismissed").text
    assert shown(dismissed) == [a["PP-PROC-007"]] and "Standard wording" in dismissed
    assert 'id="status-2" name="status" type="radio" value="confirmed"' in page  # the filter's own radios
    assert re.search(r'value="dismissed" checked', dismissed)
    assert len(shown(client.get("/triage?status=all").text)) == 6

    errors = client.get("/triage?status=all&severity=error").text
    assert status_counts(errors) == {"open": 1, "confirmed": 1, "dismissed": 0, "all": 2}  # counts follow the filters
    assert set(shown(errors)) == {a["PP-RISK-003"], b["PP-RISK-003"]}
    assert len(shown(client.get("/triage?severity=error&severity=info").text)) == 3
    mine = client.get(f"/triage?status=all&document={second.version.document_id}").text
    assert set(shown(mine)) == set(b.values())
    assert f'<option value="{second.version.document_id}" selected>Cleaning services (version 1)</option>' in mine
    assert len(shown(client.get("/triage?status=bogus&severity=bogus&document=nope").text)) == 4  # the defaults


def test_refused_decision_on_the_triage_page(client, people) -> None:
    job = done_job(people)
    finding_id = ids_by_rule(job)["PP-PAY-001"]
    sign_in(client, people["buyer"])
    refused = decide(client, finding_id, "/triage", "?back=triage&severity=info", review_status="dismissed")
    assert refused.status_code == 400 and "<title>Error: Triage" in refused.text
    assert error_summary(refused.text) == ["Say why the finding is dismissed: the reason is kept with the decision."]
    assert shown(refused.text) == [finding_id]  # the same filtered view, with the error by the finding
    assert f'id="review-{finding_id}-reason-error"' in refused.text
    assert f'action="/findings/{finding_id}/review?back=triage&amp;status=open&amp;severity=info"' in refused.text
    assert status_of(finding_id) == "open"


def test_triage_page_is_paginated_and_has_an_empty_state(client, people) -> None:
    sign_in(client, people["buyer"])
    assert "There are no findings to triage" in client.get("/triage").text
    document_with(people, 60, "Large tender")
    first = client.get("/triage").text
    assert len(shown(first)) == 50 and "Showing 1 to 50 of 60 findings" in first
    assert 'href="/triage?status=open&amp;page=2"' in first and "govuk-pagination__next" in first
    second = client.get("/triage?status=open&page=2").text
    assert len(shown(second)) == 10 and "Showing 51 to 60 of 60 findings" in second
    assert "govuk-pagination__prev" in second
    assert not set(shown(first)) & set(shown(second))
    assert len(shown(client.get("/triage?page=9").text)) == 10  # past the end: the last page
