"""The pages in a real browser (Debian's chromium through Playwright) against a live server and a
real worker: sign in, upload a sample tender, watch progress, read the report and the marked text."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest
from werkzeug.serving import make_server

from .conftest import REPO, free_port

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SAMPLE = REPO / "samples" / "council-parking-sensors-itt.md"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed (scripts/bootstrap)")


@pytest.fixture
def service_env(service_env: dict[str, str]) -> dict[str, str]:
    """A short pause between the worker's stages, so the progress page has something to show."""
    return {**service_env, "TENDERLINT_TEST_TASK_DELAY": "0.5"}


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The app (same database and broker as the worker) served over HTTP in a thread."""
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(10)


@pytest.fixture
def page() -> Iterator["sync_api.Page"]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()


def _wait_for_report(page: "sync_api.Page", seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not page.url.endswith("/report"):
        assert time.monotonic() < deadline, "the job page never reached the report"
        page.wait_for_timeout(250)
        if "/jobs/" in page.url and page.url.count("/") == 4:
            try:
                failed = page.locator("#job .govuk-error-summary")
                assert failed.count() == 0, failed.inner_text()
            except sync_api.Error:
                pass  # navigating: look again next time


def watch_console(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The page's console errors and uncaught exceptions, collected as they happen."""
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def sign_in(page, person: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Fill and send the sign-in form the page is showing."""
    page.fill("#email", person["email"])
    page.fill("#password", person["password"])
    page.get_by_role("button", name="Sign in").click()


def test_upload_to_marked_document(live_server: str, people, worker, page, tmp_path: Path) -> None:
    problems = watch_console(page)

    page.goto(f"{live_server}/documents")
    assert "/sign-in" in page.url
    sign_in(page, people["buyer"])
    page.wait_for_url(re.compile(r"/documents$"))

    page.get_by_role("link", name="Check a document").first.click()
    page.set_input_files("#file", str(SAMPLE))
    page.fill("#title", "Parking sensors ITT")
    page.get_by_label("Procurement Act 2023").check()
    page.get_by_role("button", name="Check document").click()

    page.wait_for_url(re.compile(r"/jobs/[0-9a-f]{32}$"))
    progress = page.locator("progress#job-progress")
    assert progress.count() == 1
    page.screenshot(path=str(tmp_path / "job.png"), full_page=True)
    # the page's script goes to the report when the job is done; a failed job shows its error instead
    _wait_for_report(page)

    findings = page.locator(".tl-finding")
    assert findings.count() > 0
    assert page.locator("#findings-count").inner_text().startswith("Showing")
    page.screenshot(path=str(tmp_path / "report.png"))

    page.get_by_label("Error", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    assert "severity=error" in page.url
    for tag in page.locator(".tl-finding h3 .govuk-tag").all_inner_texts():
        assert tag.strip() == "Error"

    page.locator(".tl-finding a", has_text="Show in the document").first.click()
    page.wait_for_url(re.compile(r"/document\?focus=[0-9a-f]{32}#focus$"))
    target = "q-" + page.url.split("focus=", 1)[1].split("#", 1)[0]
    # the finding's anchor is its mark, or sits inside the mark it shares with another finding
    mark = page.locator(f"mark#{target}, mark:has(#{target})")
    assert mark.count() == 1 and mark.is_visible()
    assert page.locator("mark.tl-mark").count() >= findings.count() // 2
    page.screenshot(path=str(tmp_path / "document.png"), full_page=False)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in$"))
    assert not problems, problems
    print(f"screenshots in {tmp_path}")
