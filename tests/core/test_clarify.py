"""Clarification questions drafted from findings: which findings, in what order, in what words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tenderlint.clarify import draft_questions, render_questions, where
from tenderlint.rulepack.model import Rule, RulePack
from tenderlint.engine import LintConfig, Linter

from .checkkit import document

REPO = Path(__file__).resolve().parents[2]


def finding(rule_id: str, start: int, quote: str = "The supplier's liability is unlimited.", clause: str | None = "12.1",
            audiences: tuple[str, ...] = ("buyer", "supplier"), **extra: object) -> dict:
    return {
        "rule_id": rule_id, "rule_name": "unlimited-liability", "audiences": list(audiences), "quote": quote,
        "message": "Liability is unlimited.", "fix": "Cap liability at a multiple of the contract value.",
        "location": {"page": 4, "section": ["Terms", "Liability"], "clause": clause, "start": start, "end": start + 10},
        **extra,
    }


def test_which_findings_become_questions_and_in_what_order() -> None:
    drafted = draft_questions([
        finding("PP-RISK-001", 500, question="Would you cap the supplier's liability?"),
        finding("PP-RISK-003", 0, quote="", location={"page": None, "section": [], "clause": None, "start": 0, "end": 0}),
        finding("PP-RISK-002", 200, audiences=("buyer",)),  # not for suppliers
        finding("PP-RISK-004", 300, review_status="dismissed"),
        finding("PP-RISK-001", 520, quote="It is also uncapped for data loss."),  # same rule, same clause: once
        finding("PP-RISK-005", 50, review_status="confirmed"),
    ])
    # one question per clause: clause 12.1's two rules are asked together, at the first one's place
    assert [q.rule_id for q in drafted] == ["PP-RISK-005", "PP-RISK-003"]
    assert [q.number for q in drafted] == [1, 2]
    assert drafted[0].where == "Terms > Liability, clause 12.1, page 4"
    assert drafted[0].text.startswith("Liability is unlimited.") and "Cap liability" in drafted[0].text  # generic
    assert drafted[0].text.endswith(" Would you cap the supplier's liability?")  # the rule's own question, joined
    assert drafted[0].quote == "The supplier's liability is unlimited."  # the same words are quoted once
    assert drafted[1].where == "" and drafted[1].quote == ""  # the document as a whole: asked last
    confirmed = draft_questions([finding("PP-RISK-005", 50, review_status="confirmed"), finding("PP-RISK-001", 9)],
                                statuses=("confirmed",))
    assert [q.rule_id for q in confirmed] == ["PP-RISK-005"]
    apart = draft_questions([finding("PP-RISK-001", 10, clause="4.1"), finding("PP-RISK-005", 90, clause="4.2",
                                                                               quote="Another clause's words.")])
    assert [(q.number, q.clause) for q in apart] == [(1, "4.1"), (2, "4.2")]


def test_rendered_questions_quote_and_place_each_finding() -> None:
    long_quote = "word " * 100
    drafted = draft_questions([finding("PP-RISK-001", 5, quote=long_quote, question="Would you cap it?")])
    assert len(drafted[0].quote) == 300 and drafted[0].quote.endswith("…")
    md = render_questions(drafted, "Parking ITT", "md")
    assert md.startswith("# Clarification questions: Parking ITT\n")
    assert "1. **Terms > Liability, clause 12.1, page 4**" in md and "   Would you cap it?" in md and "   > word word" in md
    text = render_questions(drafted, "Parking ITT", "text")
    assert "#" not in text and "**" not in text and "Would you cap it?" in text
    assert "PP-RISK-001" not in md + text  # the buyer reads the questions: no rule ids
    assert "No findings for suppliers" in render_questions([], "Parking ITT")
    assert where({}) == ""


def test_engine_fills_a_rules_question_like_its_message() -> None:
    rule = Rule(
        id="PP-DOC-999", name="unit-test", status="stable", severity="warning", category="test", kind="phrase",
        params={"terms": ["unlimited liability"]}, message="Found {detail}.", why="unit test rule", fix="none",
        question="Would you remove the {detail}?", audiences=("supplier",),
    )
    linter = Linter(RulePack(rules=(rule,), profiles={}, root="", digest=""), LintConfig(enable=("PP-DOC-999",)))
    found = [f for f in linter.lint(document("The supplier accepts unlimited liability.")).findings]
    assert found and found[0].question.startswith("Would you remove the ")
    assert found[0].to_json()["question"] == found[0].question


def test_cli_prints_questions_for_the_sample() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tenderlint.cli", "check", "samples/council-parking-sensors-itt.md", "--format", "questions"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert out.returncode in (0, 1), out.stderr
    assert out.stdout.startswith("# Clarification questions: council-parking-sensors-itt.md")
    assert "\n1. **" in out.stdout and "1,000,000" in out.stdout  # the turnover demand is a supplier's question
    assert "PP-PROP-001" not in out.stdout  # sent to the buyer: no rule ids
