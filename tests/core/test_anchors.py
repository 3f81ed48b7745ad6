"""Anchored patterns find exactly what the Matcher finds when it reads every sentence."""

from __future__ import annotations

import pytest

from tenderlint.anchors import AnchoredPattern, DocumentWords, run_anchored
from tenderlint.engine import Linter
from tenderlint.matching import normalise_quotes
from tenderlint.parse import parse_path

from ..conftest import CORPUS

SAMPLES = ["us-in-iot-sor-servicenow-ocm.pdf", "uk-ccs-rm6232-fm-how-to-bid.docx", "ca-bc-code-with-us-terms.md"]
SYNTHETIC = (
    "The Supplier shall provide 12 (twelve) working days notice. It must hold harmless the Council. "
    "Liability shall not be limited in respect of fraud. 10% of 5 sites and 3 users. "
    "Payment within 30 days of receipt of a valid invoice. BS EN ISO 9001 and BS7671: 2018 apply. "
    "No consortium bids will be accepted. Limitation of liability shall not apply to data loss."
)


def every_sentence(pattern: AnchoredPattern, doc) -> set[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    found = set()
    for sentence in doc.sents:
        found |= {(m, sentence.start + s, sentence.start + e) for m, s, e in pattern.matcher(sentence)}
    return found


@pytest.mark.parametrize("source", [*SAMPLES, "synthetic"])
def test_anchored_matches_equal_full_matcher(source: str) -> None:
    linter = Linter()
    text = SYNTHETIC if source == "synthetic" else parse_path(CORPUS / source).text
    doc = linter.nlp(normalise_quotes(text))
    patterns = list(linter.index.anchored.values())
    assert len(patterns) > 20
    expected = set().union(*(every_sentence(p, doc) for p in patterns))
    found = run_anchored(patterns, DocumentWords(doc, {}))
    assert len(found) == len(set(found))  # no match reported twice
    assert set(found) == expected
    if source == "synthetic":
        assert len(expected) >= 8  # the text exercises numbers, offsets, regexes and wildcards


def test_offsets_and_reach_follow_the_operators() -> None:
    linter = Linter()
    pattern = AnchoredPattern(
        linter.nlp.vocab,
        "probe",
        [{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}, {"IS_ALPHA": True, "OP": "{1,3}"}, {"LOWER": "c"}, {"LOWER": "d", "OP": "*"}],
    )
    assert [r.entry for r in pattern.requirements] == [0, 3]
    assert pattern.offsets(0, 3) == (2, 5)
    assert pattern.offsets(3, 0) == (-5, -2)
    assert pattern.reach(0) == (0, None)  # "*" after it: no limit
    assert pattern.reach(3) == (5, None)
