"""`phrase`: each body sentence holding a term (matched on lemmas), negation and guards applied."""

from __future__ import annotations

from .checkkit import findings, linter

PARAMS = {"terms": ["unlimited liability", "indemnify"]}


def test_fires_per_sentence_on_lemmas_and_quotes_the_match() -> None:
    lint = linter("phrase", PARAMS, message="{match}")
    found = findings(lint, "The Supplier shall indemnify the Authority.", "The Supplier indemnifies the Council.")
    assert {f.message for f in found} == {"indemnify", "indemnifies"}
    assert not findings(lint, "The Supplier shall insure the premises.")


def test_negation_excludes_by_default_and_can_be_ignored() -> None:
    text = "The Supplier shall not indemnify the Authority."
    assert not findings(linter("phrase", PARAMS), text)
    assert findings(linter("phrase", {**PARAMS, "negation": "ignore"}), text)


def test_unless_and_advice_guard() -> None:
    assert not findings(linter("phrase", {**PARAMS, "unless": ["third party claims"]}), "The Supplier shall indemnify the Authority against third party claims.")
    assert not findings(linter("phrase", PARAMS), "Buyers should not ask suppliers to accept unlimited liability.")
