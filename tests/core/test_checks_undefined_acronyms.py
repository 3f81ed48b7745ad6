"""`undefined_acronyms`: a document that leans on acronyms it never spells out."""

from __future__ import annotations

from .checkkit import findings, linter

PARAMS = {"min_acronyms": 2, "min_uses": 2}
USED = ["Send the WQMS log to the BRPT desk.", "The WQMS log and the BRPT desk are checked weekly."]


def test_fires_once_with_the_acronyms_named() -> None:
    lint = linter("undefined_acronyms", PARAMS, message="{count}: {examples}")
    [finding] = findings(lint, *USED)
    assert finding.message == "2: WQMS (2 uses), BRPT (2 uses)"


def test_an_expansion_anywhere_defines_it() -> None:
    lint = linter("undefined_acronyms", PARAMS)
    assert not findings(lint, *USED, "The Weekly Quality Monitoring Sheet (WQMS) is attached.")


def test_too_few_or_too_rarely_used_acronyms_do_not_fire() -> None:
    assert not findings(linter("undefined_acronyms", {**PARAMS, "min_acronyms": 3}), *USED)
    assert not findings(linter("undefined_acronyms", {**PARAMS, "min_uses": 3}), *USED)
