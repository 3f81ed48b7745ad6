"""`pattern`: like `phrase`, with spaCy token patterns."""

from __future__ import annotations

from .checkkit import findings, linter

PARAMS = {"patterns": [[{"LOWER": "hold"}, {"IS_ALPHA": True, "OP": "?"}, {"LOWER": "harmless"}]]}


def test_token_patterns_match_variants_and_quote_the_match() -> None:
    lint = linter("pattern", PARAMS, message="{match}")
    [found] = findings(lint, "The Supplier shall hold them harmless.")
    assert found.message == "hold them harmless"
    assert findings(lint, "The Supplier shall hold harmless the Council.")
    assert not findings(lint, "The Supplier shall hold the meeting.")


def test_terms_are_not_read_by_pattern() -> None:
    assert not findings(linter("pattern", {"patterns": [], "terms": ["meeting"]}), "The Supplier shall hold the meeting.")
