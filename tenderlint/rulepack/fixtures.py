"""Run each rule's own examples and annotated fixture: the pack's executable documentation.

A fixture line annotated `# ruleid: ID [fact=value ...]` must make that rule fire on the next
line; `# ok: ID` must not; `# todoruleid: ID` records a known miss (`# todook: ID` a known false
alarm) and fails once the rule gets the line right, until it is promoted to `ruleid` (`ok`), so a
fixed miss is recorded rather than going unnoticed.
Each case is linted as a one-paragraph document with only that rule enabled and its
minimum-length gates lifted, so the case tests the rule and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..parse.assemble import RawBlock, build_document
from ..model import BlockKind
from .model import Rule, RulePack

_ANNOTATION = re.compile(r"^#\s*(ruleid|ok|todoruleid|todook):\s*(PP-[A-Z]+-\d{3})((?:\s+\w+=\S+)*)\s*$")


@dataclass(frozen=True)
class Case:
    rule_id: str
    expect: str  # "fire" | "quiet"
    text: str
    facts: dict[str, Any]
    origin: str  # "path:line" or "examples.bad[0]"
    todo: bool = False


def _fact(value: str) -> Any:
    try:
        return float(value)
    except ValueError:
        return value


def fixture_cases(rule: Rule) -> Iterator[Case]:
    facts = dict(rule.examples.get("facts", {}) or {})
    for index, text in enumerate(rule.examples.get("bad", ())):
        yield Case(rule.id, "fire", text, facts, f"{rule.path}: examples.bad[{index}]")
    for index, text in enumerate(rule.examples.get("good", ())):
        yield Case(rule.id, "quiet", text, facts, f"{rule.path}: examples.good[{index}]")
    path = Path(rule.path).with_suffix(".fixture.txt")
    if not path.exists():
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        match = _ANNOTATION.match(line.strip())
        if not match or number >= len(lines):
            continue
        kind, rule_id, extra = match.groups()
        case_facts = {**facts, **{k: _fact(v) for k, v in (p.split("=", 1) for p in extra.split())}}
        expect = "fire" if kind in ("ruleid", "todoruleid") else "quiet"
        yield Case(rule_id, expect, lines[number], case_facts, f"{path}:{number + 1}", todo=kind.startswith("todo"))


def case_document(text: str):
    data = text.encode("utf-8")
    return build_document(name="case.txt", fmt="text", data=data, pages=None, raw_blocks=[RawBlock(BlockKind.PARAGRAPH, text)])


@dataclass(frozen=True)
class CaseResult:
    case: Case
    fired: bool
    texts: tuple[str, ...] = ()  # the message, fix and question of each finding of the rule

    @property
    def passed(self) -> bool:
        right = self.fired == (self.case.expect == "fire")
        return not right if self.case.todo else right

    @property
    def problem(self) -> str:
        """What is wrong with a failed case, in words for the rule's author ("" when it passed)."""
        if self.passed:
            return ""
        if self.case.todo:
            final = "ruleid" if self.case.expect == "fire" else "ok"
            return f"{self.case.rule_id} now gets this known {'miss' if final == 'ruleid' else 'false alarm'} right: promote `# todo{final}` to `# {final}`"
        return f"{self.case.rule_id} should {'fire' if self.case.expect == 'fire' else 'stay quiet'}"


def run_cases(pack: RulePack, only: str | None = None) -> list[CaseResult]:
    """Lint every example and fixture line; one compiled linter per rule."""
    from ..engine import LintConfig, Linter

    results: list[CaseResult] = []
    for rule in pack.rules:
        if only and only not in (rule.id, rule.name):
            continue
        lifted = {rule.id: {"min_words": 0}}
        cases = list(fixture_cases(rule))
        by_facts: dict[tuple, Linter] = {}
        for case in cases:
            key = tuple(sorted(case.facts.items()))
            if key not in by_facts:
                config = LintConfig(enable=(rule.id,), params=lifted, facts=case.facts, include_preview=True)
                by_facts[key] = Linter(_only(pack, rule), config)
            report = by_facts[key].lint(case_document(case.text))
            own = [f for f in report.findings if f.rule_id == rule.id]
            results.append(CaseResult(case, bool(own), tuple(t for f in own for t in (f.message, f.fix, f.question))))
    return results


def _only(pack: RulePack, rule: Rule) -> RulePack:
    return RulePack(rules=(rule,), profiles={}, root=pack.root, digest=pack.digest)
