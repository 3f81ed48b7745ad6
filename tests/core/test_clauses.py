"""Clause tagging: one positive and one near miss per clause type, the JSON shape, and CUAD scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderlint.clauses import CLAUSE_TYPES, ClauseTag, _evidence, tag_clauses
from tenderlint.evaluation.cuad import CATEGORIES, evaluate_cuad, format_table, locate, table_rows
from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes

CUAD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "cuad"

# tag -> (sentences that are that clause, near misses that are not)
EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "liability_cap": (
        ["The Supplier's total liability under this Contract shall not exceed £1,000,000.",
         "In no event shall either party be liable for any indirect or consequential damages."],
        ["Acme Widgets LLC, a Delaware limited liability company, is the supplier."],
    ),
    "uncapped_liability": (
        ["The Supplier's liability for breach of confidentiality shall not be limited.",
         "The Contractor shall have unlimited liability for data protection breaches.",
         "Except for breaches of Section 9, neither party's liability shall exceed the fees paid."],
        ["The Supplier shall deliver the goods, including without limitation all spare parts, to the depot.",
         "The Supplier is liable for costs including, but not limited to, travel and subsistence."],
    ),
    "indemnity": (
        ["The Supplier shall indemnify the Authority against all third-party claims."],
        ["The Authority shall not be obliged to indemnify the Supplier."],
    ),
    "ip_assignment": (
        ["The Contractor hereby assigns to the Authority all intellectual property rights in the deliverables.",
         "All Intellectual Property Rights in the Project Specific Deliverables shall vest in the Authority.",
         "All inventions conceived by the Consultant under this Agreement shall be the sole and exclusive property of the Company."],
        ["Neither party may assign this Agreement without the prior written consent of the other party.",
         "Each party shall retain all intellectual property it develops independently."],
    ),
    "ip_licence": (
        ["The Licensor hereby grants the Licensee a non-exclusive licence to use the Software."],
        ["No licence is granted under any patent of the Licensor."],
    ),
    "liquidated_damages": (
        ["For each week of delay the Contractor shall pay liquidated damages of £500.",
         "The Supplier shall pay a penalty of £100 for each day the service is late."],
        ["The Contractor shall pay the fees within thirty days.",
         "The Vendor shall pay any penalty, interest or additional tax assessed because it filed a return late.",
         "The Supplier shall pay any fines and penalties levied by the regulator for its own breaches."],
    ),
    "insurance": (
        ["The Supplier shall maintain public liability insurance of at least £5 million."],
        ["The Client operates in the insurance sector."],
    ),
    "audit_rights": (
        ["The Authority may audit the Supplier's books and records on reasonable notice."],
        ["The Supplier shall deliver audited accounts for the last financial year."],
    ),
    "termination_for_convenience": (
        ["The Authority may terminate this Contract for convenience on ninety days' notice.",
         "The Authority may terminate the Contract at any time by giving not less than three months' written notice.",
         "Licensee may terminate this Agreement upon ninety (90) days written notice."],
        ["This Agreement may not be terminated by either party for its own convenience.",
         "The Authority may terminate this Contract on notice if the Supplier commits a material breach.",
         "Upon termination of this Agreement for any reason, the Supplier shall return all materials."],
    ),
    "exclusivity": (
        ["The Company appoints the Distributor as its exclusive distributor in the Territory.",
         "Distributor's right to market and sell the Products in the Territory shall be exclusive.",
         "The Buyer shall purchase all of its requirements for the Products from the Seller."],
        ["The Company grants the Distributor a non-exclusive right to resell the Products.",
         "The courts of England shall have exclusive jurisdiction."],
    ),
    "non_compete": (
        ["During the Term the Distributor shall not sell any product that competes with the Products.",
         "Affiliate agrees not to sell advertising to direct competitors of the Service."],
        ["Prices shall be competitive with those of the market."],
    ),
    "minimum_commitment": (
        ["The Buyer shall purchase a minimum of 10,000 units in each contract year."],
        ["The Supplier may give not less than thirty days' notice of a change of address.",
         "The Authority does not guarantee any minimum volume of orders under this Framework.",
         "Bidders must meet the following minimum requirements."],
    ),
    "warranty_duration": (
        ["The Supplier warrants that the goods will be free from defects for a period of twelve (12) months from delivery.",
         "The warranty period is 24 months."],
        ["The Supplier warrants that it has full power to enter into this Agreement.",
         "Liability for breach of warranty shall not exceed the fees paid in the six (6) month period preceding the claim.",
         "Damages for any warranty claim are capped at the charges paid in the 12 months prior to the event."],
    ),
    "renewal_term": (
        ["This Agreement shall automatically renew for successive one-year terms.",
         "The Authority may extend the Contract for a further period of up to 24 months."],
        ["The Supplier shall hold all licences needed to trade.",
         "The insurance policy shall be renewed each year."],
    ),
    "payment_terms": (
        ["The Authority shall pay each valid invoice within 30 days of receipt."],
        ["The Supplier shall keep a record of all invoices."],
    ),
    "change_control": (
        ["Any change to the Services shall be agreed through the change control procedure."],
        ["The Supplier shall notify the Authority of any change of address."],
    ),
    "evaluation_criteria": (
        ["Tenders will be evaluated on the award criteria set out in Section 5.",
         "Each bid will be scored with a 60% weighting for quality and 40% for price."],
        ["The Supplier shall evaluate its own performance monthly."],
    ),
}


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def _types(linter: Linter, sentence: str) -> set[str]:
    return {tag.type for tag in tag_clauses(linter.analyse(parse_bytes(sentence.encode(), "example.txt")))}


def test_every_clause_type_has_examples() -> None:
    assert set(EXAMPLES) == set(CLAUSE_TYPES)
    assert set(CATEGORIES.values()) <= set(CLAUSE_TYPES)


@pytest.mark.parametrize("tag", sorted(EXAMPLES))
def test_positive_examples_are_tagged(linter: Linter, tag: str) -> None:
    for sentence in EXAMPLES[tag][0]:
        assert tag in _types(linter, sentence), sentence


@pytest.mark.parametrize("tag", sorted(EXAMPLES))
def test_near_misses_are_not_tagged(linter: Linter, tag: str) -> None:
    for sentence in EXAMPLES[tag][1]:
        assert tag not in _types(linter, sentence), sentence


def test_negation_separates_cap_from_uncapped(linter: Linter) -> None:
    capped = _types(linter, "In no event shall the Supplier's liability exceed the Contract Price.")
    uncapped = _types(linter, "The Supplier's liability for death or personal injury shall not be limited.")
    assert "liability_cap" in capped and "uncapped_liability" not in capped
    assert "uncapped_liability" in uncapped and "liability_cap" not in uncapped


def test_clause_tag_json_points_at_the_sentence(linter: Linter) -> None:
    text = b"# Terms\n\n5.1 The Supplier shall indemnify the Authority against all claims.\n"
    report = linter.lint(parse_bytes(text, "terms.md"))
    tags = [t for t in report.clauses if t.type == "indemnity"]
    assert len(tags) == 1 and isinstance(tags[0], ClauseTag)
    tag = tags[0]
    assert report.document.text[tag.start : tag.end] == tag.quote
    data = tag.to_json()
    assert set(data) == {"type", "quote", "location"}
    assert data["type"] == "indemnity" and data["quote"].startswith("5.1 The Supplier shall indemnify")
    assert set(data["location"]) == {"page", "section", "clause", "block", "start", "end"}
    assert data["location"]["clause"] == "5.1" and data["location"]["start"] == tag.start


def test_cuad_evaluation_on_five_contracts(linter: Linter) -> None:
    if not (CUAD / "master_clauses.csv").is_file():
        pytest.skip(f"CUAD is not available at {CUAD}")
    result = evaluate_cuad(CUAD, limit=5, linter=linter)
    assert result.documents == 5
    rows = table_rows(result)
    assert [row[0] for row in rows] == list(CATEGORIES) and len(rows) == 12
    for _category, docs, *scores in rows:
        assert 0 <= docs <= 5
        assert all(0.0 <= value <= 1.0 for value in scores)
    table = format_table(result)
    assert all(category in table for category in CATEGORIES) and "average document F1" in table


def test_clause_table_typos_fail_loudly() -> None:
    with pytest.raises(KeyError, match="no_such_group"):
        _evidence("liability_cap", {"all": ("liability", "no_such_group")})


def test_order_matters_for_near_evidence(linter: Linter) -> None:
    assert "termination_for_convenience" in _types(linter, "Either party may terminate this Agreement on 60 days' notice.")
    assert "termination_for_convenience" not in _types(linter, "Termination of this Agreement may require 60 days' notice.")


def test_eval_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tenderlint.cli import main

    assert main(["eval", "--cuad", str(tmp_path)]) == 2  # not a CUAD folder
    assert "master_clauses.csv" in capsys.readouterr().err
    if not (CUAD / "master_clauses.csv").is_file():
        pytest.skip(f"CUAD is not available at {CUAD}")
    assert main(["eval", "--cuad", str(CUAD), "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "Renewal Term" in out and "over 2 contracts" in out


def test_cuad_clauses_are_located_despite_whitespace_and_omissions() -> None:
    text = "1.1 The Supplier shall\n   maintain insurance.  It shall also pay. Then it may renew."
    start, end = locate(text, "The Supplier shall maintain insurance.")
    assert text[start:end] == "The Supplier shall\n   maintain insurance."
    start, end = locate(text, "The Supplier shall<omitted>it may renew.")
    assert text[start:end].startswith("The Supplier") and text[start:end].endswith("renew.")
    assert locate(text, "nothing like this at all") is None
