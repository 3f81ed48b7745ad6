"""Issue #11 item 7 in a real browser (Debian's chromium through Playwright): the readiness
assessment as a GOV.UK task list, one page per factor; the report and triage pages on a phone
(375 px wide) without sideways scrolling; "Show in the document" bringing the message and its
passage into view together. axe-core checks every page visited and must find no violation."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from service.db import db
from service.models import User
from service.uploads import accept_upload

from .test_browser import CHROMIUM, ARGS, live_server, page, pytestmark, sign_in, sync_api, watch_console  # noqa: F401
from .test_review_browser import no_axe_violations, sign_in_at
from .test_worker import finished, wait_for

# Written for this test: demands several rules flag, one with a long unbroken address, so a narrow
# screen has something that could push the page sideways.
TENDER = """Invitation to tender: library self-service kiosks

1. The Supplier shall indemnify the Council against all losses howsoever arising, including losses caused by the Council's own negligence.

2. Bidders must hold professional indemnity insurance of £10,000,000 and show an annual turnover of at least £5,000,000.

3. Tenders must be returned within 5 days. Read the conditions at https://procurement.example.org/very/long/path/to/the/conditions/of/tender/library-self-service-kiosks-2026.

4. The Council may terminate the contract at any time for convenience without compensation.
""".encode()


def checked(people: dict[str, Any]) -> str:
    """A job id: the tender above checked by the real worker."""
    user = db.session.get(User, people["buyer"]["id"])
    job_id = accept_upload(user, "kiosks.md", TENDER, {}).job.id
    assert wait_for(job_id, finished).status == "done"
    return job_id


def no_sideways_scroll(tab: "sync_api.Page") -> None:
    widths = tab.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    wide = tab.evaluate("""w => [...document.body.querySelectorAll('*')]
        .filter(e => e.getBoundingClientRect().right > w + 1 || e.scrollWidth > e.clientWidth + 1)
        .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > w + 1))
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.id || ''))""", widths[1])
    assert widths[0] <= widths[1], f"{tab.url} is {widths[0]} px wide on a {widths[1]} px screen; too wide: {wide}"


def in_view(tab: "sync_api.Page", selector: str) -> bool:
    return tab.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
                                  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""", selector)


def test_the_readiness_assessment_is_a_task_list(live_server: str, people, page: "sync_api.Page") -> None:
    problems = watch_console(page)
    sign_in_at(page, live_server, people["buyer"], "/readiness")
    page.get_by_role("button", name="Start a new assessment").click()
    page.wait_for_url(re.compile(r"/readiness/[0-9a-f]{32}$"))
    tasks = page.locator("#factor-tasks .govuk-task-list__item")
    assert tasks.count() == 6 and page.locator("#tasks-done").inner_text() == "You have rated 0 of 6 factors."
    expect(tasks.first.locator(".govuk-task-list__status")).to_have_text("Not yet started")
    assert page.locator('input[name="geography-rag"]').count() == 0  # no long form here
    no_axe_violations(page)

    page.get_by_role("link", name="Geography").click()
    page.wait_for_url(re.compile(r"/sections/geography$"))
    expect(page.locator("h1")).to_have_text("Geography")
    assert page.locator('input[name="infrastructure-rag"]').count() == 0  # one factor per page
    no_axe_violations(page)
    page.fill("#geography-links", "not a web address")
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Links must be web addresses")
    no_axe_violations(page)
    page.locator('input[name="geography-rag"][value="red"]').check()
    page.fill("#geography-links", "https://example.org/housing")
    page.fill("#geography-evidence", "Rents rose faster than wages")
    page.get_by_role("button", name="Save and return to the task list").click()
    page.wait_for_url(re.compile(r"/readiness/[0-9a-f]{32}#ratings$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Geography: saved")
    geography = tasks.filter(has_text="Geography")
    expect(geography.locator(".govuk-task-list__status")).to_have_text("Completed")
    expect(geography.locator(".govuk-task-list__hint")).to_have_text("Rated Red")
    expect(tasks.filter(has_text="Infrastructure").locator(".govuk-task-list__status")).to_have_text("Not yet started")
    assert page.locator("#tasks-done").inner_text() == "You have rated 1 of 6 factors."
    no_axe_violations(page)

    page.get_by_role("link", name="Infrastructure").click()
    page.fill("#infrastructure-evidence", "Fibre survey under way")
    page.get_by_role("button", name="Save and return to the task list").click()
    page.wait_for_url(re.compile(r"#ratings$"))
    expect(tasks.filter(has_text="Infrastructure").locator(".govuk-task-list__status")).to_have_text("In progress")
    expect(geography.locator(".govuk-task-list__status")).to_have_text("Completed")  # one page does not touch another

    page.get_by_role("link", name="Date and notes").click()
    no_axe_violations(page)
    page.fill("#date-day", "31")
    page.fill("#date-month", "2")
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date of the assessment must be a real date")
    page.fill("#date-day", "1")
    page.fill("#notes", "Spring review")
    page.get_by_role("button", name="Save and return to the task list").click()
    page.wait_for_url(re.compile(r"#ratings$"))

    page.get_by_role("link", name="Rate every section on one page instead").click()
    assert page.locator('input[name="geography-rag"][value="red"]').is_checked()  # the old form, same data
    no_axe_violations(page)
    assert [p for p in problems if "status of 400" not in p] == []  # the refused forms answer 400, as they should


def test_report_and_triage_pages_fit_a_phone(live_server: str, people, worker, page: "sync_api.Page") -> None:
    job_id = checked(people)
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in_at(page, live_server, people["buyer"], f"/jobs/{job_id}/report")
    assert page.locator(".tl-finding").count() >= 3
    no_sideways_scroll(page)
    no_axe_violations(page)
    page.goto(f"{live_server}/triage")
    assert page.locator(".tl-finding").count() >= 3
    no_sideways_scroll(page)
    no_axe_violations(page)
    page.goto(f"{live_server}/jobs/{job_id}/document")
    no_sideways_scroll(page)


def test_show_in_the_document_brings_the_message_and_passage_into_view(live_server: str, people, worker,
                                                                        page: "sync_api.Page") -> None:
    job_id = checked(people)
    for width, height in ((1280, 720), (375, 740)):
        page.set_viewport_size({"width": width, "height": height})
        sign_in_at(page, live_server, people["buyer"], f"/jobs/{job_id}/report") if width == 1280 else \
            page.goto(f"{live_server}/jobs/{job_id}/report")
        last = page.locator(".tl-finding", has=page.locator("a", has_text="Show in the document")).last
        message = last.locator("h3").inner_text()
        last.locator("a", has_text="Show in the document").click()
        page.wait_for_url(re.compile(r"/document\?focus=([0-9a-f]{32})#focus$"))
        finding_id = page.url.split("focus=", 1)[1].split("#", 1)[0]
        expect(page.locator("#focus")).to_contain_text(message.split(" ", 1)[1][:40])
        mark = f"mark#q-{finding_id}, mark:has(#q-{finding_id})"
        page.wait_for_function("() => window.scrollY > 0")  # the passage is far enough down to need scrolling
        assert in_view(page, "#focus"), "the message is not fully in view"
        assert page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
                                       return r.top >= 0 && r.bottom <= window.innerHeight; }""", mark), \
            "the marked passage is not fully in view"
        no_axe_violations(page)
