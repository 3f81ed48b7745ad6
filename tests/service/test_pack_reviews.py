"""Decisions on a tender pack's own findings, through the API and the pack page, with a real worker.

A pack of two short documents written here that disagree on the tender deadline has one pack
finding (PP-PROC-009, consistency). It is confirmed, dismissed with a reason and reopened like a
document finding; the decision shows in the pack report and on the pack page and carries over to
the next version of the pack by fingerprint; only reviewers decide, and another organisation's
pack finding is a 404.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service.db import db
from service.models import AuditEvent

from .test_packs import auth, post_pack, wait_for_pack
from .test_review_workflow_api import team  # noqa: F401  (fixture)
from .test_web import csrf, sign_in

ITT = b"""# Invitation to tender: grounds maintenance for parks

Riverside District Council invites tenders for grounds maintenance of its parks and open spaces.

## Timetable

Tenders must be received by 12:00 on 3 March 2031 through the council's e-tendering portal.
"""
SPEC = b"""# Specification: grounds maintenance for parks

The contractor will mow grass, prune shrubs and keep paths clear in the council's parks.

## Submission

Tenders must be received by 12:00 on 10 March 2031 through the council's e-tendering portal.
"""
FILES = [("itt.md", ITT), ("spec.md", SPEC)]


def _checked(client: Any, person: dict[str, str], url: str = "/api/v1/packs") -> tuple[dict[str, Any], dict[str, Any]]:
    """A pack version uploaded and checked: (its status, its report)."""
    response = post_pack(client, person, FILES, url=url)
    assert response.status_code == 201, response.get_data(as_text=True)
    status = wait_for_pack(client, person, response.get_json()["version"]["url"])
    assert status["status"] == "done", status
    return status, client.get(status["report_url"], headers=auth(person)).get_json()


def test_pack_findings_are_decided_by_reviewers_and_carried_to_the_next_version(app, client, team, worker) -> None:
    status, report = _checked(client, team["buyer"])
    (clash,) = [f for f in report["findings"] if f["kind"] == "consistency"]
    assert (clash["rule_id"], clash["document"], clash["review_status"], clash["review"]) == ("PP-PROC-009", "spec.md", "open", None)
    url = f"{status['url']}/findings/{clash['fingerprint']}"

    # organisations and roles: another council's reviewer gets a 404, a read-only member may read only
    assert client.get(url, headers=auth(team["other_buyer"])).status_code == 404
    assert client.patch(url, json={"review_status": "confirmed"}, headers=auth(team["other_buyer"])).status_code == 404
    assert client.get(url, headers=auth(team["reader"])).get_json()["review_status"] == "open"
    assert client.patch(url, json={"review_status": "confirmed"}, headers=auth(team["reader"])).status_code == 403
    assert client.patch(f"{status['url']}/findings/0000", json={"review_status": "confirmed"},
                        headers=auth(team["buyer"])).status_code == 404

    # bad decisions are refused with a code, and change nothing
    for body, code in (({"review_status": "dismissed"}, "reason-required"),
                       ({"review_status": "dismissed", "dismissal_reason": "bored"}, "invalid-dismissal-reason"),
                       ({"review_status": "maybe"}, "invalid-status"),
                       ({"assignee_id": team["buyer"]["id"]}, "invalid-review")):
        refused = client.patch(url, json=body, headers=auth(team["buyer"]))
        assert (refused.status_code, refused.get_json()["code"]) == (400, code), body
    assert client.get(url, headers=auth(team["buyer"])).get_json()["review"] is None

    dismissed = client.patch(url, json={"review_status": "dismissed", "dismissal_reason": "false-alarm",
                                        "comment": "The specification's date is the site visit, not the deadline."},
                             headers=auth(team["buyer"]))
    assert dismissed.status_code == 200, dismissed.get_data(as_text=True)
    review = dismissed.get_json()["review"]
    assert (review["status"], review["dismissal_reason"], review["reviewed_by"]) == ("dismissed", "false-alarm", team["buyer"]["id"])
    assert "site visit" in review["comment"]
    shown = client.get(status["report_url"], headers=auth(team["reader"])).get_json()
    assert [f["review_status"] for f in shown["findings"] if f["fingerprint"] == clash["fingerprint"]] == ["dismissed"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pack_finding.review"))
    assert event is not None and event.detail["fingerprint"] == clash["fingerprint"] and event.detail["previous"] == "open"

    # the next upload of the pack still has the finding: the decision is already there
    second, again = _checked(client, team["buyer"], url=f"/api/v1/packs/{status['url'].split('/')[4]}/versions")
    assert second["number"] == 2
    (carried,) = [f for f in again["findings"] if f["fingerprint"] == clash["fingerprint"]]
    assert carried["review_status"] == "dismissed" and carried["review"]["dismissal_reason"] == "false-alarm"
    reopened = client.patch(f"{second['url']}/findings/{clash['fingerprint']}", json={"review_status": "open"},
                            headers=auth(team["manager"]))
    assert reopened.status_code == 200 and reopened.get_json()["review"]["status"] == "open"
    assert client.get(url, headers=auth(team["buyer"])).get_json()["review_status"] == "open"

    # the pack page: the decision and its form; a refused decision shows the error at the form
    pack_id = status["url"].split("/")[4]
    page = app.test_client()
    assert sign_in(page, team["buyer"]).status_code == 302
    action = f"/packs/{pack_id}/versions/2/findings/{clash['fingerprint']}/review"
    token = csrf(page, f"/packs/{pack_id}")
    refused_page = page.post(action, data={"csrf_token": token, "review_status": "dismissed"})
    assert refused_page.status_code == 400
    assert "There is a problem" in refused_page.get_data(as_text=True)
    saved = page.post(action, data={"csrf_token": token, "review_status": "confirmed"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"#pf-{clash['fingerprint']}")
    html = page.get(f"/packs/{pack_id}").get_data(as_text=True)
    assert f'id="pf-{clash["fingerprint"]}"' in html and "Confirmed" in html and "Change the decision" in html
    reader = app.test_client()
    sign_in(reader, team["reader"])
    assert "Change the decision" not in reader.get(f"/packs/{pack_id}").get_data(as_text=True)
    assert reader.post(action, data={"csrf_token": csrf(reader, f"/packs/{pack_id}"), "review_status": "open"}).status_code == 403
    other = app.test_client()
    sign_in(other, team["other_buyer"])
    assert other.post(action, data={"csrf_token": csrf(other, "/packs"), "review_status": "open"}).status_code == 404
