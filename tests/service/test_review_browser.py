"""Issue #11 in a real browser (Debian's chromium through Playwright) against a live server: an
administrator adds a colleague who signs in with the temporary password and changes it; a reviewer
dismisses every finding of one rule in one document at once; a manager's sign-off is refused while
an error is open and given once it is dismissed. axe-core (from npm, node_modules/axe-core) checks
every page on the way and must find no violation of any impact."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect
from sqlalchemy import select

from service.db import db
from service.models import Finding, Version

from .conftest import REPO
from .test_browser import live_server, page, pytestmark, sign_in, sync_api, watch_console  # noqa: F401  (fixtures, chromium skip)
from .test_review_workflow_api import team  # noqa: F401  (fixture)
from .test_triage_web import document_with

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def no_axe_violations(tab: "sync_api.Page") -> None:
    """Run axe-core on the page as it is now; any violation, at any impact, fails with its rule and nodes."""
    assert AXE.exists(), "axe-core is missing: run npm ci (scripts/bootstrap does)"
    if not tab.evaluate("() => typeof window.axe === 'object'"):
        # evaluated by the browser's debugging protocol: the pages' CSP (rightly) forbids inline scripts
        tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    violations: list[dict[str, Any]] = tab.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    assert violations == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in violations)


def sign_in_at(tab: "sync_api.Page", server: str, person: dict[str, str], path: str) -> None:
    tab.goto(f"{server}{path}")
    sign_in(tab, person)
    tab.wait_for_url(re.compile(re.escape(path) + "$"))


def sign_out(tab: "sync_api.Page") -> None:
    tab.get_by_role("button", name="Sign out").click()
    tab.wait_for_url(re.compile(r"/sign-in$"))


def test_an_administrator_adds_a_colleague(live_server: str, team, page: "sync_api.Page") -> None:
    problems = watch_console(page)
    sign_in_at(page, live_server, team["admin"], "/documents")
    page.get_by_role("link", name="Organisation", exact=True).click()
    page.wait_for_url(re.compile(r"/organisation$"))
    expect(page.locator("#people")).to_contain_text("Reviewer (buyer)")
    no_axe_violations(page)
    page.get_by_role("button", name="Add a person").click()
    page.wait_for_url(re.compile(r"/organisation/people/new$"))
    no_axe_violations(page)
    page.fill("#email", "not an address")
    page.get_by_role("button", name="Add person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address")
    no_axe_violations(page)
    problems.clear()  # chromium logs the refused form's 400 answer
    page.fill("#email", "new.colleague@example.org")
    page.fill("#name", "New Colleague")
    page.get_by_label("Manager", exact=True).check()
    page.get_by_role("button", name="Add person").click()
    expect(page.locator("h1")).to_contain_text("new.colleague@example.org is added")
    password = page.locator("#temporary-password").inner_text().strip()
    no_axe_violations(page)
    sign_out(page)

    sign_in_at(page, live_server, {"email": "new.colleague@example.org", "password": password}, "/account/password")
    no_axe_violations(page)
    page.fill("#current_password", password)
    page.fill("#new_password", "heron lantern quarry")
    page.fill("#confirm_password", "heron lantern quarry")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url(re.compile(r"/organisation$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your password is changed")
    expect(page.locator("#people")).to_contain_text("New Colleague")
    no_axe_violations(page)
    assert not problems, problems


def test_bulk_dismissal_of_one_rule(live_server: str, team, page: "sync_api.Page") -> None:
    problems = watch_console(page)
    job = document_with(team, 6, "Parking sensors ITT")
    document_with(team, 6, "Street lighting ITT")
    sign_in_at(page, live_server, team["buyer"], "/triage")
    page.select_option("#document", label="Parking sensors ITT (version 1)")
    page.select_option("#rule", "PP-RISK-001")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"rule=PP-RISK-001"))
    expect(page.locator(".tl-finding")).to_have_count(2)
    no_axe_violations(page)
    page.get_by_text("Decide all 2 findings these filters show").click()
    bulk = page.locator("#bulk")
    bulk.get_by_label("Dismissed", exact=True).check()
    bulk.get_by_label("False alarm", exact=True).check()
    bulk.get_by_label("Comment", exact=True).fill("Standard clause of the framework")
    no_axe_violations(page)
    bulk.get_by_role("button", name="Save for all 2").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 findings are now dismissed")
    expect(page.locator("#empty")).to_be_visible()  # the open ones of this rule are gone
    no_axe_violations(page)
    db.session.expire_all()
    statuses = db.session.scalars(select(Finding.review_status).where(Finding.rule_id == "PP-RISK-001",
                                                                      Finding.job_id == job.id)).all()
    assert statuses == ["dismissed", "dismissed"]
    assert db.session.scalars(select(Finding.review_status).where(Finding.job_id != job.id,
                                                                  Finding.review_status == "dismissed")).all() == []
    assert not problems, problems


def test_sign_off_after_the_last_error_is_dismissed(live_server: str, team, page: "sync_api.Page") -> None:
    problems = watch_console(page)
    job = document_with(team, 2, "Parking sensors ITT")  # one error, one warning
    document_id = db.session.get(Version, job.version_id).document_id
    error = db.session.scalar(select(Finding).where(Finding.job_id == job.id, Finding.severity == "error"))
    sign_in_at(page, live_server, team["manager"], f"/documents/{document_id}")
    no_axe_violations(page)
    page.get_by_role("button", name="Approve as ready to publish").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("1 error-level finding is still open or confirmed")
    no_axe_violations(page)
    problems.clear()  # the refused approval answers 409, which chromium logs

    page.goto(f"{live_server}/triage?status=open&document={document_id}")
    card = page.locator(f"#f-{error.id}")
    card.get_by_label("Dismissed", exact=True).check()
    card.get_by_label("Accepted risk", exact=True).check()
    card.get_by_role("button", name="Save decision").click()
    page.wait_for_url(re.compile(rf"#f-{error.id}$"))
    page.goto(f"{live_server}/documents/{document_id}")
    page.get_by_role("button", name="Approve as ready to publish").click()
    page.wait_for_url(re.compile(r"#version-1$"))
    row = page.locator(f"#signoff-{job.version_id}")
    expect(row).to_contain_text("Approved")
    expect(row).to_contain_text("by manager@example.org")
    expect(row).to_contain_text("rule pack abc")
    no_axe_violations(page)
    assert not problems, problems
