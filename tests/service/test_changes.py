"""What changed between versions: findings new in a version and those the previous one had."""

from __future__ import annotations

from service.db import db
from service.models import Finding

from .test_api import assert_problem, auth, finish, upload
from .test_triage_api import schema_check
from .test_web import sign_in


def test_changes_between_versions(client, people):
    doc = upload(client, people["buyer"]).get_json()
    first = doc["version"]["id"]
    finish(first, findings=3)  # fp0, fp1, fp2
    assert_problem(client.get(f"/api/v1/versions/{first}/changes", headers=auth(people["buyer"])), 409, "no-previous")

    second = upload(client, people["buyer"], url=f"{doc['url']}/versions").get_json()["version"]["id"]
    job = finish(second, findings=3)
    rewritten = db.session.query(Finding).filter_by(job_id=job.id, fingerprint="fp2").one()
    rewritten.fingerprint = "fp2-rewritten"  # the passage was edited: a new finding, and the old one gone
    db.session.commit()

    body = client.get(f"/api/v1/versions/{second}/changes", headers=auth(people["buyer"])).get_json()
    schema_check(client, body, "Changes")
    assert body["previous_version"]["number"] == 1 and body["version"]["number"] == 2
    assert [f["fingerprint"] for f in body["new"]] == ["fp2-rewritten"]
    assert [f["fingerprint"] for f in body["gone"]] == ["fp2"] and body["unchanged"] == 2
    assert_problem(client.get(f"/api/v1/versions/{second}/changes", headers=auth(people["other_buyer"])), 404)

    sign_in(client, people["buyer"])
    page = client.get(f"/jobs/{job.id}/report").get_data(as_text=True)
    assert 'id="changes"' in page and "Since version 1" in page
    assert "1 new finding," in page and "1 no longer found, 2 still present" in page
    assert f'href="#f-{rewritten.id}"' in page
