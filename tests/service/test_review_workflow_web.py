"""Issue #11 items 1-4 in the web pages (Flask's test client, no worker): the organisation and people
pages, one's own password, bulk triage with filters by rule and family, assigning, sign-off and
deletion from the document page; each role boundary and another organisation's 404 on every new route."""

from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy import select

from service.db import db
from service.models import Document, Finding, Organisation, User, Version

from .test_api import finish
from .test_review_workflow_api import team  # noqa: F401  (fixture)
from .test_triage_web import document_with, shown, status_of
from .test_web import csrf, error_summary, sign_in


def post(client: Any, page: str, url: str, **fields: str) -> Any:
    """A form on `page` sent as the browser would (with that page's CSRF token)."""
    token = csrf(client, page)
    g.pop("csrf_token", None)
    return client.post(url, data={"csrf_token": token, **fields})


def as_(app: Any, person: dict[str, str]) -> Any:
    browser = app.test_client()
    assert sign_in(browser, person).status_code == 302
    return browser


def test_people_pages_for_an_administrator(app, team) -> None:
    admin = as_(app, team["admin"])
    page = admin.get("/organisation").text
    assert "Add a person" in page and "Reviewer (buyer)" in page and "other_buyer@example.org" not in page
    refused = post(admin, "/organisation/people/new", "/organisation/people/new", email="nobody", role="reviewer")
    assert refused.status_code == 400 and error_summary(refused.text) == ["Enter an email address, like name@example.org"]
    added = post(admin, "/organisation/people/new", "/organisation/people/new", email="colleague@example.org",
                 name="Col League", role="manager")
    assert added.status_code == 200 and 'id="temporary-password"' in added.text
    person = db.session.scalar(select(User).where(User.email == "colleague@example.org"))
    assert person.role == "manager" and person.organisation_id == db.session.get(User, team["admin"]["id"]).organisation_id
    url = f"/organisation/people/{person.id}"
    assert post(admin, url, url, action="role", role="read-only").status_code == 302
    assert post(admin, url, url, action="disable").status_code == 302
    db.session.expire_all()
    assert (person.role, person.active) == ("read-only", False)
    reset = post(admin, url, url, action="reset-password")
    assert 'id="temporary-password"' in reset.text
    renamed = post(admin, "/organisation", "/organisation", form="name", name="Northfield Council")
    assert renamed.status_code == 302 and db.session.get(Organisation, person.organisation_id).name == "Northfield Council"


def test_people_pages_refuse_other_roles_and_organisations(app, team) -> None:
    target = team["buyer"]["id"]
    for key in ("manager", "buyer", "reader"):
        browser = as_(app, team[key])
        assert browser.get("/organisation").status_code == 200
        assert browser.get("/organisation/people/new").status_code == 403
        assert browser.get(f"/organisation/people/{target}").status_code == 403
        assert post(browser, "/organisation", "/organisation", form="name", name="Mine now").status_code == 403
    reader = as_(app, team["reader"])
    assert post(reader, "/organisation", "/organisation", form="retention", retention_days="5").status_code == 403
    manager = as_(app, team["manager"])
    assert post(manager, "/organisation", "/organisation", form="retention", retention_days="90").status_code == 302
    assert db.session.get(Organisation, db.session.get(User, target).organisation_id).retention_days == 90
    other = as_(app, team["other_buyer"])
    assert other.get(f"/organisation/people/{target}").status_code == 404
    outsider_admin = as_(app, team["admin"])
    assert outsider_admin.get(f"/organisation/people/{team['other_buyer']['id']}").status_code == 404


def test_own_password(app, team) -> None:
    buyer = as_(app, team["buyer"])
    other_browser = as_(app, team["buyer"])
    wrong = post(buyer, "/account/password", "/account/password", current_password="nope",
                 new_password="plum orchard rain", confirm_password="plum orchard rain")
    assert wrong.status_code == 400 and error_summary(wrong.text) == ["Enter your current password correctly"]
    common = post(buyer, "/account/password", "/account/password", current_password=team["buyer"]["password"],
                  new_password="password123", confirm_password="password123")
    assert common.status_code == 400 and "too common" in common.text
    done = post(buyer, "/account/password", "/account/password", current_password=team["buyer"]["password"],
                new_password="plum orchard rain", confirm_password="plum orchard rain")
    assert done.status_code == 302
    assert buyer.get("/documents").status_code == 200  # this browser stays signed in
    assert other_browser.get("/documents").status_code == 302  # the others are signed out


def test_bulk_dismissal_with_rule_and_family_filters(app, team) -> None:
    job = document_with(team, 6, "Parking ITT")
    other = document_with(team, 6, "Lighting ITT")
    document = db.session.get(Version, job.version_id).document_id
    buyer = as_(app, team["buyer"])
    page = buyer.get(f"/triage?document={document}&rule=PP-RISK-001&family=RISK")
    assert len(shown(page.text)) == 2 and "Decide all 2 findings" in page.text
    assert "Decide all" not in buyer.get("/triage?rule=PP-RISK-001").text  # only with a document chosen
    action = f"/triage/bulk?status=open&document={document}&rule=PP-RISK-001"
    refused = post(buyer, "/triage", action, review_status="dismissed")
    assert refused.status_code == 400 and error_summary(refused.text) == [
        "Say why the finding is dismissed: the reason is kept with the decision."]
    saved = post(buyer, "/triage", action, review_status="dismissed", dismissal_reason="false-alarm", reason="Standard clause")
    assert saved.status_code == 302 and f"document={document}" in saved.location
    rule_findings = db.session.scalars(select(Finding).where(Finding.rule_id == "PP-RISK-001")).all()
    assert sorted(status_of(f.id) for f in rule_findings) == ["dismissed", "dismissed", "open", "open"]
    assert all(status_of(f.id) == "open" for f in rule_findings if f.job_id == other.id)
    page = buyer.get(f"/triage?status=dismissed&document={document}").text
    assert "False alarm. Standard clause" in page
    assert post(as_(app, team["reader"]), "/triage", action, review_status="confirmed").status_code == 403
    assert post(as_(app, team["other_buyer"]), "/triage", action, review_status="confirmed").status_code == 404


def test_assigning_and_the_card_to_return_to(app, team) -> None:
    job = document_with(team, 2, "Parking ITT")
    finding = db.session.scalar(select(Finding).where(Finding.job_id == job.id).order_by(Finding.start))
    buyer = as_(app, team["buyer"])
    url = f"/findings/{finding.id}/assign?back=triage&status=open"
    saved = post(buyer, "/triage", url, assignee_id=team["manager"]["id"])
    assert saved.status_code == 302 and saved.location.endswith(f"#f-{finding.id}")
    assert "Assigned to:</span> manager@example.org" in buyer.get("/triage").text
    assert post(buyer, "/triage", url, assignee_id=team["other_buyer"]["id"]).status_code == 404
    assert post(as_(app, team["reader"]), "/triage", url, assignee_id="").status_code == 403
    assert post(as_(app, team["other_buyer"]), "/triage", url, assignee_id="").status_code == 404
    dismissed = post(buyer, "/triage", f"/findings/{finding.id}/review?back=triage", review_status="dismissed",
                     dismissal_reason="fix-later")
    assert dismissed.status_code == 302 and dismissed.location.endswith(f"#f-{finding.id}")
    assert post(as_(app, team["reader"]), "/triage", f"/findings/{finding.id}/review?back=triage",
                review_status="confirmed").status_code == 403


def test_sign_off_and_deletion_on_the_document_page(app, team) -> None:
    job = document_with(team, 2, "Parking ITT")  # finding 1 is an error
    version = db.session.get(Version, job.version_id)
    document, version_id = version.document_id, version.id
    page = f"/documents/{document}"
    buyer = as_(app, team["buyer"])
    assert "Approve as ready to publish" not in buyer.get(page).text
    assert post(buyer, page, f"/versions/{version_id}/approve").status_code == 403
    manager = as_(app, team["manager"])
    refused = post(manager, page, f"/versions/{version_id}/approve")
    assert refused.status_code == 409 and "1 error-level finding is still open" in refused.text
    error = db.session.scalar(select(Finding).where(Finding.job_id == job.id, Finding.severity == "error"))
    post(buyer, "/triage", f"/findings/{error.id}/review?back=triage", review_status="dismissed", dismissal_reason="accepted-risk")
    approved = post(manager, page, f"/versions/{version_id}/approve")
    assert approved.status_code == 302
    shown_page = manager.get(page).text
    assert "Approved" in shown_page and "by manager@example.org" in shown_page and "rule pack abc" in shown_page
    other = as_(app, team["other_buyer"])
    for url in (f"/versions/{version_id}/approve", f"/versions/{version_id}/delete", f"/documents/{document}/delete"):
        assert post(other, "/documents", url).status_code == 404
    assert buyer.get(f"/versions/{version_id}/delete").status_code == 403
    assert post(buyer, page, f"/documents/{document}/delete").status_code == 403
    assert "Delete version 1 of Parking ITT?" in manager.get(f"/versions/{version_id}/delete").text
    second = finish(version_id, findings=0)  # another check of the same version: still deletable
    assert second is not None
    deleted = post(manager, page, f"/versions/{version_id}/delete")
    assert deleted.status_code == 302
    db.session.expire_all()
    assert db.session.get(Version, version_id) is None and db.session.get(Document, document) is not None
    assert post(manager, page, f"/documents/{document}/delete").status_code == 302
    assert db.session.get(Document, document) is None


def test_read_only_cannot_upload(app, team) -> None:
    reader = as_(app, team["reader"])
    refused = post(reader, "/upload", "/upload", title="x")
    assert refused.status_code == 403
