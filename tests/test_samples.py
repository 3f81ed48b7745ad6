"""The samples find exactly what they were written to show (closed expected-findings lists)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderlint.evaluation.labels import evaluate_labels

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
EXPECTED = sorted(SAMPLES.glob("*.expected.yaml"))


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_sample_findings_match_expectations(path: Path) -> None:
    result = evaluate_labels(path, closed=True)
    overall = result.overall
    assert overall.fn == 0 and overall.fp == 0, [str(m) for m in result.misses]
    assert not result.quote_misses, [str(m) for m in result.quote_misses]
