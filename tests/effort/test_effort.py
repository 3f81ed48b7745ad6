"""The bid-effort method on fixtures (each count moves the figure as documented) and on corpus
tenders (stable ranges a bid manager would recognise, each explained by its items)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tenderlint.effort import estimate_effort, measure
from tenderlint.effort.estimate import PRESENTATION_DAYS, READ_WORDS_PER_DAY, WRITE_WORDS_PER_DAY, estimate
from tenderlint.gates import find_gates
from tenderlint.parse import parse_bytes, parse_path

ITT = """# Invitation to tender

The deadline for tenders is 30 June 2025.

## Quality questions

Q1. Describe your approach to delivering the service (maximum 1,000 words). Weighting: 20%

Q2. Explain how you will manage risks (maximum 500 words). Weighting: 5%

Q3. Do you accept the terms and conditions?

## Submission

Complete and return Form A and Appendix 3 with your tender. Complete the pricing schedule.

Shortlisted bidders will be invited to give a presentation to the evaluation panel.

Bidders must hold ISO 9001 certification.

Provide two references for similar work.
"""


def doc(text: str):
    return parse_bytes(text.encode(), "itt.md")


def test_counts_from_a_fixture() -> None:
    document = doc(ITT)
    m = measure(document, find_gates(document), deadline=datetime.date(2025, 6, 30), published=datetime.date(2025, 6, 2))
    assert [(q.word_limit, q.weight, q.yes_no) for q in m.questions] == [(1000, 20.0, False), (500, 5.0, False), (None, None, True)]
    assert m.forms == ("Form A", "Appendix 3") and m.pricing
    assert (m.certificates, m.references, m.presentations) == (1, 2, 1)
    assert m.days_to_deadline == 28 and m.start_is_publication


def test_each_item_follows_its_rate() -> None:
    document = doc(ITT)
    e = estimate(measure(document, find_gates(document)))
    items = {i.name: i for i in e.items}
    answers = items["Answering the questions"]
    weighted = 1000 * 1.5 + 500 * 1.0 + 25  # 20% weighs 1.5, 5% 1.0, a yes/no 25 words
    assert answers.low == pytest.approx(weighted / WRITE_WORDS_PER_DAY[0])
    assert answers.high == pytest.approx(weighted / WRITE_WORDS_PER_DAY[1])
    assert items["Reading the documents"].high == pytest.approx(document.word_count / READ_WORDS_PER_DAY[1])
    assert (items["Presentation or interview"].low, items["Presentation or interview"].high) == PRESENTATION_DAYS
    assert e.low == pytest.approx(sum(i.low for i in e.items)) and e.low < e.high
    assert [i.name for i in e.costliest] == ["Presentation or interview", "Pricing", "Answering the questions"]


def test_no_presentation_no_presentation_item() -> None:
    text = ITT.replace("Shortlisted bidders will be invited to give a presentation to the evaluation panel.\n", "")
    names = [i.name for i in estimate(measure(doc(text))).items]
    assert "Presentation or interview" not in names


def test_clock_starts_today_without_a_publication_date() -> None:
    e = estimate_effort(doc(ITT), context={"tender_deadline": {"value": "2025-06-30"}}, today=datetime.date(2025, 6, 20))
    assert e.measures.days_to_deadline == 10 and not e.measures.start_is_publication
    assert "estimate" in e.to_json()["note"]


# Calibrated ranges (docs/bid-effort.md): the figure may move with the counters, but not out of these.
CORPUS_RANGES = [
    ("uk-ccs-fm2017-performance-bond.docx", (0.3, 1.0), (0.8, 2.0)),
    ("uk-ccs-rm6242-dps-needs.pdf", (1.5, 4.0), (3.5, 8.0)),
    ("uk-ccs-rm6232-fm-how-to-bid.docx", (4.0, 9.0), (10.0, 20.0)),
    ("us-in-iche-sor-app-maintenance.pdf", (7.0, 14.0), (16.0, 32.0)),
]


@pytest.mark.parametrize("name, low, high", CORPUS_RANGES)
def test_corpus_ranges_are_stable_and_explained(corpus_dir: Path, name: str, low: tuple, high: tuple) -> None:
    document = parse_path(corpus_dir / name)
    first = estimate_effort(document, find_gates(document), today=datetime.date(2025, 1, 1))
    again = estimate_effort(document, find_gates(document), today=datetime.date(2025, 1, 1))
    assert first.to_json() == again.to_json()
    assert low[0] <= first.low <= low[1] and high[0] <= first.high <= high[1], (first.low, first.high)
    assert first.high <= 3 * first.low
    assert all(item.basis for item in first.items) and 1 <= len(first.costliest) <= 3


def test_a_long_sor_costs_more_than_a_bond_form(corpus_dir: Path) -> None:
    small = parse_path(corpus_dir / "uk-ccs-fm2017-performance-bond.docx")
    large = parse_path(corpus_dir / "us-in-iche-sor-app-maintenance.pdf")
    assert estimate_effort(small).high < estimate_effort(large, find_gates(large)).low
