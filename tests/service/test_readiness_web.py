"""The readiness pages through Flask's test client: rating without JavaScript, summary and
chart, sign-off by managers only, read-only records, history, comparison, export and import,
roles, organisation isolation, escaping and the linter evidence section."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from flask import g

from service.db import db
from service.models import AuditEvent, utcnow
from service.readiness_models import ReadinessAssessment

from .test_readiness_api import FACTORS, linted
from .test_web import csrf, error_summary, sign_in

RATINGS = dict(zip(FACTORS, ("red", "amber", "green", "green", "amber", "not_rated")))


def new_assessment(client: Any) -> str:
    response = client.post("/readiness/new", data={"csrf_token": csrf(client, "/readiness")})
    assert response.status_code == 302, response.text
    g.pop("csrf_token", None)
    return response.headers["Location"]


def save(client: Any, url: str, **fields: str) -> Any:
    today = utcnow().date()
    data = {f"{factor}-rag": rag for factor, rag in RATINGS.items()}
    data.update({"date-day": str(today.day), "date-month": str(today.month), "date-year": str(today.year)})
    data.update(fields)
    response = client.post(url, data={"csrf_token": csrf(client, url), **data})
    g.pop("csrf_token", None)
    return response


def sign_off(client: Any, url: str) -> Any:
    response = client.post(f"{url}/sign-off", data={"csrf_token": csrf(client, url)})
    g.pop("csrf_token", None)
    return response


def test_rate_without_javascript_and_see_the_summary(client, people) -> None:
    sign_in(client, people["buyer"])
    page = client.get("/readiness")
    assert page.status_code == 200 and "Start a new assessment" in page.text and 'href="/readiness"' in page.text
    url = new_assessment(client)
    response = save(client, url, **{"geography-evidence": "House prices up 9%", "geography-owner": "Planning",
                                    "geography-links": "https://example.org/housing",
                                    "geography-target_rag": "amber", "geography-target_date-day": "31",
                                    "geography-target_date-month": "12", "geography-target_date-year": "2027",
                                    "geography-next_action": "Commission a housing study",
                                    "geography-q3-rag": "red", "notes": "First assessment"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#summary")
    page = client.get(url).text
    counts = dict(re.findall(r'<td class="govuk-table__cell" data-rag="(\w+)">(\d+)</td>', page.split('id="summary-counts"')[1].split("</table>")[0]))
    assert counts == {"red": "1", "amber": "2", "green": "2", "not_rated": "1"}
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "Geography: Red. Questions rated: 1 red." in page  # the chart's text alternative
    assert re.search(r'id="priorities">\s*<li>', page)
    row = db.session.query(ReadinessAssessment).one()
    rating = row.data["ratings"]["geography"]
    assert rating == {"rag": "red", "evidence": "House prices up 9%", "links": ["https://example.org/housing"],
                      "owner": "Planning", "target_rag": "amber", "target_date": "2027-12-31",
                      "next_action": "Commission a housing study"}
    assert row.data["ratings"]["geography.q3"]["rag"] == "red" and "tech_rnd" not in row.data["ratings"]
    assert "procurement" not in row.data["ratings"]  # optional sections left empty are not recorded
    one_page = client.get(f"{url}/all").text  # the task list's alternative keeps every field on one page
    assert 'value="House prices up 9%"' in one_page or "House prices up 9%</textarea>" in one_page


def test_form_errors_are_shown_and_nothing_is_saved(client, people) -> None:
    sign_in(client, people["buyer"])
    url = new_assessment(client)
    response = save(client, url, **{"geography-links": "javascript:alert(1)", "community-target_date-day": "31",
                                    "community-target_date-month": "2", "community-target_date-year": "2027",
                                    "date-day": "", "date-month": "", "date-year": ""})
    assert response.status_code == 400
    assert error_summary(response.text) == ["Date of the assessment must be a real date, for example 25 11 2026",
                                            "Links must be web addresses starting with https:// (javascript:alert(1))",
                                            "Target date must be a real date, for example 31 3 2027"]
    assert 'id="community-target_date-day" name="community-target_date-day" type="text" value="31"' in response.text
    assert "<title>Error: " in response.text
    assert db.session.query(ReadinessAssessment).one().data["ratings"] == {}


def test_sign_off_by_manager_only_then_read_only_and_history(client, people) -> None:
    sign_in(client, people["buyer"])
    url = new_assessment(client)
    save(client, url)
    assert "Sign off this assessment" not in client.get(url).text
    assert sign_off(client, url).status_code == 403
    client.post("/sign-out", data={"csrf_token": csrf(client, "/readiness")})
    g.pop("csrf_token", None)
    sign_in(client, people["manager"])
    assert "Sign off this assessment" in client.get(url).text
    assert sign_off(client, url).status_code == 302
    page = client.get(url).text
    assert "Signed off" in page and "Save ratings" not in page and 'data-rag="red"' in page
    refused = save(client, url)
    assert refused.status_code == 409 and "has been signed off and cannot be changed" in refused.text
    assert sign_off(client, url).status_code == 409
    listing = client.get("/readiness").text
    assert 'id="trend"' in listing and "Geography: Red (" in listing
    # a new draft starts from the record
    response = client.post(f"{url}/copy", data={"csrf_token": csrf(client, url)})
    g.pop("csrf_token", None)
    copy_url = response.headers["Location"]
    assert copy_url != url and 'value="red" checked' in client.get(f"{copy_url}/all").text
    assert db.session.query(AuditEvent).filter_by(action="readiness.copied").count() == 1


def test_compare_two(client, people) -> None:
    sign_in(client, people["manager"])
    first = new_assessment(client)
    save(client, first, **{"date-day": "1", "date-month": "4", "date-year": "2025"})
    sign_off(client, first)
    second = new_assessment(client)
    save(client, second, **{"geography-rag": "green", "infrastructure-rag": "red"})
    ids = [u.rsplit("/", 1)[1] for u in (first, second)]
    page = client.get(f"/readiness/compare?old={ids[0]}&new={ids[1]}").text
    assert "From 1 April 2025 to" in page
    better = page.split('id="changes-improved"')[1].split("</table>")[0]
    worse = page.split('id="changes-worsened"')[1].split("</table>")[0]
    assert "Geography" in better and "Infrastructure" in worse
    assert client.get("/readiness/compare").status_code == 200


def test_export_and_import(client, people) -> None:
    sign_in(client, people["buyer"])
    url = new_assessment(client)
    save(client, url, **{"geography-evidence": "<script>alert(1)</script>"})
    exported = client.get(f"{url}/export.json")
    assert exported.status_code == 200 and exported.get_json()["ratings"]["geography"]["rag"] == "red"
    assert client.get(f"{url}/export.csv").mimetype == "text/csv"
    printable = client.get(f"{url}/export.html")
    assert "<script>alert" not in printable.text and "&lt;script&gt;" in printable.text
    data = exported.get_json()
    upload = {"csrf_token": csrf(client, "/readiness/import"), "file": (io.BytesIO(json.dumps(data).encode()), "a.json")}
    response = client.post("/readiness/import", data=upload, content_type="multipart/form-data")
    assert response.status_code == 302
    g.pop("csrf_token", None)
    imported = db.session.get(ReadinessAssessment, response.headers["Location"].rsplit("/", 1)[1])
    assert imported.data == data and imported.imported
    assert 'id="imported"' in client.get(response.headers["Location"]).text
    bad = client.post("/readiness/import", data={"csrf_token": csrf(client, "/readiness/import"),
                                                 "export": json.dumps({**data, "date": "1 March"})})
    assert bad.status_code == 400 and "date: expected a date as YYYY-MM-DD" in bad.text


def test_supplier_reads_and_other_organisations_get_404(client, people) -> None:
    sign_in(client, people["buyer"])
    url = new_assessment(client)
    save(client, url, **{"geography-evidence": "<img src=x onerror=alert(1)>"})
    client.post("/sign-out", data={"csrf_token": csrf(client, "/readiness")})
    g.pop("csrf_token", None)
    sign_in(client, people["supplier"])
    page = client.get(url)
    assert page.status_code == 200 and "Save ratings" not in page.text and "Start a new assessment" not in client.get("/readiness").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text and "<img src=x" not in page.text
    assert save(client, url).status_code == 403
    assert client.post("/readiness/new", data={"csrf_token": csrf(client, "/readiness")}).status_code == 403
    g.pop("csrf_token", None)
    client.post("/sign-out", data={"csrf_token": csrf(client, "/readiness")})
    g.pop("csrf_token", None)
    sign_in(client, people["other_buyer"])
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/export.json").status_code == 404
    assert save(client, url).status_code == 404
    assert "no readiness assessments yet" in client.get("/readiness").text


def test_procurement_evidence_and_suggested_rating(client, people) -> None:
    barrier = [("PP-PROP-004", "error", "PROP", "open")]
    for n in range(6):
        linted(people, "buyer", f"Tender {n}", barrier if n < 1 else [("PP-PAY-001", "warning", "PAY", "open")], utcnow())
    sign_in(client, people["buyer"])
    page = client.get(new_assessment(client)).text
    section = page.split('id="procurement-evidence"')[1].split('id="ratings"')[0]
    assert "1 of 6" in re.sub(r"<[^>]+>|\s+", " ", section).replace("  ", " ")
    assert "suggested, you decide" in section and 'data-rag="amber"' in section
    assert "1 of 6 documents (17%) have an open SME-barrier error" in section
    assert "PP-PAY-001" in section
    assert "procurement" not in db.session.query(ReadinessAssessment).one().data["ratings"]  # never stored for you


def test_charts_are_inlined_only_when_inert(client, people) -> None:
    import pytest

    from service.models import Organisation, User
    from service.readiness_view import inline_svg

    for hostile in ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                    '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>'):
        with pytest.raises(ValueError):
            inline_svg(hostile)
    organisation = db.session.get(Organisation, db.session.get(User, people["buyer"]["id"]).organisation_id)
    organisation.name = "<script>alert('council')</script>"
    db.session.commit()
    sign_in(client, people["buyer"])
    page = client.get(new_assessment(client)).text
    assert "<script>alert(" not in page and "&lt;script&gt;alert(" in page
