"""Build a one-rule linter and small documents for unit tests of check kinds."""

from __future__ import annotations

from typing import Any

from tenderlint.engine import LintConfig, Linter
from tenderlint.model import BlockKind, Cell
from tenderlint.parse.assemble import RawBlock, build_document
from tenderlint.rulepack.model import Rule, RulePack

RULE_ID = "PP-DOC-999"


def linter(kind: str, params: dict[str, Any], facts: dict[str, Any] | None = None, message: str = "{detail}") -> Linter:
    rule = Rule(
        id=RULE_ID, name="unit-test", status="stable", severity="warning", category="test", kind=kind,
        params=params, message=message, why="unit test rule", fix="none",
    )
    pack = RulePack(rules=(rule,), profiles={}, root="", digest="")
    return Linter(pack, LintConfig(enable=(RULE_ID,), facts=facts or {}))


def document(*blocks: str | tuple[int, int, int, str] | RawBlock):
    """Paragraph strings, (table, row, col, text) tuples for table cells, or RawBlocks of any kind."""
    raw = []
    for block in blocks:
        if isinstance(block, RawBlock):
            raw.append(block)
        elif isinstance(block, tuple):
            table, row, col, text = block
            raw.append(RawBlock(BlockKind.TABLE_CELL, text, cell=Cell(table, row, col)))
        else:
            raw.append(RawBlock(BlockKind.PARAGRAPH, block))
    text = "\n".join(b.text for b in raw)
    return build_document(name="unit.txt", fmt="text", data=text.encode(), pages=None, raw_blocks=raw)


def findings(lint: Linter, *blocks: str | tuple[int, int, int, str] | RawBlock) -> list:
    return [f for f in lint.lint(document(*blocks)).findings if f.rule_id == RULE_ID]


def status(lint: Linter, *blocks: str | tuple[int, int, int, str]) -> str:
    report = lint.lint(document(*blocks))
    return next(r.status for r in report.rule_results if r.rule_id == RULE_ID)
