"""PP-TECH-001's two bands through the whole pack: a product the work must use is a warning or error,
a product named only for how bids are sent is info (catalogue §0.5 item 12). Sentences are our own."""

from __future__ import annotations

import pytest

from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes


@pytest.fixture(scope="module")
def pack() -> Linter:
    return Linter()


def brand_severities(pack: Linter, sentence: str) -> list[str]:
    text = f"# Request for quotation\n\n{sentence}\n"
    report = pack.lint(parse_bytes(text.encode(), "rfq.md"), facts={"doc_types": ["ITT"]})
    return [f.severity for f in report.findings if f.rule_id == "PP-TECH-001"]


@pytest.mark.parametrize("sentence", [
    "All quotes must be submitted using the Google Form linked below, with the price sheet attached.",
    "Proposals shall be uploaded via Google Drive by the closing date.",
    "Each bidder must submit the following with the bid: a method statement; the price schedule in an Excel format.",
])
def test_a_product_named_for_how_bids_are_sent_is_info(pack: Linter, sentence: str) -> None:
    assert brand_severities(pack, sentence) == ["info"]


def test_a_product_the_work_must_use_is_not_info(pack: Linter) -> None:
    found = brand_severities(pack, "The contractor shall use Google Sheets for every weekly report.")
    assert found and "info" not in found
