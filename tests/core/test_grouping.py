"""One finding per cause, most severe first: grouping and ordering of a report's findings."""

from __future__ import annotations

import csv
import io
import json

from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes
from tenderlint.report import RENDERERS
from tenderlint.report.sarif import sarif_log

from .checkkit import findings, linter

PHRASE = {"terms": ["open-ended", "unbounded"]}


def test_repeats_of_one_cause_become_one_finding_listing_every_place() -> None:
    lint = linter("phrase", PHRASE, message="An open-ended duty.")
    (found,) = findings(lint, "Lot 1: an open-ended duty applies.", "Lot 2: an open-ended duty applies.", "Lot 3: an unbounded duty.")
    assert found.count == 3
    assert found.quote.startswith("Lot 1")  # the first place is the finding's own quote
    assert [p.quote[:5] for p in found.also] == ["Lot 2", "Lot 3"]
    assert [p.location.start for p in found.also] == sorted(p.location.start for p in found.also)


def test_different_causes_stay_apart() -> None:
    lint = linter("phrase", PHRASE, message="A duty: {match}.")
    # the message carries what differs (here the matched words): two messages, two findings
    got = findings(lint, "An open-ended duty.", "An unbounded duty.", "Another open-ended duty.")
    assert sorted(f.count for f in got) == [1, 2]


def test_placeholders_in_a_template_are_one_finding() -> None:
    text = "# Invitation to tender\n\n" + "\n\n".join(
        f"{n}. The contract value for lot {n} is £[insert]." for n in range(1, 8)
    )
    report = Linter().lint(parse_bytes(text.encode(), "itt.md"))
    placeholders = [f for f in report.findings if f.rule_id == "PP-PROC-009"]
    assert len(placeholders) == 1 and placeholders[0].count == 7
    by_cause = {(f.rule_id, f.message) for f in report.findings}
    assert len(by_cause) == len(report.findings), "no two findings of one rule with one cause"


def test_findings_are_listed_most_severe_first_then_in_document_order() -> None:
    text = (
        "# Invitation to tender\n\n"
        "1. Tenders must be delivered by hand in a sealed envelope.\n\n"
        "2. The Council will pay invoices within 60 days of receipt.\n\n"
    )
    report = Linter().lint(parse_bytes(text.encode(), "itt.md"))
    ranks = [{"error": 0, "warning": 1, "info": 2}[f.severity] for f in report.findings]
    assert ranks == sorted(ranks)
    for rank in set(ranks):
        starts = [f.location.start for f, r in zip(report.findings, ranks) if r == rank]
        assert starts == sorted(starts)


def test_further_places_reach_json_sarif_text_and_csv() -> None:
    text = "# Invitation to tender\n\n" + "\n\n".join(f"{n}. Lot {n} value: £[insert]." for n in range(1, 4))
    report = Linter().lint(parse_bytes(text.encode(), "itt.md"))
    data = json.loads(RENDERERS["json"]([report]))
    grouped = next(f for f in data["findings"] if f["rule_id"] == "PP-PROC-009")
    assert grouped["count"] == 3 and len(grouped["also"]) == 2 and grouped["also"][0]["location"]["start"] > 0
    result = next(r for r in sarif_log([report])["runs"][0]["results"] if r["ruleId"] == "PP-PROC-009")
    assert len(result["relatedLocations"]) == 2
    assert "also at:" in RENDERERS["text"]([report])
    rows = list(csv.DictReader(io.StringIO(RENDERERS["csv"]([report]))))
    also = next(r["also"] for r in rows if r["rule_id"] == "PP-PROC-009")
    assert len(also.split("; ")) == 2
