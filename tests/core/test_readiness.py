"""The readiness checklist: coverage of the report, own wording, and the pure operations."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
import yaml

from tenderlint.cli import main
from tenderlint.readiness import (
    Assessment,
    AssessmentFormatError,
    Rating,
    compare,
    copy_for_new,
    from_json,
    load_checklist,
    summarise,
    to_csv,
    to_json,
)
from tenderlint.readiness.assessment import AssessmentError
from tenderlint.readiness.chart import grid_svg, grid_text, trend_svg
from tenderlint.readiness.definitions import DEFAULT_PATH, ChecklistError, checklist_from_data
from tenderlint.readiness.export import CSV_COLUMNS, JSON_SCHEMA
from tenderlint.readiness.linter_evidence import procurement_evidence, suggest_rating

REPORT = Path(__file__).resolve().parents[3] / "shared" / "reference" / "smart-places-report.txt"
CHECKLIST = load_checklist()
SVG = "{http://www.w3.org/2000/svg}"

# What the report asks about, read from it by hand: per section, topic -> words that show a
# question covers it (any one of them, matched in lower case against the section's questions).
REPORT_TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "geography": {
        "great place to live and bring up a family": ("family", "children"),
        "interesting and diverse": ("diverse", "varied"),
        "plenty of opportunity": ("opportunit",),
        "affordable housing, price or rent": ("afford", "rent"),
        "retaining talent from local universities": ("graduates of local universities",),
        "attracting talent and investment": ("talent", "investment"),
        "business start-ups and relocation of tech firms": ("start-up",),
        "leisure and environment: parks, scenery, low pollution": ("parks", "pollution"),
    },
    "infrastructure": {
        "airports": ("airport",),
        "roads": ("road",),
        "rail": ("rail",),
        "city access": ("city",),
        "ferry crossings to Europe": ("ferry",),
        "broadband, full fibre": ("broadband", "full-fibre"),
        "mobile coverage, 4G/5G, not-spots": ("mobile", "5g", "not-spots"),
        "public Wi-Fi": ("wi-fi",),
        "compared with neighbours and others": ("neighbouring",),
        "council coordinating to close coverage gaps": ("close coverage gaps",),
        "Internet of Things planning with privacy safeguards": ("internet of things", "privacy"),
    },
    "public_services": {
        "schools and education": ("schools",),
        "healthcare": ("healthcare",),
        "policing and crime prevention": ("policing", "crime"),
        "support for business development": ("help to start and grow",),
        "effective planning": ("planning",),
        "political backing for digital businesses": ("elected members",),
        "other services that make a pleasant place": ("everyday services",),
    },
    "community": {
        "towns and villages as great places to reside": ("towns and villages",),
        "high standards of living": ("standard of living",),
        "few intractable social problems": ("social problems",),
        "things to do after work": ("after work",),
        "theatres, pubs, walks, places to visit": ("theatres", "pubs", "walks", "places to visit"),
        "shops and churches, diverse communities": ("shops", "churches", "diverse"),
        "affordable homes": ("affordable",),
        "reputation as a great place": ("reputation",),
        "promotion by council and tourism board": ("tourism",),
        "especially for younger people": ("younger",),
    },
    "economy_jobs": {
        "plenty of jobs": ("jobs",),
        "career opportunities": ("career",),
        "pool of well-trained, digitally literate workers": ("well-trained", "digitally literate"),
        "existing base of tech jobs and high-tech businesses": ("high-tech",),
        "tech cluster": ("cluster",),
        "competitive pressure along neighbouring tech corridors": ("corridors",),
        "working with businesses to encourage growth": ("work with businesses",),
        "links with tertiary education for digital skills and research": ("higher education", "digital skills"),
        "commercial property and office space": ("office space",),
    },
    "tech_rnd": {
        "strong university research programmes": ("research programmes",),
        "technology research specialisms": ("specialise",),
        "links between business, councils and universities": ("businesses, the council and universities",),
        "how well it works in practice": ("actually",),
        "can the council do more": ("more could the council do",),
    },
    "promotion": {
        "shared view of purpose and success": ("success",),
        "coordinated commitment across sectors, LEPs, chambers": ("lep", "chambers of commerce"),
        "market and sell the place": ("sold",),
        "lobby for resources": ("lobby",),
        "digital skills gap: apprenticeships, training, mentoring": ("apprenticeships", "mentoring"),
        "what's in it for my business": ("what it gains",),
        "value of a tech cluster": ("tech cluster",),
        "a programme that is not over-ambitious": ("realistic",),
    },
    "starting_points": {
        "links between public and private interests": ("public and private interests",),
        "clear vision of outcomes": ("vision",),
        "smart-places policy across the council": ("smart-places policy",),
        "engaging staff, citizens and businesses; open government": ("open government",),
        "digital support network for start-ups": ("support network",),
        "business growth through smart planning": ("planning decisions",),
        "attracting technology and digital skills": ("digital skills",),
        "balancing environment, transport and resources": ("environment, transport",),
        "encouraging digital business: procurement, incentives": ("incentives",),
        "drawing together funding, investment and research": ("funding, investment and research",),
    },
    "procurement": {
        "review standing orders on contracts": ("standing orders",),
        "review financial regulations": ("financial regulations",),
        "frameworks such as G-Cloud": ("g-cloud",),
        "work with techUK, CCS, GDS via LCIOC and LGA": ("techuk",),
        "automated purchase-to-pay": ("purchase-to-pay",),
        "engaging suppliers outside tenders": ("outside formal tenders",),
        "open by default tendering": ("open by default",),
        "pitfall: passing costs and risks to suppliers": ("costs and risks",),
        "pitfall: over-specifying": ("over-specify",),
        "pitfall: standard liabilities on small tech suppliers": ("standard liabilities",),
        "pitfall: dictating how IT is used and measured": ("used and measured",),
        "pitfall: tendering in isolation": ("isolation",),
        "long complex tenders and SME barriers": ("small suppliers",),
        "keeping transparency, probity and democratic control": ("probity",),
    },
}


@pytest.mark.parametrize("section_id", sorted(REPORT_TOPICS))
def test_every_report_topic_has_a_question(section_id: str) -> None:
    text = " ".join(q.text for q in CHECKLIST.section(section_id).questions).lower()
    missing = [topic for topic, words in REPORT_TOPICS[section_id].items() if not any(w in text for w in words)]
    assert not missing, f"{section_id} has no question on: {missing}"


def test_six_factors_in_the_report_order() -> None:
    assert [f.id for f in CHECKLIST.factors] == [
        "geography", "infrastructure", "public_services", "community", "economy_jobs", "tech_rnd"]
    assert [p.id for p in CHECKLIST.practices] == ["promotion", "starting_points", "procurement"]
    assert all(p.optional for p in CHECKLIST.practices) and not any(f.optional for f in CHECKLIST.factors)
    assert "procurement.q2" in CHECKLIST.item_ids()


def _words(text: str) -> list[str]:
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_no_run_of_eight_words_is_copied_from_the_report() -> None:
    report = _words(REPORT.read_text(encoding="utf-8"))
    runs = {tuple(report[i:i + 8]) for i in range(len(report) - 7)}
    copied = []
    for text in _strings(yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))):
        words = _words(text)
        copied += [" ".join(words[i:i + 8]) for i in range(len(words) - 7) if tuple(words[i:i + 8]) in runs]
    assert not copied, f"copied from the report: {copied}"


def test_definition_round_trips_and_bad_files_are_refused() -> None:
    assert checklist_from_data(CHECKLIST.to_data()) == CHECKLIST
    data = CHECKLIST.to_data()
    data["factors"][0]["questions"][1]["id"] = "geography.q1"
    with pytest.raises(ChecklistError, match="duplicate id 'geography.q1'"):
        checklist_from_data(data)
    data = CHECKLIST.to_data()
    data["factors"][1]["questions"][0]["id"] = "geography.q9"
    with pytest.raises(ChecklistError, match=r"factors\[1\]\.questions\[0\]\.id"):
        checklist_from_data(data)
    data = CHECKLIST.to_data()
    del data["factors"][2]["why"]
    with pytest.raises(ChecklistError, match=r"factors\[2\]\.why"):
        checklist_from_data(data)


# --- assessments -------------------------------------------------------------------------------

def _assessment(on: date = date(2024, 3, 1), **ratings: Rating) -> Assessment:
    return Assessment("Exampleshire County Council", on, {k.replace("__", "."): v for k, v in ratings.items()},
                      checklist_version=CHECKLIST.version)


def test_summary_counts_and_priority_order() -> None:
    a = _assessment(
        geography=Rating("amber", target_date=date(2024, 6, 1)),
        infrastructure=Rating("red", owner="Digital"),
        public_services=Rating("green"),
        community=Rating("amber", target_date=date(2024, 1, 31)),  # overdue on 1 March
        economy_jobs=Rating("amber"),
        infrastructure__q6=Rating("red"),
        procurement=Rating("amber", target_date=date(2023, 12, 1)),  # overdue, and older
        procurement__q7=Rating("green"),
    )
    s = summarise(a)
    assert dict(s.factor_counts) == {"red": 1, "amber": 3, "green": 1, "not_rated": 1}
    assert dict(s.practice_counts) == {"red": 0, "amber": 1, "green": 0, "not_rated": 0}
    assert dict(s.question_counts) == {"red": 1, "amber": 0, "green": 1, "not_rated": 0}
    assert [(p.item_id, p.reason) for p in s.priorities] == [
        ("infrastructure", "red"), ("infrastructure.q6", "red"),
        ("procurement", "overdue"), ("community", "overdue"),
        ("geography", "amber"), ("economy_jobs", "amber"),
    ]
    assert [p.item_id for p in s.overdue] == ["procurement", "community"]
    assert s.priorities[0].owner == "Digital" and s.priorities[0].title == "Infrastructure"


def test_overdue_depends_on_the_date_and_the_target() -> None:
    a = _assessment(geography=Rating("amber", target_date=date(2024, 6, 1)),
                    community=Rating("amber", target_rag="amber", target_date=date(2024, 1, 1)),
                    tech_rnd=Rating("red", target_rag="amber", target_date=date(2024, 5, 1)))
    assert summarise(a).overdue == ()  # as of the assessment date
    later = summarise(a, today=date(2024, 6, 2))
    assert [p.item_id for p in later.overdue] == ["tech_rnd", "geography"]  # community met its target
    assert [p.reason for p in later.priorities] == ["red", "overdue", "amber"]
    assert not Rating("amber", target_date=date(2024, 6, 1)).is_overdue(date(2024, 6, 1))  # due today is not late


def test_compare_reports_movement_and_overdue() -> None:
    old = _assessment(date(2024, 1, 1), geography=Rating("red"), infrastructure=Rating("amber"),
                      community=Rating("green"), economy_jobs=Rating("amber"))
    new = _assessment(date(2024, 7, 1), geography=Rating("amber"), infrastructure=Rating("amber", target_date=date(2024, 8, 1)),
                      community=Rating("amber"), tech_rnd=Rating("green"), economy_jobs=Rating("not_rated"))
    c = compare(old, new, today=date(2024, 9, 1))
    moves = {ch.item_id: ch.movement for ch in c.changes}
    assert moves == {"geography": "improved", "infrastructure": "unchanged", "community": "worsened",
                     "economy_jobs": "removed", "tech_rnd": "added"}
    assert [ch.item_id for ch in c.improved] == ["geography"] and [ch.item_id for ch in c.worsened] == ["community"]
    assert [p.item_id for p in c.overdue] == ["infrastructure"]
    assert compare(new, old).older_date == date(2024, 1, 1)  # order of arguments does not matter


def test_copy_for_new_starts_a_draft_from_a_signed_off_record() -> None:
    a = _assessment(geography=Rating("amber", evidence="survey", owner="Planning")).sign_off("CIO", date(2024, 3, 5))
    assert a.status == "signed_off"
    with pytest.raises(AssessmentError, match="signed-off assessment is a record"):
        a.with_rating("community", Rating("red"))
    new = copy_for_new(a, date(2024, 9, 1))
    assert (new.status, new.signed_off_by, new.signed_off_at, new.date) == ("draft", "", None, date(2024, 9, 1))
    assert new.rating("geography") == a.rating("geography")
    with pytest.raises(AssessmentError, match="only a signed-off"):
        copy_for_new(new, date(2024, 10, 1))
    with pytest.raises(AssessmentError, match="before the assessment"):
        copy_for_new(a, date(2024, 1, 1))
    with pytest.raises(AssessmentError, match="signed_off_by"):
        Assessment("X", date(2024, 1, 1), status="signed_off")


# --- export --------------------------------------------------------------------------------------

def _full() -> Assessment:
    return _assessment(
        geography=Rating("amber", "house prices rising", ("https://example.org/housing",), "Planning", "green",
                         date(2024, 12, 31), "Commission housing study"),
        infrastructure__q5=Rating("red", evidence="31% of premises below 30 Mbit/s"),
        procurement=Rating("not_rated", owner="Procurement"),
    ).sign_off("Chief Information Officer", date(2024, 3, 8))


def test_json_round_trip_and_schema() -> None:
    a = _full()
    data = to_json(a)
    assert data["schema_version"] == "1.0" and list(data["ratings"]) == ["geography", "infrastructure.q5", "procurement"]
    jsonschema.validate(data, JSON_SCHEMA)
    assert from_json(json.dumps(data), CHECKLIST) == a
    assert from_json(data) == a


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d.update(schema_version="2.0"), "schema_version"),
    (lambda d: d.pop("organisation"), "organisation"),
    (lambda d: d.update(date="1 March 2024"), "date"),
    (lambda d: d.update(status="final"), "status"),
    (lambda d: d.update(colour="red"), "colour"),
    (lambda d: d.update(signed_off_by=None), "signed_off_by"),
    (lambda d: d["ratings"].update({"geography.q99": {"rag": "red"}}), 'ratings["geography.q99"]'),
    (lambda d: d["ratings"]["geography"].update(rag="purple"), 'ratings["geography"].rag'),
    (lambda d: d["ratings"]["geography"].update(target_date="soon"), 'ratings["geography"].target_date'),
    (lambda d: d["ratings"]["geography"].update(links="https://x"), 'ratings["geography"].links'),
    (lambda d: d["ratings"]["geography"].update(target_rag="not_rated"), 'ratings["geography"].target_rag'),
])
def test_bad_imports_name_the_field(change: Any, field: str) -> None:
    data = to_json(_full())
    change(data)
    with pytest.raises(AssessmentFormatError) as caught:
        from_json(data, CHECKLIST)
    assert caught.value.field == field
    assert str(caught.value).startswith(field)


def test_bad_json_text() -> None:
    with pytest.raises(AssessmentFormatError, match="not valid JSON"):
        from_json("{")


def test_csv_has_one_row_per_rated_item() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(_full(), today=date(2025, 1, 2)))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["item_id"], r["item_kind"], r["rag"]) for r in rows] == [
        ("geography", "factor", "amber"), ("infrastructure.q5", "question", "red"), ("procurement", "practice", "not_rated")]
    assert rows[0]["overdue"] == "yes" and rows[0]["links"] == "https://example.org/housing"
    assert rows[1]["title"].startswith("What share of homes") and rows[1]["section_id"] == "infrastructure"


# --- charts --------------------------------------------------------------------------------------

def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    return root


def test_grid_svg_is_accessible_with_one_group_per_factor() -> None:
    a = _assessment(geography=Rating("red"), infrastructure=Rating("green"), community=Rating("amber"))
    root = _parse(grid_svg(a))
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "factor"]
    assert [g.get("data-factor") for g in groups] == [f.id for f in CHECKLIST.factors]
    texts = ["".join(g.itertext()) for g in groups]
    assert "Red" in texts[0] and "Green" in texts[1] and "Not rated" in texts[2] and "Amber" in texts[3]
    assert root.find(f"{SVG}desc").text == grid_text(a)
    assert "Geography: Red." in grid_text(a)
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert patterns == {"rag-hatched", "rag-dotted"}


def test_trend_svg_has_a_row_per_factor_and_a_cell_per_date() -> None:
    first = _assessment(date(2024, 1, 1), geography=Rating("red"))
    second = _assessment(date(2024, 7, 1), geography=Rating("amber"))
    root = _parse(trend_svg([second, first]))
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "factor"]
    assert len(rows) == 6
    cells = [c for c in rows[0].iter(f"{SVG}g") if c.get("class") == "cell"]
    assert [(c.get("data-date"), c.get("data-rag")) for c in cells] == [("2024-01-01", "red"), ("2024-07-01", "amber")]
    assert [t.text for c in cells for t in c.iter(f"{SVG}text")] == ["R", "A"]
    assert "Geography: Red (2024-01-01), then Amber (2024-07-01)." in root.find(f"{SVG}desc").text


def test_chart_escapes_organisation_names() -> None:
    a = Assessment("Smith & <Jones> Council", date(2024, 1, 1))
    assert "Smith & <Jones>" in _parse(grid_svg(a)).find(f"{SVG}title").text


# --- linter evidence -----------------------------------------------------------------------------

def _doc(day: str, *findings: tuple[str, ...]) -> dict[str, Any]:
    return {"id": day, "title": f"ITT {day}", "date": day, "findings": [list(f) for f in findings]}


AS_OF = date(2024, 12, 15)


def test_clean_history_suggests_green() -> None:
    docs = [_doc(f"2024-{m:02d}-10", ("PP-DOC-001", "info")) for m in range(1, 13)]
    evidence = procurement_evidence(docs, AS_OF)
    assert (evidence.documents, evidence.with_sme_barrier, evidence.trend) == (12, 0, "steady")
    rag, reasons = suggest_rating(evidence)
    assert rag == "green" and "0 of 12 documents" in reasons[0]


def test_frequent_open_barriers_suggest_red_and_name_the_pitfalls() -> None:
    docs = [_doc("2024-02-01", ("PP-PROP-001", "error"), ("PP-PROP-001", "error"), ("PP-RISK-001", "warning")),
            _doc("2024-05-01", ("PP-PROP-001", "error"), ("PP-SPEC-001", "warning")),
            _doc("2024-08-01", ("PP-PAY-002", "error", "PAY", "dismissed")),  # reviewed away: not open
            _doc("2024-09-01", ("PP-TECH-001", "error")),  # an error, but not an SME-barrier family
            _doc("2023-06-01", ("PP-PROP-001", "error"))]  # outside the 12 months
    evidence = procurement_evidence(docs, AS_OF)
    assert (evidence.documents, evidence.with_sme_barrier) == (4, 2)
    assert evidence.top_rules[0] == ("PP-PROP-001", 2)  # counted once per document
    assert evidence.top_families[0] == ("PROP", 2)
    assert dict(evidence.by_question)["procurement.q7"] == 1  # RISK warning
    assert evidence.months[0].month == "2024-01" and evidence.months[-1].month == "2024-12"
    assert evidence.trend == "improving"  # 2 of 2 in the first half-year, 0 of 2 in the second
    rag, reasons = suggest_rating(evidence)
    assert rag == "amber" and "one step better" in reasons[2] and "most frequent pitfall family: PROP" in reasons[-1]
    steady = docs + [_doc("2024-01-05"), _doc("2024-03-05"), _doc("2024-10-05", ("PP-PROC-002", "error")),
                     _doc("2024-11-05", ("PP-PAY-001", "error", "", "open"))]
    evidence = procurement_evidence(steady, AS_OF)  # 4 of 8: 2 of 4 in each half-year
    assert (evidence.share, evidence.trend) == (0.5, "steady")
    assert suggest_rating(evidence)[0] == "red"


def test_trend_and_small_samples_move_the_suggestion() -> None:
    worse = [_doc(f"2024-{m:02d}-03") for m in range(1, 7)] + [_doc("2024-09-03", ("PP-PROC-001", "error"))] + \
        [_doc(f"2024-{m:02d}-04") for m in (7, 8, 10, 11, 12)]
    evidence = procurement_evidence(worse, AS_OF)
    assert evidence.trend == "worsening"
    assert suggest_rating(evidence)[0] == "amber"  # 1 of 12 is green on share, one step worse on trend
    few = procurement_evidence([_doc("2024-11-01")], AS_OF)
    assert suggest_rating(few)[0] == "amber"
    assert suggest_rating(procurement_evidence([], AS_OF)) == ("not_rated", [
        "no linted documents between 2024-01-01 and 2024-12-15"])


# --- CLI -----------------------------------------------------------------------------------------

def test_cli_template_prints_the_six_factors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["readiness", "template", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["factors"]) == 6 and data["factors"][0]["questions"][0]["id"] == "geography.q1"


def test_cli_summary_compare_and_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(to_json(_full())), encoding="utf-8")
    new.write_text(json.dumps(to_json(copy_for_new(_full(), date(2024, 9, 1)).with_rating("geography", Rating("green")))))
    assert main(["readiness", "summary", str(old)]) == 0
    assert "[RED] infrastructure.q5" in capsys.readouterr().out
    assert main(["readiness", "compare", str(old), str(new)]) == 0
    assert "geography: amber -> green" in capsys.readouterr().out
    out = tmp_path / "chart.svg"
    assert main(["readiness", "chart", str(old), str(new), "--out", str(out)]) == 0
    assert "over time" in _parse(out.read_text(encoding="utf-8")).find(f"{SVG}title").text
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0", "organisation": "X", "date": "2024-13-01"}')
    assert main(["readiness", "summary", str(bad)]) == 2
    assert "error[readiness-format]: date:" in capsys.readouterr().err
