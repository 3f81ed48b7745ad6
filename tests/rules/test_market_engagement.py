"""PP-OPEN-006: a request for information counts as market engagement; bidders' requests for
information about the tender (clarification questions) do not."""

from __future__ import annotations

import pytest

from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes

BODY = " ".join(["The contractor will maintain the parks and open spaces listed in the schedule to the agreed standard."] * 140)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def _fires(linter: Linter, sentence: str) -> bool:
    text = f"# Invitation to tender\n\n## Instructions to bidders\n\n{sentence}\n\nTenders must be received by the closing date.\n\n## Scope\n\n{BODY}\n"
    report = linter.lint(parse_bytes(text.encode(), "itt.md"))
    return any(f.rule_id == "PP-OPEN-006" for f in report.findings)


@pytest.mark.parametrize(
    "sentence",
    [
        "Requests for information and clarification must be sent to the contracts officer.",
        "Any request for information regarding this tender should be emailed to the buyer.",
        "Requests for information received after the deadline will not be answered.",
    ],
)
def test_clarification_requests_are_not_market_engagement(linter: Linter, sentence: str) -> None:
    assert _fires(linter, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "A Request for Information was issued in March and 40 suppliers replied.",
        "The requirement was shaped by a request for information (RFI) published last year.",
        "We held a supplier day in May to hear what the market could offer.",
    ],
)
def test_engagement_before_the_tender_clears_the_rule(linter: Linter, sentence: str) -> None:
    assert not _fires(linter, sentence)
