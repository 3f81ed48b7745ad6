"""The stored form of a document's share of a pack check (tenderlint.pack.stored), on real corpus packs.

Each value goes through JSON text, as through a database row: the pack report judged from the
stored forms is the report of the in-memory path, document reports included; a form of another
version, or no form at all, is refused with StoredFormOutdated, never misread.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tenderlint.engine import Linter
from tenderlint.pack import PackContext, check_pack, judge_pack, lint_member, read_member, read_pack
from tenderlint.pack.stored import (FORM_VERSION, StoredFormOutdated, facts_from_json, facts_to_json, result_from_json,
                                    result_to_json)
from tenderlint.parse import parse_path
from tenderlint.report.pack_json import pack_json

from .test_pack import PACKS, _folder


def _through_a_row(value: dict[str, object]) -> object:
    return json.loads(json.dumps(value))


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


@pytest.mark.parametrize("name", ["alaska", "gcloud15"])
def test_the_pack_report_from_stored_forms_is_the_in_memory_report(linter: Linter, tmp_path: Path, name: str) -> None:
    files = PACKS[name]
    memory = check_pack(linter, read_pack(_folder(tmp_path / "pack", files)))

    read = [read_member(linter, parse_path(file)) for file in files]
    facts = [facts_from_json(_through_a_row(facts_to_json(member))) for _, member in read]
    assert facts == [member for _, member in read]
    context = PackContext.build(facts)
    results = [result_from_json(_through_a_row(result_to_json(lint_member(linter, analysis, member, context))))
               for (analysis, _), member in zip(read, facts)]
    stored = judge_pack(linter, memory.name, results, context)

    assert memory.findings, "the pack should have pack findings to compare"
    assert pack_json(stored) == pack_json(memory)
    assert [r.document for r in stored.reports] == [r.document for r in memory.reports]


def test_a_form_of_another_version_is_refused_with_a_clear_error(linter: Linter) -> None:
    with pytest.raises(StoredFormOutdated, match=r"format version 0; this tenderlint reads version 1"):
        facts_from_json({"version": 0})
    older = {**facts_to_json(read_member(linter, parse_path(PACKS["alaska"][0]))[1]), "version": FORM_VERSION + 1}
    with pytest.raises(StoredFormOutdated, match="runs again"):
        facts_from_json(older)


@pytest.mark.parametrize("stored", [None, "pickle bytes", [1, 2], {"form": "member-facts", "version": 1}])
def test_what_is_not_the_current_form_is_refused_not_misread(stored: object) -> None:
    with pytest.raises(StoredFormOutdated) as raised:
        result_from_json(stored)
    assert raised.value.code == "stored-form-outdated"
