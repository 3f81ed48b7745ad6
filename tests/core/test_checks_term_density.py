"""`term_density`: a term used too often for the document's length."""

from __future__ import annotations

from .checkkit import findings, linter

PARAMS = {"terms": ["as required", "as directed"], "per_1000": 20, "min_count": 3}


def test_count_and_rate_must_both_pass() -> None:
    lint = linter("term_density", PARAMS, message="{count} {examples}")
    vague = ["Clean the rooms as required.", "Visit sites as directed.", "Report as required."]
    [finding] = findings(lint, *vague)
    assert finding.message == '3 "as required", "as directed"'
    assert not findings(lint, *vague[:2])
    padded = vague + ["This sentence is padding with many ordinary words in it." * 20]
    assert not findings(lint, *padded)


def test_advice_does_not_count() -> None:
    lint = linter("term_density", {**PARAMS, "min_count": 1, "per_1000": 0})
    assert not findings(lint, "Buyers should avoid asking suppliers to work as required.")
