"""The buyer's own name, read from what the document has it do, and rules that ask about the buyer."""

from __future__ import annotations

import pytest

from tenderlint.buyer_names import buyer_names, buyer_spans
from tenderlint.engine import Linter
from tenderlint.nlp import get_pipeline
from tenderlint.parse import parse_bytes

GENERIC = ["Authority", "Council", "City", "County", "State", "Government", "Department"]


@pytest.mark.parametrize(
    "text, names",
    [
        # initials that act as the buyer twice
        ("WRTA reserves the right to reject any bid. WRTA will evaluate proposals on price and quality.", ["WRTA"]),
        # a name of several words, after "the"
        (
            "The Harbour Secretariat may terminate the contract. The Harbour Secretariat is seeking a consultant.",
            ["Harbour Secretariat"],
        ),
        # one buyer act is enough where the document defines the short name
        ('Lakeland Water Services ("LWS") invites proposals. LWS reserves the right to cancel this request.', ["LWS"]),
        ("The Tribe intends to award one contract. The Tribe shall not be liable for any costs of bidding.", ["Tribe"]),
    ],
)
def test_the_name_that_does_what_a_buyer_does(text: str, names: list[str]) -> None:
    assert buyer_names(text, GENERIC) == names


@pytest.mark.parametrize(
    "text",
    [
        # once, and not defined: too little to go on
        "WRTA reserves the right to reject any bid. Proposals are due on 4 May.",
        # the other party, the documents and pronouns act too, but are never the buyer
        "The Contractor reserves the right to subcontract. The Contractor may terminate on notice.",
        "This RFP may cancel earlier notices. This RFP may reject late responses.",
        "We reserve the right to reject any bid. We will evaluate every proposal.",
        # a word the shared buyer set already holds needs no help
        "The City reserves the right to reject any bid. The City will evaluate proposals.",
        # lower case is not a name
        "the panel will evaluate proposals. the panel may reject late bids.",
    ],
)
def test_near_misses_name_no_buyer(text: str) -> None:
    assert buyer_names(text, GENERIC) == []


def test_every_mention_of_the_name_is_a_span() -> None:
    nlp = get_pipeline()
    doc = nlp("WRTA reserves the right to reject any bid. Data shall become the property of WRTA.")
    spans = buyer_spans(doc, ["WRTA"])
    assert [doc[s:e].text for s, e in spans] == ["WRTA", "WRTA"]


def _fired(text: str, rule: str) -> bool:
    report = Linter().lint(parse_bytes(text.encode(), "terms.txt"), facts={"doc_type": "TC"})
    return any(f.rule_id == rule for f in report.findings)


def test_a_rule_asking_about_the_buyer_reads_its_own_name() -> None:
    terms = (
        "Terms and conditions of contract.\n\n"
        "WRTA reserves the right to terminate this contract. WRTA will evaluate the Contractor's performance.\n\n"
        "WRTA shall own all intellectual property rights in the deliverables, including the Contractor's "
        "pre-existing tools and methodologies.\n"
    )
    assert _fired(terms, "PP-RISK-004")
    # the same clause where nothing else shows that WRTA is the buyer
    other = terms.replace("WRTA reserves", "The Panel reserves").replace("WRTA will", "The Panel will")
    assert not _fired(other, "PP-RISK-004")
