"""Tender pack pages in a real browser (Debian's chromium through Playwright) with a real worker: the
upload form's errors, several files uploaded at once, the pack page until it is checked, its pack
finding quoting both documents, and the links into a document's report and highlighted view.
axe-core checks every page on the way and must find no violation of any impact."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import expect

from .test_browser import live_server, page, pytestmark, sign_in, sync_api, watch_console  # noqa: F401  (fixtures, chromium skip)
from .test_packs import CORPUS, ITT
from .test_review_browser import no_axe_violations

# Written for this test: a note whose deadline contradicts the invitation's (30 January 2026).
NOTE = "# Note to bidders\n\nTenders must be received by 12:00 on 16 February 2026 through the portal.\n"


def test_a_pack_uploaded_in_the_browser_is_checked_and_shown(live_server: str, people, worker, page, tmp_path: Path) -> None:
    problems = watch_console(page)
    page.goto(f"{live_server}/packs")
    sign_in(page, people["buyer"])
    page.wait_for_url(re.compile(r"/packs$"))
    expect(page.locator("h1")).to_have_text("Tender packs")
    no_axe_violations(page)

    page.get_by_role("button", name="Check a tender pack").click()
    page.wait_for_url(re.compile(r"/packs/upload$"))
    no_axe_violations(page)
    page.get_by_role("button", name="Check the pack").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the tender's documents, or one zip of them")
    no_axe_violations(page)
    problems.clear()  # chromium logs the refused form's 400 answer

    note = tmp_path / "note-to-bidders.md"
    note.write_text(NOTE)
    page.set_input_files("#file", [str(CORPUS / ITT), str(note)])
    page.fill("#title", "Cloud services")
    page.get_by_role("button", name="Check the pack").click()
    page.wait_for_url(re.compile(r"/packs/[0-9a-f]{32}$"))
    expect(page.locator("h1")).to_have_text("Cloud services")
    no_axe_violations(page)

    deadline = time.monotonic() + 240
    while page.locator(".govuk-summary-list").inner_text().find("Checked") < 0:
        assert time.monotonic() < deadline, "the pack was never checked"
        page.wait_for_timeout(1000)
        page.reload()
    no_axe_violations(page)
    finding = page.locator(".tl-finding", has_text="PP-PROC-009")
    expect(finding).to_contain_text("documents disagree")
    expect(finding).to_contain_text("In " + ITT)
    expect(finding.locator("blockquote")).to_have_count(2)

    # the pack finding is decided from its card like a document finding: refused without a reason, then saved
    finding.locator("summary").click()
    finding.get_by_label("Dismissed", exact=True).check()
    finding.get_by_role("button", name=re.compile("Save decision")).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the finding is dismissed")
    no_axe_violations(page)
    problems.clear()  # the refused decision's 400 answer
    finding = page.locator(".tl-finding", has_text="PP-PROC-009")
    finding.get_by_label("False alarm").check()
    finding.get_by_role("button", name=re.compile("Save decision")).click()
    page.wait_for_url(re.compile(r"#pf-[0-9a-f]{20}$"))
    finding = page.locator(".tl-finding", has_text="PP-PROC-009")
    expect(finding.locator("[id^=decision-]")).to_contain_text("Dismissed")
    expect(finding.locator("[id^=reason-]")).to_contain_text("False alarm")
    no_axe_violations(page)

    page.get_by_role("link", name=re.compile(r"highlighted view of note-to-bidders\.md")).click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f]{32}/document$"))
    no_axe_violations(page)
    page.go_back()
    page.get_by_role("link", name=re.compile(r"in " + re.escape(ITT))).click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f]{32}/report$"))
    expect(page.locator("main")).to_contain_text(ITT)
    no_axe_violations(page)
    assert problems == []
