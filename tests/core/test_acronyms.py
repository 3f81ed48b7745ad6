"""Acronyms a document never spells out (catalogue §0.5 items 10 and 65), and PP-DOC-001's limb."""

from __future__ import annotations

import pytest

from tenderlint.acronyms import undefined_acronyms
from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes


def _undefined(text: str) -> list[str]:
    return [a.text for a in undefined_acronyms(parse_bytes(text.encode(), "doc.md"))]


USES = "The QRTE report is due monthly. Send the QRTE report to the team."


@pytest.mark.parametrize(
    "definition",
    [
        "Quarterly Reporting Template Extract (QRTE) is our own format.",  # expansion, then the acronym
        "The QRTE (quarterly reporting template extract) is our own format.",  # acronym, then expansion
        "QRTE means the quarterly reporting template extract.",
        "The report follows the Quarterly Reporting Template Extract.",  # the initials, capitalised
        "- QRTE: quarterly reporting template extract",  # a glossary line
        '"QRTE" stands for quarterly reporting template extract.',
    ],
)
def test_an_acronym_spelt_out_anywhere_is_defined(definition: str) -> None:
    assert _undefined(f"# Terms\n\n{USES}\n\n{definition}\n") == []


def test_a_glossary_table_defines_its_acronyms() -> None:
    table = "| Term | Meaning |\n|---|---|\n| QRTE | quarterly reporting template extract |\n"
    assert _undefined(f"# Glossary\n\n{table}\n{USES}\n") == []


def test_an_acronym_used_twice_and_never_spelt_out_is_undefined() -> None:
    assert _undefined(f"# Terms\n\n{USES}\n") == ["QRTE"]
    assert _undefined("# Terms\n\nThe QRTE report is due monthly.\n") == []  # once is not enough


def test_acronyms_side_by_side_or_parted_by_a_slash_are_each_counted() -> None:
    text = (
        "Firms that are QRB/WRB certified may say so. A QRB/WRB firm scores no more. "
        "Each crew holds a KLA PRW card. Send the KLA PRW card with the bid.\n"
    )
    assert sorted(_undefined(f"# Terms\n\n{text}")) == ["KLA", "PRW", "QRB", "WRB"]


@pytest.mark.parametrize(
    "text",
    [
        "You must NOT send paper. Do NOT post it.",  # emphasis: "not" is also an ordinary word here
        "SIGN AND RETURN THIS FORM. SIGN AND RETURN THIS FORM.",  # words set in capitals
        "Prices exclude VAT. VAT is added at the standard rate. Send a PDF or a PDF/A file.",  # universal
        "See Part III. Part III sets the rules.",  # Roman numerals
        "Lots are listed in Section 4. SECTION 4 has the lots.",  # a word the document also writes plainly
        "Pay in USD. All USD prices are firm.",  # currency codes
        "Bids close on 3 JUNE. Nothing is accepted after 3 JUNE.",  # a month set in capitals
    ],
)
def test_what_is_not_an_undefined_acronym(text: str) -> None:
    assert _undefined(f"# Terms\n\n{text}\n") == []


def _doc001(text: str) -> list[str]:
    report = Linter().lint(parse_bytes(text.encode(), "spec.md"))
    return [f.message for f in report.findings if f.rule_id == "PP-DOC-001"]


FILLER = " ".join(["The service is delivered at each site during normal working hours by trained staff."] * 90)


def test_four_undefined_acronyms_make_a_finding_three_do_not() -> None:
    four = "Use the WQMS and the BRPT tools. Update WQMS and BRPT weekly. Log DLXR and ZKTV events. DLXR and ZKTV are audited."
    three = "Use the WQMS and the BRPT tools. Update WQMS and BRPT weekly. Log DLXR events. DLXR logs are audited."
    (message,) = _doc001(f"# Specification\n\n{four}\n\n{FILLER}\n")
    assert "4 acronyms" in message and "WQMS (2 uses)" in message
    assert _doc001(f"# Specification\n\n{three}\n\n{FILLER}\n") == []


def test_the_invitations_own_name_counts_when_never_spelt_out() -> None:
    """Amendment 65 treats only UK, EU, IT, PDF, VAT and currency codes as universal; "RFP" is not."""
    uses = "Answer every part of this RFP. Late replies to the RFP are refused."
    assert _undefined(f"# Terms\n\n{uses}\n") == ["RFP"]
    assert _undefined(f"# Terms\n\nThis Request for Proposals (RFP) is open. {uses}\n") == []


def test_an_acronym_closed_by_a_capitalised_word_counts_and_a_suffix_does_not() -> None:
    uses = "Certified QRBZone firms may bid. A QRBZone firm is scored the same. Use RESTful calls. RESTful calls are logged."
    assert _undefined(f"# Terms\n\n{uses}\n") == ["QRBZone"]
    assert _undefined(f"# Terms\n\nQuality Rated Business Zone rules apply. {uses}\n") == []


def test_initials_that_keep_the_small_words_spell_out_only_a_whole_run() -> None:
    assert _undefined("# Request for Quotation\n\nAnswer this RFQ in full. Late replies to the RFQ fail.\n") == []
    # "ROF" lies inside QROFT, the initials of the whole run with "of", but is not all of it
    uses = "Send the ROF form. The ROF form is checked."
    assert _undefined(f"# Terms\n\nThe Quarterly Report of Finance Teams is annual. {uses}\n") == ["ROF"]
