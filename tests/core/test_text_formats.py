"""Plain text, Markdown and HTML keep headings, sections, clauses, lists and tables."""

from __future__ import annotations

from tenderlint.model import BlockKind
from tenderlint.parse import parse_bytes

PLAIN = b"""INVITATION TO TENDER

1. INTRODUCTION

The Council invites tenders for a parking sensor network.

2. PAYMENT TERMS

2.1 Invoices

The Council will pay valid invoices within 30 days.
(a) invoices must quote a purchase order;
(b) invoices must be sent electronically.
"""


def test_plain_text_headings_sections_and_clauses() -> None:
    document = parse_bytes(PLAIN, "itt.txt")
    assert document.format == "text"
    headings = [b.text for b in document.blocks if b.kind is BlockKind.HEADING]
    assert headings == ["INVITATION TO TENDER", "1. INTRODUCTION", "2. PAYMENT TERMS", "2.1 Invoices"]
    pay = next(b for b in document.blocks if "within 30 days" in b.text)
    assert pay.section == ("INVITATION TO TENDER", "2. PAYMENT TERMS", "2.1 Invoices")
    assert [b.kind for b in document.blocks[-2:]] == [BlockKind.LIST_ITEM, BlockKind.LIST_ITEM]
    assert next(b for b in document.blocks if b.text == "2.1 Invoices").clause == "2.1"


def test_offsets_point_into_the_full_text() -> None:
    document = parse_bytes(PLAIN, "itt.txt")
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text
        assert document.block_at(block.start) == block
        assert document.block_at(block.end - 1) == block


MARKDOWN = b"""# Statement of requirements

## 3. Scope

The supplier must host the **platform** in the [UK](https://example.org).

- item one
  continues here
- item two

| Criterion | Weight |
|-----------|--------|
| Quality   | 60%    |
| Price     | 40%    |

### 3.1 Security
Text under security.
"""


def test_markdown_structure() -> None:
    document = parse_bytes(MARKDOWN, "sor.md")
    assert document.format == "markdown"
    kinds = [b.kind for b in document.blocks]
    assert kinds.count(BlockKind.HEADING) == 3
    para = next(b for b in document.blocks if b.text.startswith("The supplier"))
    assert para.text == "The supplier must host the platform in the UK."
    assert para.section == ("Statement of requirements", "3. Scope")
    items = [b.text for b in document.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == ["item one continues here", "item two"]
    cells = [(b.cell.row, b.cell.col, b.text) for b in document.blocks if b.cell]
    assert cells == [(0, 0, "Criterion"), (0, 1, "Weight"), (1, 0, "Quality"), (1, 1, "60%"), (2, 0, "Price"), (2, 1, "40%")]
    last = document.blocks[-1]
    assert last.section == ("Statement of requirements", "3. Scope", "3.1 Security")


def test_html_structure_and_script_is_ignored() -> None:
    page = b"""<!doctype html><html><head><title>ITT</title><script>alert('x')</script></head>
    <body><h1>Tender</h1><h2>4.2 Liability</h2><p>The Supplier&#39;s liability is unlimited.</p>
    <table><tr><td>a</td><td>b</td></tr></table></body></html>"""
    document = parse_bytes(page, "itt.html")
    assert document.metadata["title"] == "ITT"
    assert "alert" not in document.text
    liability = next(b for b in document.blocks if "unlimited" in b.text)
    assert liability.section == ("Tender", "4.2 Liability")
    assert liability.text == "The Supplier's liability is unlimited."
    assert [b.text for b in document.blocks if b.kind is BlockKind.TABLE_CELL] == ["a", "b"]


def test_html_entities_are_not_expanded_beyond_the_standard_ones() -> None:
    hostile = b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><html><body><p>&b;&b;</p></body></html>'
    document = parse_bytes(hostile, "x.html")
    assert len(document.text) < 100


def test_markdown_entities_read_as_the_characters_they_show() -> None:
    """'&lt;insert link&gt;' in Markdown source is the '<insert link>' a reader sees (a template placeholder)."""
    from tenderlint.parse import parse_bytes

    document = parse_bytes(b"# Questions\n\nRaise issues at &lt;insert link&gt; &amp; by email.\n", "itt.md")
    assert "Raise issues at <insert link> & by email." in document.text


def test_prose_a_converter_marked_as_headings_line_by_line_is_a_paragraph() -> None:
    wrapped = (
        "### Special instructions\n\n"
        "### Bids that reach the office after the closing hour on the cover page are late and will be set aside unless\n\n"
        "### no other bid came in. Any questions will be due no later than noon on 14 July, and suppliers\n\n"
        "### Should email them to the officer named on the cover so that every firm sees the same answers.\n\n"
        "## 1. Scope\n\n### 1.1 Background\n\nThe buyer runs three sites.\n"
    )
    doc = parse_bytes(wrapped.encode(), "rfq.md")
    kinds = [(b.kind, b.text[:24]) for b in doc.blocks]
    assert kinds[0] == (BlockKind.HEADING, "Special instructions")
    assert kinds[1][0] is BlockKind.PARAGRAPH and "Any questions will be due" in doc.blocks[1].text
    assert doc.blocks[1].text.endswith("every firm sees the same answers.")
    # real headings, numbered or short, stay headings
    assert (BlockKind.HEADING, "1. Scope") in kinds and (BlockKind.HEADING, "1.1 Background") in kinds


# Text converted from PDF writes symbol-font bullets as "o" or a private-use glyph at the start of
# each line, with no blank line between the items.
CONVERTED_LIST = """The drawing set shall show:
o Project name and address
o Drawing scale and north arrow
\uf0b7 Sheet title and number
Provide one printed copy of each sheet.
"""


def test_glyph_bullets_in_converted_markdown_start_list_items() -> None:
    document = parse_bytes(CONVERTED_LIST.encode(), "sow.md")
    texts = [(b.kind, b.text) for b in document.blocks]
    assert texts[0] == (BlockKind.PARAGRAPH, "The drawing set shall show:")
    assert texts[1] == (BlockKind.LIST_ITEM, "o Project name and address")
    assert texts[2] == (BlockKind.LIST_ITEM, "o Drawing scale and north arrow")
    # the item runs on until the next marker: a line without one is not known to start anew
    assert texts[3] == (BlockKind.LIST_ITEM, "\uf0b7 Sheet title and number Provide one printed copy of each sheet.")


def test_glyph_bullets_in_plain_text_and_a_lower_case_o_in_prose() -> None:
    items = [b.text for b in parse_bytes(CONVERTED_LIST.encode(), "sow.txt").blocks if b.kind is BlockKind.LIST_ITEM]
    assert items[:2] == ["o Project name and address", "o Drawing scale and north arrow"]
    prose = b"The supplier shall report monthly on\no the number of visits\nand on complaints.\n"
    blocks = parse_bytes(prose, "sow.md").blocks
    assert [b.kind for b in blocks] == [BlockKind.PARAGRAPH]  # "o the" is not a bullet: small letter after it


LETTERED = """The consultant will review the business:
           a.     Review the current plan and the funding
                  sources for entering the market.
           b.     Recommend capital needs, including alternate
                  financing options.
A. Smith will chair the panel and the team will
report monthly.
"""


def test_lettered_items_in_converted_text_start_list_items() -> None:
    for name in ("rfp.md", "rfp.txt"):
        blocks = [(b.kind, b.text) for b in parse_bytes(LETTERED.encode(), name).blocks]
        items = [text for kind, text in blocks if kind is BlockKind.LIST_ITEM]
        assert items[:2] == [
            "a. Review the current plan and the funding sources for entering the market.",
            # a capital "A." opens no item (an initial): the item runs on, as after a glyph bullet
            "b. Recommend capital needs, including alternate financing options. A. Smith will chair the panel"
            " and the team will report monthly.",
        ], name


def test_one_letter_and_a_full_stop_alone_is_not_a_list() -> None:
    prose = b"The panel is chaired by\nA. Smith, who reports to the board\nevery month.\n"
    for name in ("note.md", "note.txt"):
        assert [b.kind for b in parse_bytes(prose, name).blocks] == [BlockKind.PARAGRAPH], name


DUMPED = """Proposals are due on 3 March.
Page 4 of 12
SECTION IV - INSURANCE
Include evidence of cover in the proposal for each checked category.
The supplier shall keep the cover
IN FORCE FOR THE WHOLE TERM
and show it on request.
"""


def test_a_heading_run_into_a_pdf_text_dump_starts_its_own_block() -> None:
    blocks = [(b.kind, b.text) for b in parse_bytes(DUMPED.encode(), "rfp.txt").blocks]
    assert (BlockKind.HEADING, "SECTION IV - INSURANCE") in blocks
    body = [text for kind, text in blocks if kind is BlockKind.PARAGRAPH]
    assert body[-1].startswith("Include evidence of cover in the proposal")
    # a capitals line inside a wrapped sentence (the line before it left open) is not a heading
    assert body[-1].endswith("IN FORCE FOR THE WHOLE TERM and show it on request.")


# A numbered paragraph wrapped at the printed line: its first line says who must do what, so it is
# not a title, even after a closed line (our own wording).
NUMBERED_PARAGRAPH = """The buyer may award without discussions.
12. Requests for clarification should be sent by email to the named purchasing
officer, Jo Smith, no later than 9 March 2026.
13. Delivery Arrangements
Goods go to the central store.
"""


def test_a_wrapped_numbered_paragraph_is_not_a_heading() -> None:
    blocks = [(b.kind, b.text) for b in parse_bytes(NUMBERED_PARAGRAPH.encode(), "rfq.txt").blocks]
    assert (BlockKind.HEADING, "13. Delivery Arrangements") in blocks
    assert not any(kind is BlockKind.HEADING and "clarification" in text for kind, text in blocks)
    assert any("should be sent by email to the named purchasing officer, Jo Smith" in text for _, text in blocks)
