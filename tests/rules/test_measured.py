"""Measured precision per rule: loaded with the pack, shown in the docs, and enforced by the engine."""

from __future__ import annotations

from dataclasses import replace

from tenderlint.engine import LintConfig, Linter
from tenderlint.parse import parse_bytes
from tenderlint.rulepack.docs import rule_markdown
from tenderlint.rulepack.loader import default_pack
from tenderlint.rulepack.model import MIN_BLIND_PRECISION, RulePack


def test_every_rule_with_blind_labels_carries_its_figures() -> None:
    pack = default_pack()
    measured = [r for r in pack.rules if r.measured.get("blind_before_fixes")]
    assert len(measured) >= 30
    for rule in measured:
        figures = rule.measured["blind_before_fixes"]
        assert {"tp", "fn", "fp"} <= set(figures)
        if figures["tp"] + figures["fp"]:
            assert abs(figures["precision"] - figures["tp"] / (figures["tp"] + figures["fp"])) < 0.01


def test_rule_docs_publish_both_measures() -> None:
    rule = default_pack().get("PP-PAY-001")
    text = rule_markdown(rule)
    assert "### Measured accuracy" in text
    assert "documents it was not tuned for (blind, before fixes)" in text and "all labelled documents, now" in text


def _pack_with(rule_id: str, blind: dict) -> RulePack:
    pack = default_pack()
    rules = tuple(replace(r, measured={"blind_before_fixes": blind}) if r.id == rule_id else r for r in pack.rules)
    return RulePack(rules=rules, profiles=pack.profiles, root=pack.root, digest=pack.digest)


def test_a_rule_below_the_blind_precision_bar_reports_at_info_and_says_why() -> None:
    text = b"# Terms\n\nThe Council will pay invoices within 60 days of receipt.\n"
    document = parse_bytes(text, "tc.md")
    low = {"tp": 1, "fn": 0, "fp": 3, "precision": 0.25}
    demoted = Linter(_pack_with("PP-PAY-001", low), LintConfig(profile="uk-pcr-2015")).lint(document)
    (finding,) = [f for f in demoted.findings if f.rule_id == "PP-PAY-001"]
    assert finding.severity == "info" and "Reported as info for now" in finding.note
    good = {"tp": 4, "fn": 0, "fp": 1, "precision": MIN_BLIND_PRECISION + 0.1}
    kept = Linter(_pack_with("PP-PAY-001", good), LintConfig(profile="uk-pcr-2015")).lint(document)
    assert [f.severity for f in kept.findings if f.rule_id == "PP-PAY-001"] == ["error"]
    # one wrong firing alone is too little evidence to demote a rule
    single = {"tp": 0, "fn": 0, "fp": 1, "precision": 0.0}
    one = Linter(_pack_with("PP-PAY-001", single), LintConfig(profile="uk-pcr-2015")).lint(document)
    assert [f.severity for f in one.findings if f.rule_id == "PP-PAY-001"] == ["error"]
