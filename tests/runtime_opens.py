"""Run the web app and the worker's job code in one fresh process and record every project file
it opens or lists, so tests/service/test_container_runtime.py can check each lies in the image.

A fresh process, so nothing is already cached (rule pack, templates, modules) and the audit hook
(PEP 578: `open`, `os.listdir`, `os.scandir`) sees every read. Usage, with the service's
environment set (database, Redis, instance folder):

    python -m tests.runtime_opens OUT.json SAMPLE
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

OPENED: set[str] = set()
LISTED: set[str] = set()


def _record(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        OPENED.add(os.fsdecode(args[0]))
    elif event in ("os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        LISTED.add(os.fsdecode(args[0]))


sys.addaudithook(_record)  # before any project module is imported

STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"?#]+)')


def _csrf(client: Any, url: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert match, f"no CSRF token on {url}"
    return match[1]


def exercise(sample: Path) -> list[str]:
    """Every page kind, an upload linted by the worker's own code, and each static file the pages
    link; returns the links that did not answer 200."""
    from service import create_app
    from service.accounts import create_organisation, create_user
    from service.db import db, upgrade
    from service.models import Job, Role
    from worker.app import celery  # noqa: F401  (the worker imports its app and signal handlers)
    from worker.pipeline import run_job

    app = create_app()
    upgrade(app)
    with app.app_context():
        create_user(create_organisation("Image check"), "ops@example.org", "image-check-password", Role.MANAGER)
        db.session.commit()
    client = app.test_client()
    signed_in = client.post("/sign-in", data={"email": "ops@example.org", "password": "image-check-password",
                                             "csrf_token": _csrf(client, "/sign-in")})
    assert signed_in.status_code == 302, signed_in.status_code
    uploaded = client.post("/upload", data={"file": (sample.open("rb"), sample.name), "csrf_token": _csrf(client, "/upload")})
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)[:500]
    job_id = uploaded.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    with app.app_context():
        assert run_job(job_id) == "done"  # the worker's own code path, in this process
        document_id = db.session.get(Job, job_id).version.document_id
    pages = ["/", "/documents", f"/documents/{document_id}", f"/jobs/{job_id}", f"/jobs/{job_id}/report",
             f"/jobs/{job_id}/document", f"/jobs/{job_id}/questions", "/triage", "/readiness", "/rules",
             "/account/tokens", "/api/v1/openapi.json"]
    rule = re.search(r'href="(/rules/[^"]+)"', client.get("/rules").get_data(as_text=True))
    assert rule, "the catalogue links no rule page"
    pages.append(rule[1])
    pages += [f"/jobs/{job_id}/report.{fmt}" for fmt in ("json", "sarif", "csv", "html")]
    links: set[str] = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 302), f"{page}: {response.status_code}"
        links |= set(STATIC_LINK.findall(response.get_data(as_text=True))) if response.mimetype == "text/html" else set()
    return sorted(link for link in links if client.get(link).status_code != 200)


def main() -> None:
    out, sample = Path(sys.argv[1]), Path(sys.argv[2])
    broken = exercise(sample)
    out.write_text(json.dumps({"opened": sorted(OPENED), "listed": sorted(LISTED), "broken_links": broken}))


if __name__ == "__main__":
    main()
