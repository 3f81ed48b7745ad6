"""`Analysis.lower_text` and `sentences_matching`: whole-document searches that checks use instead of
a case-blind search per sentence. They must find exactly what the slow way finds, offsets included."""

from __future__ import annotations

import re

from .checkkit import document, linter


def _analysis(*blocks: str):
    return linter("metric", {"metric": "words", "value": 10**9}).analyse(document(*blocks))


def test_lower_text_keeps_every_offset() -> None:
    analysis = _analysis("The AUTHORITY will Evaluate bids.", "İstanbul Office: SCORES are final.")
    lowered, text = analysis.lower_text, analysis.document.text
    assert len(lowered) == len(text)
    at = lowered.index("evaluate")
    assert text[at : at + len("evaluate")] == "Evaluate"
    assert lowered.index("scores") == text.index("SCORES")  # the dotted capital I before it does not shift offsets


def test_sentences_matching_finds_each_sentence_once_and_in_order() -> None:
    analysis = _analysis(
        "Bids will be SCORED by a panel.", "Prices are fixed.", "Each score and each Evaluation is recorded.",
    )
    found = analysis.sentences_matching(re.compile(r"scor|evaluat"))
    assert [s.text for s in found] == ["Bids will be SCORED by a panel.", "Each score and each Evaluation is recorded."]
    slow = [s for s in analysis.sentences if re.search(r"scor|evaluat", s.text, re.I)]
    assert found == slow


def test_sentences_matching_finds_nothing_where_nothing_matches() -> None:
    assert _analysis("Prices are fixed for the term.").sentences_matching(re.compile(r"scor")) == []
