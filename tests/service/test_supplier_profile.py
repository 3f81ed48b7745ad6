"""The supplier profile (issue #12 item 2, service side): stored per organisation through the API
and the page, validated by the core's SupplierProfile (a bad value is refused with its field and
nothing is stored), editable by reviewers and above, invisible to other organisations, audited."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from service.db import db
from service.models import AuditEvent
from service.profile_models import StoredProfile

from .test_api import assert_problem
from .test_review_workflow_api import call, team  # noqa: F401  (fixture)
from .test_triage_api import schema_check
from .test_web import csrf, sign_in

PROFILE = {"turnover": [240000, 210000], "insurance": {"public_liability": 1000000, "employers_liability": 5000000},
           "certifications": ["ISO 9001"], "years_trading": 4, "staff": 6, "sectors": ["Local government"],
           "consortium": False}


def stored() -> list[StoredProfile]:
    db.session.expire_all()
    return list(db.session.scalars(select(StoredProfile)))


@pytest.mark.parametrize("body, field", [
    ({"turnover": [-5]}, "turnover.0"),
    ({"turnover": [1, 2, 3]}, "turnover"),
    ({"staff": 2.5}, "staff"),
    ({"years_trading": 5000}, "years_trading"),
    ({"insurance": {"boat": 5}}, "insurance"),
    ({"consortium": "perhaps"}, "consortium"),
    ({"turnvoer": [5]}, ""),
])
def test_a_bad_profile_is_refused_with_its_field_and_nothing_is_stored(client, team, body: dict[str, Any], field: str):
    problem = assert_problem(call(client, team["supplier"], "PUT", "/profile", **body), 422, "bad-profile")
    assert problem["field"] == field
    assert stored() == []


def test_profile_api_roles_isolation_and_audit(client, team):
    empty = call(client, team["reader"], "GET", "/profile").get_json()
    assert empty == {"profile": None, "updated_at": None, "updated_by": None}
    assert_problem(call(client, team["reader"], "PUT", "/profile", **PROFILE), 403, "forbidden")
    assert stored() == []

    saved = call(client, team["supplier"], "PUT", "/profile", **PROFILE)
    assert saved.status_code == 200, saved.get_data(as_text=True)
    body = saved.get_json()
    schema_check(client, body, "StoredSupplierProfile")
    assert body["profile"]["turnover"] == [240000, 210000] and body["profile"]["consortium"] is False
    assert body["updated_by"] == team["supplier"]["id"]
    assert call(client, team["reader"], "GET", "/profile").get_json()["profile"] == body["profile"]

    # another organisation sees none, and its own profile does not touch this one
    assert call(client, team["other_buyer"], "GET", "/profile").get_json()["profile"] is None
    assert call(client, team["other_buyer"], "PUT", "/profile", staff=90).status_code == 200
    assert call(client, team["reader"], "GET", "/profile").get_json()["profile"]["staff"] == 6
    assert len(stored()) == 2

    # the whole profile is replaced: a field left out is no longer said
    again = call(client, team["manager"], "PUT", "/profile", staff=7).get_json()["profile"]
    assert again["staff"] == 7 and again["turnover"] is None and again["insurance"] is None
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "profile.updated")
                                .where(AuditEvent.user_id == team["manager"]["id"])).all()
    assert len(events) == 1 and "turnover" in events[0].detail["fields"] and "staff" in events[0].detail["fields"]


def form(**fields: str) -> dict[str, str]:
    return {"turnover-0": "", "turnover-1": "", "certifications": "", "years_trading": "", "staff": "", "sectors": "",
            "consortium": "", **fields}


def test_profile_page_reports_each_bad_field_and_saves_good_ones(client, team):
    sign_in(client, team["supplier"])
    page = client.get("/profile").get_data(as_text=True)
    assert 'id="turnover-0"' in page and 'id="insurance-public_liability"' in page

    bad = client.post("/profile", data={**form(**{"turnover-0": "lots", "staff": "2.5", "years_trading": "9999"}),
                                        "csrf_token": csrf(client, "/profile")})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "govuk-error-summary" in html
    for field in ("turnover-0", "staff", "years_trading"):
        assert f'href="#{field}"' in html and f'id="{field}-error"' in html
    assert 'value="lots"' in html  # what was typed is kept
    assert stored() == []

    good = client.post("/profile", data={**form(**{"turnover-0": "£250k", "turnover-1": "180000", "staff": "5",
                                                  "insurance-public_liability": "£2m", "certifications": "ISO 9001\nCyber Essentials\n",
                                                  "consortium": "no"}),
                                         "csrf_token": csrf(client, "/profile")})
    assert good.status_code == 302
    [row] = stored()
    assert row.data["turnover"] == [250000, 180000] and row.data["insurance"] == {"public_liability": 2000000}
    assert row.data["certifications"] == ["ISO 9001", "Cyber Essentials"] and row.data["consortium"] is False
    assert row.data["years_trading"] is None  # left empty: not said
    shown = client.get("/profile").get_data(as_text=True)
    assert 'value="250000"' in shown and "Your supplier profile is saved" in shown

    sign_in(client, team["reader"])
    read_only = client.get("/profile").get_data(as_text=True)
    assert 'id="read-only-note"' in read_only and 'name="turnover-0"' not in read_only
    assert "£250000" in read_only and "None held" in read_only  # employer's liability: insurance said, this type not held
    assert client.post("/profile", data={**form(staff="1"), "csrf_token": csrf(client, "/profile")}).status_code == 403
    assert stored()[0].data["staff"] == 5
