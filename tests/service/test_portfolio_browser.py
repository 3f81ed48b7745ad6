"""The portfolio dashboard in a real browser (Debian's chromium through Playwright): a manager finds
it in the navigation, reads the charts' numbers in their tables, asks for triage older than a
number of days (a bad number is refused with the GOV.UK error pattern), and axe-core finds no
violation of any impact on the way. A reviewer is not offered it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .test_browser import live_server, page, pytestmark, sync_api, watch_console  # noqa: F401  (fixtures, chromium skip)
from .test_portfolio import portfolio_set  # noqa: F401  (fixture)
from .test_review_browser import no_axe_violations, sign_in_at, sign_out
from .test_review_workflow_api import team  # noqa: F401  (fixture)


def test_a_manager_reads_the_portfolio(live_server: str, team, portfolio_set, page: "sync_api.Page") -> None:
    problems = watch_console(page)
    sign_in_at(page, live_server, team["buyer"], "/documents")
    expect(page.get_by_role("link", name="Portfolio", exact=True)).to_have_count(0)
    sign_out(page)

    sign_in_at(page, live_server, team["manager"], "/documents")
    page.get_by_role("link", name="Portfolio", exact=True).click()
    page.wait_for_url(re.compile(r"/portfolio$"))
    expect(page.locator("h1")).to_have_text("Portfolio")
    expect(page.locator("#key-figures")).to_contain_text("Documents checked")
    for title in ("Open findings by severity", "Open findings by rule family", "Most frequent pitfalls",
                  "Bid-barrier index per document", "Mean bid-barrier index"):
        expect(page.get_by_role("img", name=re.compile(re.escape(title)))).to_be_visible()
    expect(page.locator("#severity-table tr[data-severity='warning']")).to_contain_text("2")
    expect(page.locator("#index-table")).to_contain_text("Grounds maintenance ITT")
    expect(page.locator("#sign-off-table")).to_contain_text("Not yet: 1 error open or confirmed")
    expect(page.locator("#stale-table")).to_contain_text("1 undecided finding older than 14 days")
    no_axe_violations(page)

    page.fill("#days", "soon")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a whole number of days from 1 to 3,650")
    expect(page.locator("#days")).to_have_value("soon")  # what was typed stays, to correct
    no_axe_violations(page)
    problems.clear()  # the refused value answers 400, which chromium logs

    page.fill("#days", "1")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"days=1"))
    expect(page.locator("#stale-table")).to_contain_text("2 undecided findings older than 1 day,")
    expect(page.locator("#download-csv")).to_have_attribute("href", "/portfolio.csv?days=1")
    no_axe_violations(page)
    assert not problems, problems
