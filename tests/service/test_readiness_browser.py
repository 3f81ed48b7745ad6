"""The readiness pages in a real browser (Debian's chromium through Playwright): a buyer signs
in, starts an assessment, rates the six factors on one page (the task list's alternative), saves,
and sees the summary and the chart (tests/service/test_readable_browser.py rates through the task list)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from .test_browser import live_server, page, pytestmark, sign_in, sync_api, watch_console  # noqa: F401  (fixtures and the chromium skip)

RATINGS = {"geography": "red", "infrastructure": "amber", "public_services": "green", "community": "green",
           "economy_jobs": "amber", "tech_rnd": "red"}


def test_buyer_rates_six_factors_and_sees_the_chart(live_server: str, people, page: "sync_api.Page",
                                                    tmp_path: Path) -> None:
    problems = watch_console(page)

    page.goto(f"{live_server}/readiness")
    sign_in(page, people["buyer"])
    page.wait_for_url(re.compile(r"/readiness$"))
    page.get_by_role("button", name="Start a new assessment").click()
    page.wait_for_url(re.compile(r"/readiness/[0-9a-f]{32}$"))
    page.get_by_role("link", name="Rate every section on one page instead").click()  # the task list's alternative

    for factor, rag in RATINGS.items():
        page.locator(f'input[name="{factor}-rag"][value="{rag}"]').check()
    page.fill("#geography-evidence", "House prices rose 9% against wages of 3%")
    page.fill("#geography-owner", "Head of Planning")
    page.locator("#section-geography details summary").click()
    page.locator('input[name="geography-q3-rag"][value="red"]').check()
    page.get_by_role("button", name="Save ratings").click()
    page.wait_for_url(re.compile(r"#summary$"))

    assert "Your ratings have been saved" in page.inner_text(".govuk-notification-banner")
    counts = {rag: page.inner_text(f'#summary-counts td[data-rag="{rag}"]') for rag in ("red", "amber", "green", "not_rated")}
    assert counts == {"red": "2", "amber": "2", "green": "2", "not_rated": "0"}
    chart = page.locator('#grid svg[role="img"]')
    assert chart.count() == 1 and chart.is_visible()
    assert chart.locator('g.factor[data-factor="geography"]').get_attribute("data-rag") == "red"
    assert "Geography: Red." in chart.locator("desc").text_content()
    tech = page.locator("#factor-tasks .govuk-task-list__item", has_text="Technology")
    expect(tech.locator(".govuk-task-list__hint")).to_have_text("Rated Red")  # the task list shows what was saved
    page.screenshot(path=str(tmp_path / "readiness.png"), full_page=True)
    page.locator("#summary").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "readiness-summary.png"))
    assert not problems, problems
    print(f"screenshots in {tmp_path}")


def test_manager_signs_off_and_sees_the_trend(live_server: str, people, page: "sync_api.Page", tmp_path: Path) -> None:
    page.goto(f"{live_server}/sign-in")
    sign_in(page, people["manager"])
    page.get_by_role("link", name="Readiness").click()
    page.get_by_role("button", name="Start a new assessment").click()
    page.get_by_role("link", name="Rate every section on one page instead").click()
    for factor, rag in RATINGS.items():
        page.locator(f'input[name="{factor}-rag"][value="{rag}"]').check()
    page.get_by_role("button", name="Save ratings").click()
    page.wait_for_url(re.compile(r"#summary$"))
    page.get_by_role("button", name="Sign off this assessment").click()
    expect(page.locator("#status")).to_contain_text("Signed off")  # waits for the page after the POST
    assert page.get_by_role("button", name="Save ratings").count() == 0
    page.screenshot(path=str(tmp_path / "signed-off.png"), full_page=True)
    page.get_by_role("link", name="All assessments").click()
    trend = page.locator('#trend svg[role="img"]')
    trend.wait_for(state="visible")  # the list page loads after the click
    assert trend.is_visible() and trend.locator('g.cell[data-rag="red"]').count() == 2
    page.screenshot(path=str(tmp_path / "trend.png"), full_page=True)
    print(f"screenshots in {tmp_path}")
