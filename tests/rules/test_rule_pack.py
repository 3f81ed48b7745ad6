"""The rule pack: schema-valid, unique ids, documented, and every example and fixture line holds."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from tenderlint.errors import RuleError
from tenderlint.rulepack.fixtures import Case, CaseResult, fixture_cases, run_cases
from tenderlint.rulepack.loader import DEFAULT_RULES_DIR, load_pack

PACK = load_pack()
RESULTS = run_cases(PACK)


def test_pack_covers_several_families() -> None:
    assert len(PACK.rules) >= 10
    assert len({rule.family for rule in PACK.rules}) >= 5
    assert {"uk-pcr-2015", "uk-procurement-act-2023", "good-practice"} <= set(PACK.profiles)


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.id)
def test_rule_has_examples_and_a_fixture_with_near_misses(rule) -> None:
    cases = list(fixture_cases(rule))
    assert any(c.expect == "fire" for c in cases) and any(c.expect == "quiet" for c in cases)
    if rule.kind not in ("absence", "metric"):
        assert Path(rule.path).with_suffix(".fixture.txt").exists(), f"{rule.id} has no fixture file"
    assert rule.sources and rule.why and rule.fix


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: f"{r.case.rule_id}-{r.case.origin.rsplit('/', 1)[-1]}")
def test_case(result) -> None:
    assert result.passed, f"{result.problem} on: {result.case.text}"


def test_findings_leave_no_placeholder_unfilled() -> None:
    """Every placeholder of a rule's message, fix and question is filled wherever the rule fires."""
    written = {rule.id: " ".join((rule.message, rule.fix, rule.question)) for rule in PACK.rules}
    unfilled = [
        (result.case.origin, name)
        for result in RESULTS
        if result.fired
        for _, name, _, _ in string.Formatter().parse(written[result.case.rule_id])
        if name and any("{" + name + "}" in text for text in result.texts)
    ]
    assert not unfilled
    assert sum(1 for r in RESULTS if r.fired and r.texts) > 100  # the check above saw real findings


def test_todo_cases_fail_once_the_rule_gets_them_right() -> None:
    miss = Case("PP-RISK-001", "fire", "A known miss.", {}, "f.fixture.txt:2", todo=True)
    assert CaseResult(miss, fired=False).passed
    fixed = CaseResult(miss, fired=True)
    assert not fixed.passed and fixed.problem == "PP-RISK-001 now gets this known miss right: promote `# todoruleid` to `# ruleid`"
    alarm = Case("PP-RISK-001", "quiet", "A known false alarm.", {}, "f.fixture.txt:4", todo=True)
    assert CaseResult(alarm, fired=True).passed
    assert "promote `# todook` to `# ok`" in CaseResult(alarm, fired=False).problem


def _copy_pack(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, target)
    return target


def test_loader_error_names_file_and_line(tmp_path: Path) -> None:
    root = _copy_pack(tmp_path)
    path = root / "risk" / "unlimited-liability.yaml"
    text = path.read_text().replace("severity: warning", "severity: catastrophic")
    path.write_text(text)
    line = text.splitlines().index("severity: catastrophic") + 1
    with pytest.raises(RuleError) as caught:
        load_pack(root)
    assert f"unlimited-liability.yaml:{line}" in str(caught.value)
    assert "catastrophic" in str(caught.value)


def test_loader_rejects_unknown_kind_and_duplicate_ids(tmp_path: Path) -> None:
    root = _copy_pack(tmp_path)
    path = root / "risk" / "broad-indemnity.yaml"
    path.write_text(path.read_text().replace("\nkind: composite", "\nkind: magic"))
    with pytest.raises(RuleError, match="unknown check kind 'magic'"):
        load_pack(root)
    path.write_text(path.read_text().replace("\nkind: magic", "\nkind: composite").replace("id: PP-RISK-003", "id: PP-RISK-001"))
    with pytest.raises(RuleError, match="duplicate rule id PP-RISK-001"):
        load_pack(root)
