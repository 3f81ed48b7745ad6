"""Issue #11 item 5, the portfolio dashboard, on both engines: figures on documents made through the
service (uploads, new versions, decisions and an approval through the API; each check's findings
written as the worker writes them, dated in the past where the figure depends on time), the same
figures on the page, in the CSV and in the API, role boundaries, organisation isolation, bad input,
a constant number of queries whatever the number of documents, and a real worker's findings."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from typing import Any, Iterator

import pytest
from sqlalchemy import event, select

from service.accounts import create_user, issue_token
from service.db import db
from service.models import Finding, Job, JobStatus, Report, Role, User, Version, utcnow
from service.portfolio import load
from tenderlint.portfolio import sme_barrier_rules
from tenderlint.portfolio.figures import month_starts
from tenderlint.rulepack.loader import default_pack

from .test_api import assert_problem, upload
from .test_review_workflow_api import call, team  # noqa: F401  (fixture)
from .test_web import sign_in

Spec = tuple[str, str, str]  # rule id, severity, fingerprint


def check(version_id: str, findings: list[Spec], finished_at: dt.datetime | None = None) -> Job:
    """A done check of the version with these findings (what the worker writes); the upload's own
    job, which no worker runs here, is marked failed."""
    version = db.session.get(Version, version_id)
    for job in db.session.scalars(select(Job).where(Job.version_id == version_id, Job.status == JobStatus.QUEUED.value)):
        job.status = JobStatus.FAILED.value
    when = finished_at or utcnow()
    job = Job(version_id=version.id, organisation_id=version.organisation_id, status=JobStatus.DONE.value, stage="done",
              started_at=when, finished_at=when, rule_pack="test")
    db.session.add(job)
    db.session.flush()
    db.session.add(Report(job_id=job.id, format="json", content='{"findings": []}'))
    for i, (rule_id, severity, fingerprint) in enumerate(findings):
        db.session.add(Finding(job_id=job.id, version_id=version.id, organisation_id=version.organisation_id,
                               rule_id=rule_id, severity=severity, category=rule_id.split("-")[1],
                               message=f"{rule_id} here", quote="the passage", start=i, end=i + 3,
                               fingerprint=fingerprint, data={"rule_id": rule_id}))
    db.session.commit()
    return job


def new_document(client: Any, person: dict[str, str], title: str) -> tuple[str, str]:
    body = upload(client, person, name="draft.txt", title=title).get_json()
    return body["id"], body["version"]["id"]


def new_version(client: Any, person: dict[str, str], document_id: str) -> str:
    return upload(client, person, url=f"/api/v1/documents/{document_id}/versions").get_json()["version"]["id"]


def uploaded_at(version_id: str, moment: dt.datetime) -> None:
    db.session.get(Version, version_id).created_at = moment
    db.session.commit()


def finding_id(version_id: str, fingerprint: str) -> str:
    return db.session.scalar(select(Finding.id).where(Finding.version_id == version_id, Finding.fingerprint == fingerprint))


@pytest.fixture
def portfolio_set(client, team) -> dict[str, Any]:
    """Documents A (two versions, one dismissal), B (a confirmation, a dismissal, approved), C (never
    checked) in the council; D in another organisation, full of barriers."""
    now = utcnow()
    two_months_ago = month_starts(now, 3)[0] + dt.timedelta(hours=1)
    a, a1 = new_document(client, team["buyer"], "Grounds maintenance ITT")
    check(a1, [("PP-PROP-002", "error", "a-accounts"), ("PP-RISK-001", "warning", "a-risk"),
               ("PP-EVAL-002", "warning", "a-eval"), ("PP-DOC-001", "info", "a-length")], now - dt.timedelta(days=30))
    uploaded_at(a1, two_months_ago)
    a2 = new_version(client, team["buyer"], a)
    check(a2, [("PP-PROP-002", "error", "a-accounts"), ("PP-PAY-001", "error", "a-pay"),
               ("PP-EVAL-002", "warning", "a-eval")], now - dt.timedelta(days=2))
    b, b1 = new_document(client, team["buyer"], "=Library self-service kiosks")
    check(b1, [("PP-PROC-001", "error", "b-deadline"), ("PP-PROC-002", "warning", "b-clarify")])
    c, _ = new_document(client, team["buyer"], "Street lighting (not checked yet)")
    decisions = [
        (finding_id(a2, "a-accounts"), {"review_status": "dismissed", "dismissal_reason": "not-applicable"}),
        (finding_id(b1, "b-clarify"), {"review_status": "confirmed"}),
        (finding_id(b1, "b-deadline"), {"review_status": "dismissed", "dismissal_reason": "accepted-risk"}),
    ]
    for finding, body in decisions:
        assert call(client, team["buyer"], "PATCH", f"/findings/{finding}", **body).status_code == 200
    assert call(client, team["manager"], "POST", f"/versions/{b1}/approval").status_code == 201

    d, d1 = new_document(client, team["other_buyer"], "Southby waste collection")
    check(d1, [("PP-PROP-001", "error", f"d-{i}") for i in range(5)], now - dt.timedelta(days=60))
    other = db.session.get(User, team["other_buyer"]["id"]).organisation
    manager = create_user(other, "southby.manager@example.org", "southby-manager-123", Role.MANAGER)
    db.session.commit()
    return {"a": a, "a2": a2, "b": b, "c": c, "d": d,
            "other_manager": {"email": manager.email, "password": "southby-manager-123", "token": issue_token(manager)}}


def test_sme_barrier_rules_come_from_the_catalogue_theme() -> None:
    rules = sme_barrier_rules(default_pack())
    assert {"PP-PROP-002", "PP-PAY-001", "PP-PROC-001", "PP-RISK-001", "PP-DOC-001"} <= rules
    assert not {"PP-EVAL-002", "PP-RISK-003", "PP-TECH-002"} & rules  # rules without the SME theme


def test_the_figures(client, team, portfolio_set) -> None:
    db.session.commit()
    body = call(client, team["manager"], "GET", "/portfolio").get_json()
    assert body["documents"] == 2  # C has no finished check; D is another organisation's
    assert body["open_by_severity"] == [
        {"severity": "error", "undecided": 1, "confirmed": 0, "open": 1},
        {"severity": "warning", "undecided": 1, "confirmed": 1, "open": 2},
        {"severity": "info", "undecided": 0, "confirmed": 0, "open": 0},
    ]
    assert body["open_by_family"] == [{"family": "EVAL", "open": 1}, {"family": "PAY", "open": 1},
                                      {"family": "PROC", "open": 1}]
    assert [(r["rule_id"], r["documents"], r["findings"]) for r in body["top_rules"]] == [
        ("PP-EVAL-002", 1, 1), ("PP-PAY-001", 1, 1), ("PP-PROC-002", 1, 1)]
    index = {d["title"]: d for d in body["bid_barrier_index"]}
    assert [d["title"] for d in body["bid_barrier_index"]] == ["Grounds maintenance ITT", "=Library self-service kiosks"]
    grounds = index["Grounds maintenance ITT"]
    # version 2: the payment error (3); the audited-accounts error is dismissed, EVAL-002 is no SME rule.
    # version 1, with today's decisions: the risk warning (1); the info finding weighs nothing
    assert (grounds["index"], grounds["sme_errors"], grounds["sme_warnings"], grounds["version_number"]) == (3, 1, 0, 2)
    assert [(h["version_number"], h["index"]) for h in grounds["history"]] == [(1, 1), (2, 3)]
    assert grounds["change"] == 2
    kiosks = index["=Library self-service kiosks"]
    assert (kiosks["index"], kiosks["sme_warnings"], kiosks["change"]) == (1, 1, None)  # the confirmed warning
    assert body["mean_bid_barrier_index"] == 2.0
    trend = body["trend"]
    assert len(trend) == 12
    assert [(m["documents"], m["mean_index"]) for m in trend[-3:]] == [(1, 1.0), (1, 1.0), (2, 2.0)]
    assert all(m["documents"] == 0 and m["mean_index"] is None for m in trend[:-3])
    # B is approved, C never checked: only A's newest version waits, with its open error in the way
    assert [(a["document_id"], a["version_number"], a["blocking_errors"]) for a in body["awaiting_sign_off"]] == [
        (portfolio_set["a"], 2, 1)]
    stale = body["stale_triage"]
    assert (stale["days"], stale["findings"]) == (14, 1)  # EVAL-002, first found with version 1 30 days ago
    assert [(s["document_id"], s["findings"]) for s in stale["documents"]] == [(portfolio_set["a"], 1)]
    recent = call(client, team["manager"], "GET", "/portfolio?days=1").get_json()["stale_triage"]
    assert (recent["days"], recent["findings"]) == (1, 2)  # the payment error, found 2 days ago, too
    assert call(client, team["manager"], "GET", "/portfolio?days=40").get_json()["stale_triage"]["findings"] == 0


def test_another_organisation_is_never_counted(client, team, portfolio_set) -> None:
    mine = call(client, team["manager"], "GET", "/portfolio").get_data(as_text=True)
    assert "Southby" not in mine and "PP-PROP-001" not in mine and portfolio_set["d"] not in mine
    theirs = call(client, portfolio_set["other_manager"], "GET", "/portfolio").get_json()
    assert theirs["documents"] == 1
    assert [d["title"] for d in theirs["bid_barrier_index"]] == ["Southby waste collection"]
    assert theirs["bid_barrier_index"][0]["index"] == 15
    assert theirs["stale_triage"]["findings"] == 5
    assert "Grounds" not in call(client, portfolio_set["other_manager"], "GET", "/portfolio.csv").get_data(as_text=True)


@pytest.mark.parametrize("who, allowed", [("admin", True), ("manager", True), ("buyer", False), ("supplier", False),
                                          ("reader", False)])
def test_who_sees_the_dashboard(client, team, who, allowed) -> None:
    for url in ("/portfolio", "/portfolio.csv"):
        response = call(client, team[who], "GET", url)
        if allowed:
            assert response.status_code == 200, response.get_data(as_text=True)
        else:
            assert_problem(response, 403, "forbidden")
    sign_in(client, team[who])
    assert client.get("/portfolio").status_code == (200 if allowed else 403)
    assert client.get("/portfolio.csv").status_code == (200 if allowed else 403)
    navigation = client.get("/documents").get_data(as_text=True)
    assert ('href="/portfolio"' in navigation) is allowed


def test_signed_out_visitors_are_sent_to_sign_in(client, team) -> None:
    response = client.get("/portfolio")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert_problem(client.get("/api/v1/portfolio"), 401)


@pytest.mark.parametrize("days", ["0", "abc", "3651", "-2", "1.5"])
def test_a_bad_number_of_days_is_refused_with_the_reason(client, team, days) -> None:
    problem = assert_problem(call(client, team["manager"], "GET", f"/portfolio?days={days}"), 400)
    assert "days" in problem["detail"]
    sign_in(client, team["manager"])
    page = client.get(f"/portfolio?days={days}")
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "Enter a whole number of days from 1 to 3,650" in html and 'href="#days"' in html
    assert "Triage older than 14 days" in html  # the figures are still there, with the default
    assert client.get(f"/portfolio.csv?days={days}").status_code == 400


def test_the_page_shows_the_figures_with_charts_and_tables(client, team, portfolio_set) -> None:
    sign_in(client, team["manager"])
    html = client.get("/portfolio").get_data(as_text=True)
    for chart in ("chart-severity", "chart-family", "chart-rules", "chart-index", "chart-trend"):
        assert f'id="{chart}"' in html and f'aria-labelledby="{chart}-title {chart}-desc"' in html
    assert "Error: 1 open finding; Warning: 2 open findings; Info: 0 open findings." in html  # the severity chart's text
    assert '<td class="govuk-table__cell govuk-table__cell--numeric" data-index="3">3</td>' in html
    assert "version 1: 1, version 2: 3" in html and "2 higher since version 1" in html
    assert "Not yet: 1 error open or confirmed" in html
    assert f'/triage?document={portfolio_set["a"]}&amp;status=open' in html
    assert "Street lighting" not in html and "Southby" not in html


def test_the_csv_download(client, team, portfolio_set) -> None:
    sign_in(client, team["manager"])
    response = client.get("/portfolio.csv?days=1")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="portfolio-')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    value = {(r["table"], r["document_id"], r["item"], r["measure"]): r["value"] for r in rows}
    a, b = portfolio_set["a"], portfolio_set["b"]
    assert value[("summary", "", "", "documents")] == "2"
    assert value[("summary", "", "", "mean_bid_barrier_index")] == "2.0"
    assert value[("open_by_severity", "", "warning", "confirmed")] == "1"
    assert value[("open_by_family", "", "PAY", "open")] == "1"
    assert value[("top_rules", "", "PP-PROC-002", "documents")] == "1"
    assert value[("bid_barrier_index", a, "", "index")] == "3"
    assert value[("bid_barrier_index", b, "", "sme_warnings")] == "1"
    history = [(r["version"], r["value"]) for r in rows if r["table"] == "bid_barrier_history" and r["document_id"] == a]
    assert history == [("1", "1"), ("2", "3")]
    assert value[("triage_older_than_1_days", a, next(r["item"] for r in rows if r["table"].startswith("triage")),
                  "undecided")] == "2"
    assert [r["document_id"] for r in rows if r["table"] == "awaiting_sign_off"] == [a]
    # a title that starts like a formula is kept as text
    titles = {r["document"] for r in rows if r["document_id"] == b}
    assert titles == {"'=Library self-service kiosks"}
    api = call(client, team["manager"], "GET", "/portfolio.csv?days=1").get_data(as_text=True)
    assert api.splitlines()[0] == "table,document_id,document,version,item,measure,value"


@pytest.fixture
def statements(app) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_the_number_of_queries_does_not_grow_with_the_documents(client, team, statements) -> None:
    organisation = db.session.get(Version, new_document(client, team["buyer"], "first")[1]).organisation_id

    def queries() -> int:
        db.session.commit()
        statements.clear()
        load(organisation)
        return len(statements)

    for i in range(2):
        _, version = new_document(client, team["buyer"], f"small {i}")
        check(version, [("PP-PROP-002", "error", f"s{i}")])
    few = queries()
    for i in range(8):
        document, version = new_document(client, team["buyer"], f"more {i}")
        check(version, [("PP-PROP-002", "error", f"m{i}"), ("PP-RISK-001", "warning", f"r{i}")], utcnow() - dt.timedelta(days=40))
        check(new_version(client, team["buyer"], document), [("PP-PROP-002", "error", f"m{i}")])
    assert queries() == few
    assert load(organisation).documents == 10


def test_a_real_workers_findings(client, team, worker) -> None:
    """A tender written for this test, checked by a real worker: the index is the weighted count of
    the open SME-barrier findings the worker stored."""
    text = (b"Invitation to tender: library cleaning\n\n"
            b"1. Each bidder must provide audited accounts for its last three financial years.\n"
            b"2. Bidders must hold professional indemnity insurance of 10 million pounds when they submit their tender.\n"
            b"3. Tenders must be returned by noon on 3 March.\n")
    body = upload(client, team["buyer"], data=text, name="cleaning.txt").get_json()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        db.session.expire_all()
        job = db.session.scalar(select(Job).where(Job.version_id == body["version"]["id"]))
        if job.status in (JobStatus.DONE.value, JobStatus.FAILED.value):
            break
        time.sleep(0.5)
    assert job.status == JobStatus.DONE.value, job.error_message
    stored = list(db.session.scalars(select(Finding).where(Finding.job_id == job.id)))
    rules = sme_barrier_rules(default_pack())
    barriers = [f for f in stored if f.rule_id in rules]
    assert barriers, [f.rule_id for f in stored]  # the audited-accounts demand is a barrier
    expected = sum({"error": 3, "warning": 1}.get(f.severity, 0) for f in barriers)
    figures = call(client, team["manager"], "GET", "/portfolio").get_json()
    assert figures["bid_barrier_index"][0]["index"] == expected > 0
    assert sum(s["open"] for s in figures["open_by_severity"]) == len(stored)
