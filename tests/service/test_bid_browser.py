"""Issue #12 in a real browser (Debian's chromium through Playwright) against a live server and a real
worker: a supplier fills the profile (a mistake first), uploads a tender, sees the gates and the
effort estimate, opens a demand's passage, edits the clarification questions and downloads them as
Word. axe-core checks every page on the way and must find no violation of any impact."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from playwright.sync_api import expect

from .test_browser import _wait_for_report, live_server, page, pytestmark, sign_in, sync_api, watch_console  # noqa: F401  (fixtures, chromium skip)
from .test_review_browser import no_axe_violations, sign_in_at
from .test_worker import SAMPLE


def test_a_supplier_sees_whether_it_can_bid(live_server: str, people, worker, page: "sync_api.Page", tmp_path: Path) -> None:
    problems = watch_console(page)
    sign_in_at(page, live_server, people["supplier"], "/documents")
    page.get_by_role("link", name="Supplier profile").click()
    page.wait_for_url(re.compile(r"/profile$"))
    no_axe_violations(page)

    page.fill("#turnover-0", "£200k")
    page.fill("#turnover-1", "180000")
    page.fill("#insurance-public_liability", "£1m")
    page.fill("#certifications", "ISO 9001")
    page.fill("#years_trading", "2")
    page.fill("#staff", "four")
    page.get_by_label("No, we bid alone").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Staff")
    expect(page.locator("#staff-error")).to_be_visible()
    no_axe_violations(page)
    problems.clear()  # chromium logs the refused form's 400 answer
    page.fill("#staff", "4")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your supplier profile is saved")
    expect(page.locator("#turnover-0")).to_have_value("200000")
    no_axe_violations(page)

    page.get_by_role("link", name="Check a document").first.click()
    page.set_input_files("#file", str(SAMPLE))
    page.fill("#title", "Parking sensors ITT")
    page.get_by_role("button", name="Check document").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f]{32}$"))
    _wait_for_report(page)
    no_axe_violations(page)

    page.locator("#can-we-bid").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f]{32}/gates$"))
    expect(page.locator("h1")).to_have_text("Can we bid?")
    turnover = page.locator(".govuk-summary-card", has_text="Turnover").first
    expect(turnover.locator(".tl-gate-status")).to_have_text("Does not meet")
    expect(turnover.locator(".tl-gate-reason")).to_contain_text("£200,000 is below £1m")
    expect(turnover.locator(".tl-objection")).to_contain_text("PP-PROP-001")
    expect(page.locator("#effort-range")).to_contain_text("person-days")
    expect(page.locator("#effort")).to_contain_text("estimate")
    expect(page.locator("#costliest li")).to_have_count(3)
    no_axe_violations(page)

    turnover.get_by_role("link", name=re.compile("Show the passage")).click()
    page.wait_for_url(re.compile(r"/document\?mark=\d+-\d+#q-demand$"))
    marked = page.locator("mark#q-demand, mark:has(#q-demand)")
    expect(marked).to_have_count(1)
    expect(marked).to_contain_text("1,000,000")
    no_axe_violations(page)
    page.go_back()

    page.get_by_role("link", name="Clarification questions to the buyer").click()
    page.wait_for_url(re.compile(r"/questions$"))
    first = page.locator("#text-1")
    expect(first).to_contain_text("turnover")
    no_axe_violations(page)
    first.fill("Would you accept our two years of accounts and a turnover in proportion to this contract?")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as Word (DOCX)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.endswith("-questions.docx")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(saved.read_bytes())).paragraphs]
    assert "Would you accept our two years of accounts and a turnover in proportion to this contract?" in paragraphs
    assert not any("PP-" in text for text in paragraphs)
    assert not problems, problems
