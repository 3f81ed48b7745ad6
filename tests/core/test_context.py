"""extract_context: the facts rules depend on, each with the quote it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderlint.context import FOUND, GIVEN, THRESHOLDS, Context, extract_context, threshold_table
from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes, parse_path

from ..conftest import CORPUS

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "council-parking-sensors-itt.md"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def context_of(linter: Linter, text: str, name: str = "doc.md") -> Context:
    return extract_context(linter.analyse(parse_bytes(text.encode(), name)))


def council_itt(body: str) -> str:
    return f"# Invitation to Tender\n\nNorthfield Borough Council invites tenders.\n\n{body}\n"


# --- values ---


def test_total_value_with_vat_term_and_derived_annual(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "The estimated contract value is £240,000 including VAT over an initial term of four (4) years."
    ))
    assert ctx.get("value_total") == 240000.0
    assert ctx.get("vat_basis") == "inc"
    assert ctx.get("currency") == "GBP"
    assert ctx.get("term_years") == 4.0
    annual = ctx.facts["value_annual"]
    assert annual.value == 60000.0 and annual.source == FOUND
    assert annual.quote.startswith("derived: total / term")
    total = ctx.facts["value_total"]
    assert total.quote.startswith("The estimated contract value is £240,000")
    assert total.start is not None


def test_ordering_vehicle_values_stated_as_the_buyer_s_estimate(linter: Linter) -> None:
    orders = context_of(linter, council_itt(
        "The Council estimates the value of all orders placed under the agreement will total £3,500,000."
    ))
    assert orders.get("value_total") == 3500000.0
    faith = context_of(linter, council_itt(
        "The Council's good faith estimate for funded orders over the whole life of the agreement, with every "
        "option taken up and every lot let, is between £500,000 and £900,000."
    ))
    assert faith.get("value_total") == 500000.0
    far = context_of(linter, council_itt(
        "The estimated value of this contract will be published later; separately, the Council spent a great deal "
        "on its last office move, and each supplier must hold £900,000 of cover."
    ))
    assert far.get("value_total") is None


def test_past_awards_given_as_a_guide_are_the_value(linter: Linter) -> None:
    # catalogue item 60: past award values given as a guide to the coming contracts' size
    guide = context_of(linter, council_itt(
        "Last year there were 12 project contract awards ranging from £4,000 - £150,000, and this year's needs "
        "are expected to be similar."
    ))
    assert guide.get("value_total") == 150000.0
    for body in (
        "Awards will be announced in June; bidders must hold insurance of £150,000.",
        "The Council made 12 awards last year to local firms of all sizes.",
    ):
        assert context_of(linter, council_itt(body)).get("value_total") is None, body


def test_a_worked_example_of_the_price_formula_is_not_the_value(linter: Linter) -> None:
    """Bids' prices in a scoring example say nothing about the contract's estimated value."""
    formula = council_itt(
        "Price scores are (lowest price / price) x 40. For example, if the lowest total estimated contract price "
        "is $100, it scores 40.\n\nIf the total estimated contract price of another proposal is $125, it scores 32."
    )
    assert context_of(linter, formula).get("value_total") is None
    stated = council_itt("The total estimated contract price is $480,000 over three years.")
    assert context_of(linter, stated).get("value_total") == 480000.0


def test_a_question_on_the_value_answered_in_the_next_cell(linter: Linter) -> None:
    """A Q&A sheet: the question names the value, the answer's amount opens the next row (item 60)."""
    sheet = council_itt(
        "| Question | Answer |\n|---|---|\n"
        "| What is the value of the current contract for this service? | About $412,000 per the last award. |\n"
        "| Will the site visit be recorded? | Yes, for all bidders. |\n"
    )
    ctx = context_of(linter, sheet)
    assert ctx.get("value_total") == 412000.0 and "current contract" in ctx.facts["value_total"].quote
    # an amount further into the answer, or a question that does not name the value, is not read
    assert context_of(linter, sheet.replace("About $412,000", "We cannot share figures; about $412,000")).get("value_total") is None
    other = sheet.replace("What is the value of the current contract for this service?", "What insurance is needed?")
    assert context_of(linter, other).get("value_total") is None


def test_a_rate_for_one_unit_is_not_the_contract_value(linter: Linter) -> None:
    for body in (
        "The programme budget allows £1,200/household for moving costs.",
        "The budget covers interpreters at up to £450 per day and £60 per hour for travel time.",
    ):
        assert context_of(linter, council_itt(body)).get("value_total") is None, body
    whole = context_of(linter, council_itt("The budget for this contract is £240,000 over two years."))
    assert whole.get("value_total") == 240000.0


def test_value_in_other_currencies_and_in_pounds(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "Prices are in Singapore Dollars and should not exceed a total amount of SGD 171,000 for the whole review."
    ))
    assert (ctx.get("value_total"), ctx.get("currency")) == (171000.0, "SGD")
    assert ctx.get("value_total_gbp") == 100000.0
    assert "SGD 1.71 = £1" in ctx.facts["value_total_gbp"].quote
    sterling = context_of(linter, council_itt("The estimated contract value is £80,000."))
    assert sterling.get("value_total_gbp") == 80000.0
    assert sterling.with_overrides({"value_total": "250000"}).get("value_total_gbp") == 250000.0


def test_a_weak_cue_names_the_figure_right_after_it(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "Regional road spending up to 2038 is forecast to reach £9 billion across the county."
    ))
    assert ctx.get("value_total") is None


def test_annual_value_and_vat_exclusive(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("The estimated value is £50,000 per annum excluding VAT."))
    assert ctx.get("value_annual") == 50000.0
    assert ctx.get("value_total") is None
    assert ctx.get("vat_basis") == "exc"


def test_value_per_lot(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("Each lot has a budget of up to £40,000 per lot."))
    assert ctx.get("value_per_lot") == 40000.0


def test_foreign_currency_is_recorded(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("The estimated contract value is €250,000."))
    assert ctx.get("value_total") == 250000.0
    assert ctx.get("currency") == "EUR"
    assert ctx.get("above_threshold") is None  # a threshold in pounds says nothing about euros


@pytest.mark.parametrize(
    "sentence",
    [
        "Any purchase order valued at $50,000.00 or more needs a second signature.",
        "Contracts with a value of £25,000 and above are published on Contracts Finder.",
        "A board review is triggered if the spend ceiling exceeds <£2.5 million.",
    ],
)
def test_a_threshold_of_another_rule_is_not_the_contract_value(linter: Linter, sentence: str) -> None:
    ctx = context_of(linter, council_itt(sentence))
    assert ctx.get("value_total") is None and ctx.get("value_annual") is None


@pytest.mark.parametrize(
    "sentence, amount",
    [
        ("The total contract value shall not exceed $1,400,000 over the term.", 1_400_000.0),
        ("Orders are not to exceed $750,000 in total.", 750_000.0),
        ("The expected volume of purchases over the life of the agreement is $2,500,000.", 2_500_000.0),
        ("Anticipated spend is approximately £300,000.", 300_000.0),
    ],
)
def test_ceilings_and_expected_purchases_are_the_contract_value(linter: Linter, sentence: str, amount: float) -> None:
    ctx = context_of(linter, council_itt(sentence))
    assert ctx.get("value_total") == amount


def test_turnover_money_is_not_the_contract_value(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "Bidders must have a minimum annual turnover of £500,000 to show the value of the contract is affordable."
    ))
    assert ctx.get("value_total") is None and ctx.get("value_annual") is None


def test_liability_and_insurance_money_is_not_the_contract_value(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "The Supplier's total liability shall not exceed £1,000,000 or 150% of the total contract value.\n\n"
        "The Supplier shall hold insurance with a value of up to £5,000,000."
    ))
    assert not {"value_total", "value_annual", "currency"} & set(ctx.facts)


def test_placeholder_gives_no_value(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("The estimated contract value is £[X] excluding VAT."))
    assert ctx.get("value_total") is None
    assert ctx.get("above_threshold") is None


def test_condition_money_is_not_a_value(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("A performance bond is optional for work packages under £1M per annum."))
    assert ctx.get("value_annual") is None


def test_annual_and_total_in_one_sentence(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "The annual value is £50,000 and the total value over the term is £200,000, both including VAT."
    ))
    assert ctx.get("value_annual") == 50000.0
    assert ctx.get("value_total") == 200000.0


def test_value_after_a_colon(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("Estimated contract value: £95,000 (excluding VAT)."))
    assert ctx.get("value_total") == 95000.0
    assert ctx.get("vat_basis") == "exc"


# --- above threshold ---


def test_vat_exclusive_value_is_grossed_up_for_the_threshold(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("The estimated contract value is £180,000 excluding VAT."))
    assert ctx.get("authority_type") == "sub-central"
    fact = ctx.facts["above_threshold"]
    assert fact.value is True  # £216,000 inc VAT against £207,720
    assert "× 1.2" in fact.quote and "207,720" in fact.quote


def test_below_threshold_inclusive_value(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("The estimated contract value is £180,000 including VAT."))
    assert ctx.get("above_threshold") is False


def test_central_authority_threshold(linter: Linter) -> None:
    ctx = context_of(linter, (
        "# Invitation to Tender\n\nThe Cabinet Office, a central government department, invites tenders.\n\n"
        "The Cabinet Office is the buyer. The estimated contract value is £150,000 including VAT.\n"
    ))
    assert ctx.get("authority_type") == "central"
    assert ctx.get("above_threshold") is True


def test_annual_value_times_term_for_the_threshold(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "The estimated value is £60,000 per annum including VAT.\n\nThe initial contract period is 4 years."
    ))
    fact = ctx.facts["above_threshold"]
    assert fact.value is True and "annual × 4 years" in fact.quote


def test_annual_value_without_term_is_only_a_lower_bound(linter: Linter) -> None:
    low = context_of(linter, council_itt("The estimated value is £60,000 per annum including VAT."))
    assert low.get("above_threshold") is None
    high = context_of(linter, council_itt("The estimated value is £260,000 per annum including VAT."))
    assert high.get("above_threshold") is True


def test_threshold_table_is_data_with_a_source() -> None:
    table = threshold_table()
    assert table in THRESHOLDS and table.source
    assert table.amounts["sub-central"] == 207_720 and table.amounts["central"] == 135_018
    assert table.amounts["works"] == 5_193_000 and table.amounts["light-touch"] == 663_540
    assert table.amounts["utilities"] == 415_440


# --- regime ---


def test_us_rfp_is_non_uk(linter: Linter) -> None:
    ctx = context_of(linter, (
        "# State of Alaska Request for Proposals\n\n"
        "The State of Alaska, Department of Administration, issues this solicitation.\n\n"
        "Offerors must submit proposals by 4:00 pm Alaska Prevailing Time on 3/26/2021. "
        "Offerors must comply with Alaska Statute AS 36.30.200 and sales tax rules.\n\n"
        "The budget for this contract is $300,000 for the initial term.\n"
    ))
    assert ctx.get("regime") == "non-uk"
    assert ctx.facts["regime"].quote
    assert ctx.get("currency") == "USD"
    assert ctx.get("tender_deadline") == "2021-03-26"  # month first in a US document
    assert ctx.get("authority_type") is None


def test_uk_document_mentioning_federal_once_stays_uk(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "This procurement is conducted under the Procurement Act 2023. The UK supplier may follow "
        "US Federal guidance on accessibility where it helps. Prices must include VAT and be in £ sterling."
    ))
    assert ctx.get("regime") == "pa-2023"


def test_council_itt_under_procurement_act(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "This procurement is conducted under the Procurement Act 2023 using the open procedure. "
        "Tenders will be evaluated to find the most advantageous tender."
    ))
    assert ctx.get("regime") == "pa-2023"
    assert ctx.get("authority_type") == "sub-central"
    assert ctx.get("procedure") == "open"
    assert ctx.get("doc_types") == ["ITT"]
    assert "Procurement Act 2023" in ctx.facts["regime"].quote


def test_explicit_statute_beats_vocabulary(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "This procurement is run under the Public Contracts Regulations 2015.\n\n"
        "Read the tender notice and the conditions of participation.\n\n"
        "The competitive flexible procedure described in the tender notice applies."
    ))
    assert ctx.get("regime") == "pcr-2015"


def test_vocabulary_decides_without_a_statute(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "Complete the Selection Questionnaire. We publish a contract notice in the Official Journal of the European Union."
    ))
    assert ctx.get("regime") == "pcr-2015"


@pytest.mark.parametrize(("issued", "regime"), [("3 March 2025", "pa-2023"), ("3 March 2024", "pcr-2015")])
def test_issue_date_breaks_a_tie_between_statutes(linter: Linter, issued: str, regime: str) -> None:
    ctx = context_of(linter, council_itt(
        f"Issued {issued}.\n\nThe Public Contracts Regulations 2015 and the Procurement Act 2023 are both described in Annex A."
    ))
    assert ctx.get("regime") == regime


def test_no_evidence_leaves_regime_unknown(linter: Linter) -> None:
    assert context_of(linter, "# Notes\n\nThe supplier shall deliver the goods on time.\n").get("regime") is None


# --- types ---


def test_contract_type_procedure_and_doc_types(linter: Linter) -> None:
    ctx = context_of(linter, (
        "# Invitation to Tender and Specification\n\n"
        "The Department for Transport runs this competitive flexible procedure for a framework agreement.\n\n"
        "The framework agreement has four lots. The framework agreement is for services. "
        "Conditions of participation apply under the Procurement Act 2023.\n"
    ))
    assert ctx.get("contract_type") == "framework"
    assert ctx.get("procedure") == "competitive-flexible"
    assert set(ctx.get("doc_types")) >= {"ITT", "SPEC"}
    assert ctx.get("authority_type") == "central"


def test_works_from_cpv_and_dps(linter: Linter) -> None:
    works = context_of(linter, council_itt("CPV code: 45000000-7 Construction work."))
    assert works.get("contract_type") == "works"
    dps = context_of(linter, (
        "# Dynamic Purchasing System (DPS) Needs\n\nJoin the dynamic purchasing system. The DPS is open to all.\n"
    ))
    assert dps.get("contract_type") == "dps"
    assert dps.get("procedure") == "dps"
    assert "SQ" in dps.get("doc_types")


def test_design_build_is_works_and_a_design_brief_is_not(linter: Linter) -> None:
    build = context_of(linter, council_itt(
        "The County seeks a design-build proponent for a new salt shed. The design-builder carries the "
        "construction lien holdback until substantial completion. Services of the site supervisor are included."
    ))
    assert build.get("contract_type") == "works"
    brief = context_of(linter, council_itt(
        "The County seeks design services for a new website. The consultant will design the pages and build "
        "prototypes. Services include user research."
    ))
    assert brief.get("contract_type") == "services"


def test_statement_of_requirements_with_a_solicitation_timetable_is_also_an_invitation(linter: Linter) -> None:
    opening = "".join(f"Paragraph {n} of the background to the statement of requirements.\n\n" for n in range(8))
    timetable = (
        "Solicitation schedule:\n\nRelease 3 March\n\nSupplier questions due 10 March\n\n"
        "Supplier response due 24 March\n\nAward decision 31 March\n\n"
    )
    body = "The specification covers two sites. The scope of work is set out below.\n"
    sor = "# Statement of Requirements\n\n" + opening + timetable + body
    assert set(context_of(linter, sor).get("doc_types")) == {"SPEC", "ITT"}
    plain = "# Statement of Requirements\n\n" + opening + body
    assert context_of(linter, plain).get("doc_types") == ["SPEC"]


def test_us_federal_agreement_headings_make_a_set_of_terms(linter: Linter) -> None:
    headings = ["Invoicing", "Inspection and Acceptance", "Termination for Cause", "Records", "Suspension",
                "Data Rights and Ownership of Deliverables"]
    agreement = "# Agreement Terms\n\n" + "".join(f"## {n}. {h}\n\nThe parties agree.\n\n" for n, h in enumerate(headings, 1))
    assert context_of(linter, agreement).get("has_terms") is True
    rules = ["Subcontracting", "Insurance Requirements", "Conflicts of interest", "Confidentiality"]
    competition = "# How to Tender\n\n" + "".join(f"## {n}. {h}\n\nBidders note.\n\n" for n, h in enumerate(rules, 1))
    assert context_of(linter, competition).get("has_terms") is None


def test_terms_and_conditions_document(linter: Linter) -> None:
    ctx = context_of(linter, "# Core Terms\n\n1. Definitions used in the contract\n\nThe Supplier shall deliver.\n")
    assert ctx.get("doc_types") == ["TC"]


# --- IT ---


def test_it_from_vocabulary_density(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "We need a cloud-hosted software platform with an API. The software must integrate with our database "
        "and web application. Hosting must be in the UK cloud. The API must be documented, and the software "
        "must support single sign-on for end users of the application."
    ))
    assert ctx.get("is_it") is True


def test_facilities_document_mentioning_systems_is_not_it(linter: Linter) -> None:
    body = " ".join(["The Supplier shall clean all floors, windows and washrooms to the agreed standard."] * 20)
    ctx = context_of(linter, council_itt(
        body + " The Supplier shall maintain the fire alarm system and the building management system."
    ))
    assert ctx.get("is_it") is False
    assert "per 1,000" in ctx.facts["is_it"].quote


def test_it_from_cpv(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("CPV: 72000000-5 IT services: consulting, software development."))
    assert ctx.get("is_it") is True
    assert "72000000" in ctx.facts["is_it"].quote


# --- term ---


@pytest.mark.parametrize(("sentence", "term", "extension"), [
    ("The contract term is 4 years with an option to extend by 2 further periods of 12 months.", 4.0, 2.0),
    ("The initial term of three (3) years may be extended by one further period of twelve (12) months.", 3.0, 1.0),
    ("The contract term is 2+1+1 years.", 2.0, 2.0),
    ("The initial contract period is 36 months.", 3.0, None),
])
def test_term_and_extensions(linter: Linter, sentence: str, term: float, extension: float | None) -> None:
    ctx = context_of(linter, council_itt(sentence))
    assert ctx.get("term_years") == pytest.approx(term, abs=0.01)
    assert ctx.get("extension_years") == (None if extension is None else pytest.approx(extension, abs=0.01))


def test_notice_period_is_not_an_extension(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "The Buyer can extend the Contract for the Extension Period by giving the Supplier no less than "
        "3 Months' written notice before the Contract expires."
    ))
    assert ctx.get("extension_years") is None and ctx.get("term_years") is None


# --- dates ---


def test_dates_from_cue_sentences(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "Issued 2 March 2026.\n\n"
        "Clarification questions must be received no later than 10 March 2026.\n\n"
        "Tenders must be received by 12:00 noon on 20 March 2026.\n\n"
        "The contract is expected to commence on 1 May 2026."
    ))
    assert ctx.get("issue_date") == "2026-03-02"
    assert ctx.get("clarification_deadline") == "2026-03-10"
    assert ctx.get("tender_deadline") == "2026-03-20"
    assert ctx.get("contract_start") == "2026-05-01"
    assert ctx.facts["tender_deadline"].quote.startswith("Tenders must be received")


def test_dates_from_a_timetable_table(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "| Event | Date |\n|---|---|\n"
        "| Deadline for clarification questions | 10 October 2025 |\n"
        "| Deadline for submission of tenders | 18 October 2025 |\n"
        "| Contract start date | 24 November 2025 |\n"
    ))
    assert ctx.get("clarification_deadline") == "2025-10-10"
    assert ctx.get("tender_deadline") == "2025-10-18"
    assert ctx.get("contract_start") == "2025-11-24"


def test_reply_by_label_on_a_cover_page_is_the_deadline(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("Date: 2 March 2026\n\nReply By: 20 March 2026, 12:00 noon\n\nWe will reply by email."))
    assert ctx.get("tender_deadline") == "2026-03-20"
    answers = context_of(linter, council_itt("Tenders are due on 20 March 2026. We will reply by 9 March 2026 to every question."))
    assert answers.get("tender_deadline") == "2026-03-20"


# --- overrides, json ---


def test_overrides_mark_source_given(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("The estimated contract value is £180,000 including VAT."))
    changed = ctx.with_overrides({"value_total": 900000, "regime": "pcr-2015", "is_it": None})
    assert changed.facts["value_total"].source == GIVEN and changed.get("value_total") == 900000
    assert changed.facts["regime"].source == GIVEN and changed.facts["regime"].quote is None
    assert changed.facts["is_it"].source == FOUND  # None means "not given", so the found fact stays
    assert ctx.get("value_total") == 180000.0  # the original is unchanged
    json = changed.to_json()
    assert json["value_total"] == {"value": 900000, "source": "given", "quote": None, "start": None}


def test_given_value_re_derives_annual_and_threshold(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "The estimated contract value is £100,000 including VAT over an initial term of two (2) years."
    ))
    assert ctx.get("value_annual") == 50000.0 and ctx.get("above_threshold") is False
    changed = ctx.with_overrides({"value_total": "600,000"})
    assert changed.get("value_total") == 600000.0
    assert changed.get("value_annual") == 300000.0  # re-derived from the given total
    assert changed.get("above_threshold") is True
    assert changed.facts["above_threshold"].source == FOUND
    kept = ctx.with_overrides({"value_annual": 10000, "above_threshold": True})
    assert kept.get("value_annual") == 10000 and kept.get("above_threshold") is True  # given facts win


def test_spec_with_solicitation_structure_reads_as_itt_too(linter: Linter) -> None:
    ctx = context_of(linter, (
        "# Statement of Requirements\n\n## Solicitation Schedule\n\nProposals due 3 March 2025.\n\n"
        "## Evaluation Criteria\n\nProposals are scored on approach and price.\n"
    ))
    assert ctx.get("doc_types") == ["SPEC", "ITT"]
    terms = context_of(linter, "# Core Terms\n\n## Award criteria\n\nThe award criteria are in Schedule 2.\n")
    assert terms.get("doc_types") == ["TC"]


def test_response_guidance_in_an_itt_is_not_buyer_guidance(linter: Linter) -> None:
    itt = context_of(linter, council_itt(
        "## How to bid\n\nResponse guidance: answer every question. Read the guidance in each question."
    ))
    assert itt.get("doc_types") == ["ITT"]
    guide = context_of(linter, (
        "# Guidance for buyers\n\nThis guidance explains how to run a further competition. "
        "This document explains the steps buyers take.\n"
    ))
    assert "GUIDE" in guide.get("doc_types")


def test_a_request_for_information_is_market_research_not_an_invitation(linter: Linter) -> None:
    rfi = context_of(linter, (
        "# Request for Information\n\nThis RFI is issued for planning only and is not a solicitation. "
        "Responses to this RFI are due on 3 May. The information may shape any resultant solicitation. "
        "No solicitation exists; the RFI does not commit the agency to a request for proposals.\n"
    ))
    assert rfi.get("doc_types") == ["RFI"]
    # the notice form's field for the solicitation's number does not make the request an invitation
    form = context_of(linter, (
        "SUBJECT*\n\nFleet telematics market research\n\nSOLICITATION NUMBER*\n\n36C10B26Q0999\n\n"
        "# Request for Information\n\nThis RFI is issued for planning only. Responses to this RFI are due on 3 May. "
        "The RFI asks how the market could supply the service.\n"
    ))
    assert form.get("doc_types") == ["RFI"]
    # an invitation that mentions the RFI before it, or bidders' requests for information, stays one
    itt = context_of(linter, council_itt(
        "## Background\n\nAn RFI ran in March. Requests for information about this tender go to the portal."
    ))
    assert "ITT" in itt.get("doc_types")
    body = "This RFI asks the market how the service could be run. " * 40
    report = linter.lint(parse_bytes(f"# Request for Information\n\n{body}\n".encode(), "rfi.md"))
    statuses = {r.rule_id: r.status for r in report.rule_results}
    assert statuses["PP-PROB-002"] == "not_applicable" and statuses["PP-EVAL-001"] == "not_applicable"


def test_a_justification_for_buying_without_competition_invites_no_bids(linter: Linter) -> None:
    """A published sole-source justification records a decision: no value, scope or award criteria to judge."""
    body = (
        "# Justification for Other Than Full and Open Competition\n\n"
        "1. Agency and action. The harbour authority proposes a sole-source order for buoy servicing.\n\n"
        "2. Authority. Only one responsible source can meet the need, as the market survey showed.\n\n"
        "3. Determination. The contracting officer finds the price fair and reasonable.\n"
    )
    ctx = context_of(linter, body)
    assert ctx.get("doc_types") == ["JUSTIFICATION"]
    report = linter.lint(parse_bytes(body.encode(), "jofoc.md"))
    statuses = {r.rule_id: r.status for r in report.rule_results}
    assert statuses["PP-PROB-002"] == "not_applicable" and statuses["PP-EVAL-003"] == "not_applicable"
    # an invitation that mentions the justification for its brand-name item stays an invitation
    filler = "".join(f"## Part {n}\n\nTenders must follow part {n} of these instructions.\n\n" for n in range(1, 6))
    itt = context_of(linter, council_itt(f"{filler}A limited sources justification is posted with this request for the brand-name item."))
    assert "ITT" in itt.get("doc_types") and "JUSTIFICATION" not in itt.get("doc_types")


def test_quotes_are_trimmed(linter: Linter) -> None:
    long_sentence = "The estimated contract value is £180,000 including VAT, " + "and it covers many things " * 30 + "."
    ctx = context_of(linter, council_itt(long_sentence))
    assert len(ctx.facts["value_total"].quote) <= 300


# --- the sample and the corpus ---


def test_sample_council_itt(linter: Linter) -> None:
    ctx = extract_context(linter.analyse(parse_path(SAMPLE)))
    assert ctx.get("value_total") == 180000.0
    assert ctx.get("vat_basis") == "inc"
    assert ctx.get("term_years") == 3.0
    assert ctx.get("extension_years") == 2.0
    assert ctx.get("authority_type") == "sub-central"
    assert ctx.get("regime") == "pa-2023"
    assert ctx.get("procedure") == "open"
    assert ctx.get("doc_types") == ["ITT"]
    assert ctx.get("issue_date") == "2026-03-02"
    assert ctx.get("tender_deadline") == "2026-03-20"
    assert ctx.get("above_threshold") is False
    document = parse_path(SAMPLE)
    fact = ctx.facts["value_total"]
    assert document.text[fact.start :].startswith(fact.quote[:40])


def test_corpus_fm_specification(linter: Linter) -> None:
    ctx = extract_context(linter.analyse(parse_path(CORPUS / "uk-ccs-rm6232-fm-specification.docx")))
    assert ctx.get("regime") in ("pcr-2015", "pa-2023")
    assert {"SPEC", "TC"} & set(ctx.get("doc_types"))
    assert ctx.get("is_it") is False
    assert ctx.get("authority_type") == "central"


def test_corpus_us_sor_is_non_uk_it(linter: Linter) -> None:
    ctx = extract_context(linter.analyse(parse_path(CORPUS / "us-va-vdot-sor-smart-portal.docx")))
    assert ctx.get("regime") == "non-uk"
    assert ctx.get("is_it") is True
    # a statement of requirements with a solicitation schedule and scoring section is answered by bidders
    assert ctx.get("doc_types") == ["SPEC", "ITT"]
    assert ctx.get("tender_deadline") == "2021-05-28"


def test_corpus_alaska_rfp_values(linter: Linter) -> None:
    ctx = extract_context(linter.analyse(parse_path(CORPUS / "us-ak-aries-support-rfp-2021.md")))
    assert ctx.get("regime") == "non-uk"
    assert ctx.get("value_total") == 7_200_000.0 and ctx.get("currency") == "USD"
    assert ctx.get("term_years") == 2.0
    assert ctx.get("doc_types") == ["ITT"]


def test_corpus_pa_2023_tender(linter: Linter) -> None:
    ctx = extract_context(linter.analyse(parse_path(CORPUS / "uk-ccs-gcloud15-how-to-tender.docx")))
    assert ctx.get("regime") == "pa-2023"
    assert ctx.get("is_it") is True
    assert "ITT" in ctx.get("doc_types")
    assert ctx.get("tender_deadline") == "2026-01-30"


def test_issue_date_in_the_timetable_beats_the_cover_date(linter: Linter) -> None:
    ctx = context_of(linter, council_itt(
        "Date: 2 June 2025\n\n| Activity | Date |\n|---|---|\n| ITT issued to bidders | 4 June 2025 |\n"
        "| Tenders must be received by | 20 June 2025 |\n"
    ))
    assert ctx.get("issue_date") == "2025-06-04"
    assert ctx.get("tender_deadline") == "2025-06-20"


@pytest.mark.parametrize("label", ["Posting Date:", "Date posted:", "Posted date:"])
def test_the_date_a_notice_was_posted_is_its_issue_date(linter: Linter, label: str) -> None:
    """A US request for quotes is open from the day it is posted (catalogue §0.5 item 47)."""
    ctx = context_of(linter, council_itt(f"{label} March 3, 2025\n\nQuotes are due no later than noon on March 14, 2025."))
    assert ctx.get("issue_date") == "2025-03-03"
    answers = council_itt("Answers will be posted on March 10, 2025.\n\nQuotes are due no later than noon on March 14, 2025.")
    assert context_of(linter, answers).get("issue_date") != "2025-03-10"


def test_response_period_relative_to_issue(linter: Linter) -> None:
    ctx = context_of(linter, council_itt("Offers must be returned within 5 working days of the issue of this invitation."))
    assert ctx.get("response_period") == "5 working days"
    assert context_of(linter, council_itt("Invoices are paid within 30 days of receipt.")).get("response_period") is None


def test_a_dated_cover_gives_the_issue_date(linter: Linter) -> None:
    """A date standing at the top, alone or before letterhead fields, is when the document was issued."""
    letter = "# Request for Quotation\n\nMarch 30th, 2016\nIn Reply Refer To: ID0916\n\nQuotations must be received by April 8, 2016 at 7 PM (EDT).\n"
    found = context_of(linter, letter)
    assert found.get("issue_date") == "2016-03-30" and found.get("tender_deadline") == "2016-04-08"
    period = "# Maintenance contract\n\n1 April 2026 to 31 March 2027\n\nTenders are due by 12 May 2025.\n"
    assert context_of(linter, period).get("issue_date") is None
    named = "# Invitation to tender\n\n2 February 2025\n\nThis invitation was issued on 3 March 2025.\n"
    assert context_of(linter, named).get("issue_date") == "2025-03-03"  # a named issue date wins




def test_a_letter_date_before_its_subject_line_is_the_issue_date(linter: Linter) -> None:
    """Plain text joins a letterhead into one paragraph; the date before "SUBJECT:" is still the letter's."""
    letter = (
        "Regional Parks Office\nHarbour Road\nLakeside, WA 98001-1234\n6/22/2026\n"
        "SUBJECT: Request for Quotation 77-PK-12. Boat hire for the summer season\n\n"
        "Quotes for the boats listed in the schedule of this RFQ are due by 6/30/2026 by 2:00 p.m. PT.\n"
    )
    found = context_of(linter, letter)
    assert (found.get("issue_date"), found.get("tender_deadline")) == ("2026-06-22", "2026-06-30")
    unlabelled = letter.replace("SUBJECT:", "The subject is")
    assert context_of(linter, unlabelled).get("issue_date") is None

def test_a_due_label_on_the_cover_gives_the_deadline_and_the_later_bare_date_the_issue(linter: Linter) -> None:
    cover = (
        "| | Borough logo |\n\n# Request for proposals: payroll review\n\nDue:\n\nApril 14, 2026\n\n"
        "Time: 2:00 p.m.\n\n---\n\nMarch 20, 2026\n\n# Request for proposal\n\nThe Borough seeks proposals.\n"
    )
    ctx = context_of(linter, cover)
    assert (ctx.get("issue_date"), ctx.get("tender_deadline")) == ("2026-03-20", "2026-04-14")


def test_a_date_issued_field_outranks_a_law_about_what_was_issued(linter: Linter) -> None:
    """A wage schedule's "solicitation was issued on or after 1 January 2015" is a condition of a law."""
    pack = (
        "# Attachment 3: wage schedule\n\nThis schedule applies to contracts awarded (and any solicitation was issued)"
        " on or after January 1, 2015.\n\nRates were issued by the Department on 20 May 2017 for this area.\n\n"
        "# Solicitation, offer and award\n\nISSUED BY: Harbour Court DATE ISSUED: March 30, 2026 PAGE 1 OF 40\n\n"
        "Proposals must be received no later than April 24, 2026.\n"
    )
    assert context_of(linter, pack).get("issue_date") == "2026-03-30"


def test_a_timetable_run_into_one_sentence_gives_both_deadlines(linter: Linter) -> None:
    """Plain text can join a cover's timetable rows: the questions' date, then the bids' own."""
    cover = council_itt(
        "Questions Due:\nApril 2, 2026 @ 3:00 p.m.\nBid Due Date and Time:\nApril 20, 2026 @ 2:00 p.m.\nTerm: two years"
    )
    ctx = context_of(linter, cover)
    assert (ctx.get("clarification_deadline"), ctx.get("tender_deadline")) == ("2026-04-02", "2026-04-20")
    # questions about the bids, with one date, are still only the questions' deadline
    about = context_of(linter, council_itt("Questions about bids must be received no later than April 2, 2026."))
    assert about.get("clarification_deadline") == "2026-04-02" and about.get("tender_deadline") is None


def test_deadlines_for_submittals_and_statements_of_qualifications(linter: Linter) -> None:
    for body in (
        "Statements of qualifications are due Friday, May 8, 2026 by 1:00 PM.",
        "Firms should submit their proposal through the supplier portal on or before 10:00am on May 8, 2026.",
        "SUBMITTAL DEADLINE: May 8, 2026 at 1:00 PM",
    ):
        assert context_of(linter, council_itt(body)).get("tender_deadline") == "2026-05-08", body


# --- timetables ---


def test_a_timetable_with_its_date_column_first(linter: Linter) -> None:
    table = (
        "| Step | Date | Event |\n|---|---|---|\n"
        "| 1 | March 2, 2026 | Invitation released |\n"
        "| 2 | March 9, 2026 | Questions due |\n"
        "| 3 | March 30, 2026 | Tenders due |\n"
    )
    context = context_of(linter, council_itt(table))
    assert context.get("issue_date") == "2026-03-02"
    assert context.get("clarification_deadline") == "2026-03-09"
    assert context.get("tender_deadline") == "2026-03-30"
    assert "Tenders due" in context.facts["tender_deadline"].quote  # the quote names what the date is


def test_a_label_first_timetable_is_not_read_across_rows(linter: Linter) -> None:
    # the date of one row and the label of the next must not be paired
    table = (
        "| Event | Date |\n|---|---|\n"
        "| Questions due | 9 March 2026 |\n"
        "| Tenders due | 30 March 2026 |\n"
    )
    context = context_of(linter, council_itt(table))
    assert context.get("clarification_deadline") == "2026-03-09"
    assert context.get("tender_deadline") == "2026-03-30"


def test_a_declaration_on_honour_is_a_questionnaire_not_an_invitation(linter: Linter) -> None:
    ctx = context_of(linter, (
        "# Declaration on honour\n\nThe undersigned declares that the person is not in any of the exclusion "
        "situations listed below and meets the selection criteria of the procedure.\n"
    ))
    assert ctx.get("doc_types") == ["SQ"]


def test_an_attachment_or_addendum_names_itself_at_the_top(linter: Linter) -> None:
    for top in (
        "Enclosure 2 Background and Statement of Objectives",
        "Request for Proposals No. 2026-04 Addendum 01 - Questions and Answers",
        "Attachment B - Pricing Schedule",
    ):
        ctx = context_of(linter, f"{top}\n\nThe work is described below.\n")
        assert ctx.get("attachment") is True, top
    for top in (
        "Attachment 2 - How to Bid, including the evaluation criteria",  # the part that is the invitation
        "# Invitation to Tender\n\nContents\n\nAttachment 1 ........ 4",  # a contents line, not the title
    ):
        assert context_of(linter, f"{top}\n\nThe work is described below.\n").get("attachment") is None, top


def test_a_package_that_opens_with_an_attachment_but_holds_the_invitation(linter: Linter) -> None:
    body = "The work is described below.\n\nThe Contractor shall keep records.\n\n"
    package = f"Attachment 1\n\nData protection terms\n\n{body}"
    assert context_of(linter, package).get("attachment") is True
    for heading in ("INSTRUCTIONS TO OFFERORS", "Evaluation factors", "Basis for award"):
        assert context_of(linter, f"{package}{heading}\n\nOffers are due on 4 May.\n").get("attachment") is None, heading
    # a sentence that mentions the request for proposals is not a heading of one
    long_line = "This attachment forms part of the Request for Proposals and should be read with the rest of it, " * 2
    assert context_of(linter, f"{package}{long_line}\n").get("attachment") is True


def test_a_surveillance_or_quality_assurance_plan_is_a_contract_schedule(linter: Linter) -> None:
    """Read after award, it is judged for what it says, not for what an invitation should hold."""
    later = "\n\nEvaluation criteria\n\nEach service is rated monthly against its standard.\n"
    for top in (
        "QUALITY ASSURANCE PLAN Cleaning Services I. Objective: the plan sets how the officer checks the work.",
        "Quality Assurance Surveillance Plan (QASP) for Grounds Maintenance",
        "Draft Award Fee Plan",
        "Software Quality Assurance Plan submitted to the Agency",
        # a file name standing as the title, and a plan named with its owner's initials
        "1930_Quality_Assurance_Plan_QASP_for_Depot_Cleaning",
        "HMRC's Quality Assurance Surveillance Plan for Courier Services",
    ):
        ctx = context_of(linter, f"{top}{later}")
        assert ctx.get("attachment") is True and ctx.get("lone_schedule") is True, top
    # a specification that mentions its plan further down is not one
    spec = "Statement of Work for Grounds Maintenance\n\nThe contractor shall follow the Quality Assurance Surveillance Plan.\n"
    assert context_of(linter, spec).get("attachment") is None and context_of(linter, spec).get("lone_schedule") is None
    offer = "Offerors Quality Assurance Plan must be sent with the proposal.\n\nThe plan is scored.\n"
    assert context_of(linter, offer).get("attachment") is None
    # nor is it judged for what a specification or the contract terms should hold (items 14 and 15)
    body = "The contractor shall develop new software and mow each site as the officer directs. " * 120
    report = linter.lint(parse_bytes(f"Quality Assurance Surveillance Plan\n\n{body}\n".encode(), "qasp.md"))
    statuses = {r.rule_id: r.status for r in report.rule_results}
    assert {statuses[rule] for rule in ("PP-PROB-001", "PP-PROB-003", "PP-TECH-006", "PP-TECH-007")} == {"not_applicable"}


def test_clause_headings_with_an_ampersand_or_confidential_information(linter: Linter) -> None:
    headings = ["BILLING & PAYMENT", "INSURANCE", "POLICIES AND CONFIDENTIALITY", "CONFIDENTIAL INFORMATION",
                "INDEMNIFICATION", "GOVERNING LAW"]
    terms = "# General terms\n\n" + "".join(f"## {n}. {h}\n\nThe parties agree.\n\n" for n, h in enumerate(headings, 1))
    assert context_of(linter, terms).get("has_terms") is True
    assert context_of(linter, "# General terms\n\n" + "".join(
        f"## {n}. {h}\n\nThe parties agree.\n\n" for n, h in enumerate(headings[2:], 1))).get("has_terms") is None


def test_lettered_clause_titles_run_into_the_text_mark_terms(linter: Linter) -> None:
    # a PDF conversion of US commercial-item terms: the clause titles sit inside one long paragraph
    clauses = ["Inspection/Acceptance", "Assignment", "Disputes", "Invoice", "Payment", "Termination for cause",
               "Warranty", "Limitation of liability"]
    running = " ".join(f"({chr(97 + i)}) {c}. The parties agree on this point in some detail." for i, c in enumerate(clauses))
    assert context_of(linter, f"# Contract terms\n\n{running}\n").get("has_terms") is True
    # the same words inside sentences, not as lettered titles, are no terms
    prose = " ".join(f"The bid explains how {c.lower()} works for them." for c in clauses)
    assert context_of(linter, f"# Request for proposals\n\n{prose}\n").get("has_terms") is None


def test_a_statement_of_need_or_of_objectives_is_a_specification(linter: Linter) -> None:
    body = "".join(f"Task {n}: the contractor keeps the public websites current and accessible.\n\n" for n in range(6))
    for title in ("Statement of Need (SON) for the web team", "Statement of Objectives"):
        assert context_of(linter, f"# {title}\n\n{body}").get("doc_types") == ["SPEC"], title



def test_an_invitation_that_is_mostly_its_specification_is_still_an_invitation(linter: Linter) -> None:
    spec = "".join(f"Task {n} of the performance work statement is set out in this specification.\n\n" for n in range(120))
    asked = "".join(f"Offerors shall answer point {n} of this solicitation in their proposal.\n\n" for n in range(45))
    few = "".join(f"Offerors shall answer point {n} of this solicitation in their proposal.\n\n" for n in range(5))
    assert set(context_of(linter, "# Performance Work Statement\n\n" + spec + asked).get("doc_types")) == {"SPEC", "ITT"}
    assert context_of(linter, "# Performance Work Statement\n\n" + spec + few).get("doc_types") == ["SPEC"]


def test_solicitations_named_as_the_works_subject_do_not_make_a_specification_an_invitation(linter: Linter) -> None:
    """An acquisition-support specification names solicitations throughout without being one."""
    spec = "".join(f"Task {n} of the performance work statement is set out in this specification.\n\n" for n in range(8))
    tasks = "".join(
        f"Prepare solicitation documents and solicitation amendments for buying office {n}; keep the solicitation files.\n\n"
        "Support the drafting of Requests for Quotations (RFQs), Request for Proposals (RFPs) and solicitation-related reviews.\n\n"
        for n in range(10)
    )
    assert context_of(linter, "# Performance Work Statement\n\n" + spec + tasks).get("doc_types") == ["SPEC"]
    # the same number of mentions naming this document make it an invitation too
    own = "".join(f"Offerors shall answer point {n} of this solicitation in their proposal.\n\n" for n in range(38))
    assert set(context_of(linter, "# Performance Work Statement\n\n" + spec + own).get("doc_types")) == {"SPEC", "ITT"}
