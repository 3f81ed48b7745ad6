"""The role reader: who must do what in a sentence, and the rules that judge only demands."""

from __future__ import annotations

import pytest

from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes
from tenderlint.roles import Role, classify


@pytest.mark.parametrize(
    "text, role",
    [
        # demands on bidders or the supplier, however phrased
        ("Bidders must have a minimum annual turnover of £2,000,000.", Role.DEMAND),
        ("The Contractor shall maintain public liability cover of £10m.", Role.DEMAND),
        ("Tenders must be delivered to the reception desk by noon.", Role.DEMAND),
        ("Insurance cover of £10m is required.", Role.DEMAND),
        ("Provide evidence of employer's liability cover of £5m.", Role.DEMAND),
        ("Minimum turnover: £2m", Role.DEMAND),
        ("The Authority will require bidders to hold cover of £5m.", Role.DEMAND),
        ("In line with our financial rules every contractor is required to provide audited accounts.", Role.DEMAND),
        ("The Supplier shall comply with the Data Protection Act 2018.", Role.DEMAND),
        ("In accordance with the Regulations, the Supplier shall pay its subcontractors within 30 days.", Role.DEMAND),
        # the buyer's own commitments and rights
        ("The Council will pay valid invoices within 30 days.", Role.BUYER),
        ("We reserve the right to amend the timetable.", Role.BUYER),
        ("The County may cancel this solicitation at any time.", Role.BUYER),
        # a negative opening puts the subject after the modal
        ("In no event shall the Council be liable for loss of profit.", Role.BUYER),
        ("Under no circumstances will the Province be responsible for late deliveries.", Role.BUYER),
        ("In no event shall the Supplier subcontract the helpdesk.", Role.DEMAND),
        ("Canada's liability to the Contractor must not exceed the Contract Price.", Role.BUYER),
        # definitions
        ("A small business means an enterprise whose turnover does not exceed £10.2 million.", Role.DEFINITION),
        ('"Micro Entity" means a company with a turnover below £632,000.', Role.DEFINITION),
        ("Contract Year shall have the meaning given in Schedule 1.", Role.DEFINITION),
        # the second cell of a definitions table, the term being in the cell before
        ("means the list of services in Annex 2, as the Authority may amend it from time to time.", Role.DEFINITION),
        ("Means of access to the site shall be agreed with the Council.", Role.STATEMENT),
        ("“Deliverables” (or “Goods”) is defined as anything supplied under the Contract.", Role.DEFINITION),
        # the law, or people outside this tender
        ("Under the Companies Act, a company with a turnover of more than £36 million must publish a report.", Role.LAW),
        ("Organisations with a turnover of £36m or more must publish a statement under section 54 of the Modern Slavery Act 2015.", Role.LAW),
        ("The Regulations require contracting authorities to pay within 30 days.", Role.LAW),
        ("Section 54 provides that large businesses report annually.", Role.LAW),
        # what a named law provides, whoever it binds: a statute's payment clock is not this tender's
        ("HRS Section 103-10, provides that the State shall have thirty (30) days after receipt of invoice to pay.", Role.LAW),
        ("RCW 39.76.011 provides that the agency shall pay interest on late payments.", Role.LAW),
        ("The Act requires that employers must pay the living wage.", Role.LAW),
        # examples
        ("For example, a supplier with a turnover of £5m could bid.", Role.EXAMPLE),
        ("E.g. a bidder may hold cover of £1m per claim.", Role.EXAMPLE),
        # near misses
        ("This means that bidders must hold insurance.", Role.DEMAND),
        ("By means of this tender the Council seeks a partner.", Role.STATEMENT),
        ("The service runs from 8am to 6pm on weekdays.", Role.STATEMENT),
        # a section of this tender, or a standard, that "provides that" states this tender's own demand
        ("Section 5 provides that the Supplier shall pay within 30 days.", Role.DEMAND),
        ("ISO 9001 requires that the supplier must keep records.", Role.DEMAND),
        ("The Contractor shall comply with the Act, which provides that records must be kept.", Role.DEMAND),
    ],
)
def test_roles(text: str, role: Role) -> None:
    assert classify(text) is role


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def _fired(linter: Linter, text: str, rule: str) -> list[str]:
    document = parse_bytes(text.encode(), "notice.md")
    report = linter.lint(document, facts={"value_total": 250000, "value_annual": 125000})
    return [f.quote for f in report.findings if f.rule_id == rule]


def test_a_turnover_figure_from_another_law_or_a_definition_is_not_a_minimum(linter: Linter) -> None:
    text = (
        "# Invitation to tender\n\n"
        "Under the Companies Act, a company with a turnover of more than £36 million must publish a report.\n\n"
        "A small business means an enterprise whose annual turnover does not exceed £10.2 million.\n\n"
        "For example, a firm with a turnover of £5 million would qualify.\n"
    )
    assert _fired(linter, text, "PP-PROP-001") == []


def test_a_turnover_demand_still_fires_in_every_phrasing(linter: Linter) -> None:
    for demand in (
        "Bidders must have a minimum annual turnover of £2,000,000.",
        "A minimum annual turnover of £2m is required.",
        "Minimum turnover: £2,000,000",
    ):
        quotes = _fired(linter, f"# Invitation to tender\n\n{demand}\n", "PP-PROP-001")
        assert quotes, demand


def _submission_listed(text: str) -> dict[str, bool]:
    """Each sentence of the text, and whether it reads as an item of a list of what bids must contain."""
    from tenderlint.roles import in_submission_list

    analysis = Linter().analyse(parse_bytes(text.encode(), "itt.md"))
    return {s.text: in_submission_list(analysis, s) for s in analysis.sentences}


def test_submission_lists_are_recognised_by_their_heading_or_lead_in() -> None:
    listed = _submission_listed(
        "# Submission checklist\n\n- Certificate of insurance\n- Evidence of financial stability\n\n"
        "# Background\n\n- The service started in 2019.\n\n"
        "Your tender must include the following:\n\n- A method statement.\n"
    )
    assert listed["Certificate of insurance"] and listed["Evidence of financial stability"]
    assert listed["A method statement."]
    assert not listed["The service started in 2019."]


def test_what_an_invoice_must_show_is_not_a_list_of_bid_contents() -> None:
    listed = _submission_listed(
        "# Payment\n\nInvoices shall include the following information:\n\n- The order number.\n"
        "- A signed certificate of completion.\n\n"
        "# Tender\n\nYour tender must include the following:\n\n- A signed certificate of insurance.\n"
    )
    assert not listed["A signed certificate of completion."]
    assert listed["A signed certificate of insurance."]


def test_what_only_the_chosen_bidder_or_a_bidder_asked_sends_is_not_a_list_of_bid_contents() -> None:
    """Catalogue item 34: evidence from the successful bidder, or on request, is not asked of every bid."""
    listed = _submission_listed(
        "# Partners\n\nIf a bid naming partners is selected, the bidder must provide the following within "
        "three days of the council's request:\n\n- Proof that each partner holds a trading licence.\n\n"
        "The successful bidder must send the following:\n\n- A copy of its insurance certificate.\n\n"
        "# Tender\n\nYour tender must include the following:\n\n- A copy of your trading licence.\n"
    )
    assert not listed["Proof that each partner holds a trading licence."]
    assert not listed["A copy of its insurance certificate."]
    assert listed["A copy of your trading licence."]


def test_criteria_announced_before_a_note_still_mark_their_items_as_scored() -> None:
    from tenderlint.roles import in_scored_section

    linter = Linter()
    text = (
        "# Proposal\n\n"
        "Each proposal will be evaluated using the following criteria, in descending order of importance.\n\n"
        "Incomplete proposals may be set aside.\n\n"
        "1. Approach - how the work will be organised.\n\n"
        "2. Company profile - the firm's corporate history and years in business.\n\n"
        "# Insurance\n\n"
        "3. Cover - the policies held.\n\n"
        "# Selection\n\n"
        "The panel shall take into consideration the following technical factors.\n\n"
        "A. Experience of the firm on similar work.\n\n"
        "# Background\n\n"
        "The following sections describe the site.\n\n"
        "1. The depot was built in 1970.\n"
    )
    analysis = linter.analyse(parse_bytes(text.encode(), "rfp.md"))
    scored = {s.text: in_scored_section(analysis, s) for s in analysis.sentences}
    assert scored["Company profile - the firm's corporate history and years in business."]  # Markdown drops "2."
    assert scored["A. Experience of the firm on similar work."]
    assert not scored["Cover - the policies held."]  # a heading ends the announced list
    assert not scored["The depot was built in 1970."]  # "following" alone announces no criteria
    assert not scored["Incomplete proposals may be set aside."]  # not an item


def test_a_company_attribute_in_announced_award_criteria_is_flagged() -> None:
    linter = Linter()
    text = (
        "# Invitation to tender\n\n## How we choose\n\n"
        "Offers will be scored against the following criteria, each worth a third.\n\n"
        "Late offers are not opened.\n\n"
        "- Quality of the method statement\n"
        "- Number of years the firm has been in business\n"
    )
    report = linter.lint(parse_bytes(text.encode(), "itt.md"))
    assert any(f.rule_id == "PP-EVAL-005" for f in report.findings)


def test_a_turnover_threshold_under_selection_criteria_is_not_an_award_score() -> None:
    text = (
        "# Invitation to tender\n\n## Selection criteria\n\n"
        "Bidders must demonstrate a minimum annual turnover of £400,000 in each of the last three years.\n"
    )
    report = Linter().lint(parse_bytes(text.encode(), "itt.md"))
    assert not any(f.rule_id == "PP-EVAL-005" for f in report.findings)


def _roles_by_text(linter: Linter, text: str) -> dict[str, Role]:
    from tenderlint.roles import sentence_role

    analysis = linter.analyse(parse_bytes(text.encode(), "template.md"))
    return {s.text: sentence_role(analysis, s) for s in analysis.sentences}


def test_drafting_guidance_inside_a_template_bracket_is_guidance(linter: Linter) -> None:
    text = (
        "# Statement of requirements\n\n"
        "Key staff: [Insert the qualifications of each key role, for example: The lead must hold a "
        "PRINCE2 certificate. The analyst must have 12 years' experience.]\n\n"
        "The supplier must answer calls within one hour.\n\n"
        "The supplier must be open between [Insert the hours] on weekdays.\n"
    )
    roles = _roles_by_text(linter, text)

    def role(part: str) -> Role:
        (found,) = [r for sentence, r in roles.items() if part in sentence]
        return found

    assert role("The lead must hold a PRINCE2 certificate.") is Role.GUIDANCE  # opens the bracket, runs on in it
    assert role("The analyst must have 12 years' experience.") is Role.GUIDANCE  # wholly inside it
    assert role("The supplier must answer calls within one hour.") is Role.DEMAND
    assert role("The supplier must be open between [Insert the hours] on weekdays.") is Role.DEMAND


def test_a_bracket_that_is_not_guidance_changes_no_role(linter: Linter) -> None:
    text = "# Terms\n\n[Note: clause 4 was revised. The supplier must hold cover of £1m.]\n"
    assert Role.GUIDANCE not in _roles_by_text(linter, text).values()


def test_rules_do_not_judge_guidance_but_placeholders_are_still_reported(linter: Linter) -> None:
    text = (
        "# Invitation to tender\n\n"
        "Experience: [Insert what the role needs. The manager must have at least 15 years' experience in housing.]\n"
    )
    assert _fired(linter, text, "PP-PROP-007") == []
    assert _fired(linter, text, "PP-PROC-009")
