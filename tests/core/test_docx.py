"""DOCX parsing: reading order, headings, tables, Word numbering, checkboxes, hostile files, corpus.

Small documents are built in the test with zipfile so each behaviour is pinned exactly; the
corpus tests check the same behaviours on real tenders against an independent extractor.
"""

from __future__ import annotations

import io
import resource
import time
import tracemalloc
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Callable

import pytest
from lxml import etree

from tenderlint.errors import CorruptDocument, DocumentError, HostileXml, ZipBomb
from tenderlint.model import BlockKind, Cell, Document
from tenderlint.parse import DEFAULT_LIMITS, parse_bytes
from tenderlint.parse.docx import parse_docx
from tenderlint.parse.numbering import format_number

from ..conftest import CORPUS
from ..wordcheck import word_stats

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCX_FILES = sorted(CORPUS.glob("*.docx"))


# --- building small DOCX files -------------------------------------------------------------


def _xml(root: str, inner: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NAMESPACES}>{inner}</w:{root}>'


def _docx(body: str, *, parts: dict[str, str] | None = None, rels: dict[str, str] | None = None,
          document: str | None = None) -> bytes:
    """A minimal valid DOCX: `body` is the inside of w:body; `rels` maps part name -> relationship type."""
    parts = dict(parts or {})
    rels = dict(rels or {})
    for name, kind in (("styles.xml", "styles"), ("numbering.xml", "numbering"), ("footnotes.xml", "footnotes")):
        if f"word/{name}" in parts:
            rels.setdefault(name, kind)
    doc_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/{kind}" Target="{target}"/>'
        for i, (target, kind) in enumerate(rels.items(), start=1)
    )
    package_rels = f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    if "docProps/core.xml" in parts:
        package_rels += (f'<Relationship Id="rId2" Type="{PKG_REL}/metadata/core-properties" '
                         'Target="docProps/core.xml"/>')
    if "docProps/app.xml" in parts:
        package_rels += f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}">{package_rels}</Relationships>',
        "word/_rels/document.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}">{doc_rels}</Relationships>',
        "word/document.xml": document if document is not None else _xml("document", f"<w:body>{body}</w:body>"),
        **parts,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def _p(text: str = "", *, style: str | None = None, num: tuple[int, int] | None = None, ppr: str = "") -> str:
    props = ppr
    if style:
        props = f'<w:pStyle w:val="{style}"/>' + props
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    runs = f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>" if text else ""
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


def _parse(data: bytes, name: str = "test.docx") -> Document:
    return parse_bytes(data, name)


def _texts(document: Document, kind: BlockKind | None = None) -> list[str]:
    return [b.text for b in document.blocks if kind is None or b.kind is kind]


STYLES = _xml(
    "styles",
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="ClauseL1"><w:name w:val="GPS L1 Clause"/>'
    '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ClauseL1Bold"><w:name w:val="GPS L1 Clause Bold"/>'
    '<w:basedOn w:val="ClauseL1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="TocHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="Heading1"/>'
    '<w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/>'
    '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ListNumberChild"><w:name w:val="List Number Child"/>'
    '<w:basedOn w:val="ListNumber"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="NumHeading1"><w:name w:val="Num Heading 1"/>'
    '<w:pPr><w:numPr><w:numId w:val="4"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="NumHeading2"><w:name w:val="Num Heading 2"/>'
    '<w:pPr><w:numPr><w:numId w:val="4"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>',
)


def _lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


NUMBERING = _xml(
    "numbering",
    # 1: clauses "14.", "14.2", "(a)", "(iv)" starting at 14
    '<w:abstractNum w:abstractNumId="10">'
    + _lvl(0, "decimal", "%1.", start=14) + _lvl(1, "decimal", "%1.%2") + _lvl(2, "lowerLetter", "(%3)")
    + _lvl(3, "lowerRoman", "(%4)", start=4) + "</w:abstractNum>"
    # 2: bullets
    '<w:abstractNum w:abstractNumId="20">' + _lvl(0, "bullet", "\uf0b7") + "</w:abstractNum>"
    # 3: list via style, level 1 never restarts (lvlRestart 0), upper letters / roman
    '<w:abstractNum w:abstractNumId="30">' + _lvl(0, "upperRoman", "%1.")
    + _lvl(1, "upperLetter", "%2)", extra='<w:lvlRestart w:val="0"/>') + "</w:abstractNum>"
    # 4: heading numbering linked to styles by w:pStyle, with isLgl on level 2
    '<w:abstractNum w:abstractNumId="40">'
    + _lvl(0, "upperRoman", "Part %1", extra='<w:pStyle w:val="NumHeading1"/>')
    + _lvl(1, "decimal", "%1.%2", extra='<w:pStyle w:val="NumHeading2"/><w:isLgl/>') + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="30"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="40"/></w:num>'
    # 5: same list as 1, restarted at 1 ("Restart numbering")
    '<w:num w:numId="5"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
    "</w:lvlOverride></w:num>"
    # 6: same list as 1 with level 0 redefined as "Clause %1"
    '<w:num w:numId="6"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0">'
    + _lvl(0, "decimal", "Clause %1") + "</w:lvlOverride></w:num>",
)


def _styled(body: str) -> Document:
    return _parse(_docx(body, parts={"word/styles.xml": STYLES, "word/numbering.xml": NUMBERING}))


# --- reading order and text -------------------------------------------------------------------


def test_paragraphs_and_tables_keep_document_order() -> None:
    table = ("<w:tbl><w:tr><w:tc>" + _p("cell A") + "</w:tc><w:tc>" + _p("cell B") + "</w:tc></w:tr></w:tbl>")
    document = _parse(_docx(_p("before") + table + _p("after")))
    assert _texts(document) == ["before", "cell A", "cell B", "after"]
    assert document.text == "before\ncell A\ncell B\nafter"


def test_runs_are_joined_and_tabs_and_breaks_become_spaces() -> None:
    body = ('<w:p><w:r><w:t>Sup</w:t></w:r><w:r><w:t>plier</w:t></w:r><w:r><w:tab/><w:t>shall</w:t><w:br/>'
            '<w:t>pay</w:t><w:cr/><w:t>set</w:t><w:noBreakHyphen/><w:t>off</w:t></w:r></w:p>')
    assert _texts(_parse(_docx(body))) == ["Supplier shall pay set-off"]


def test_insertions_count_and_deletions_do_not() -> None:
    body = ('<w:p><w:r><w:t xml:space="preserve">The fee is </w:t></w:r>'
            '<w:del w:id="1" w:author="x"><w:r><w:delText>£5,000</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="x"><w:r><w:t>£9,000</w:t></w:r></w:ins>'
            '<w:moveFrom w:id="3" w:author="x"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>'
            '<w:moveTo w:id="4" w:author="x"><w:r><w:t xml:space="preserve"> monthly</w:t></w:r></w:moveTo></w:p>'
            # a whole numbered paragraph deleted: no text and no number
            '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:del w:id="5" '
            'w:author="x"/></w:rPr></w:pPr><w:del w:id="6" w:author="x"><w:r><w:delText>gone</w:delText></w:r>'
            "</w:del></w:p>" + _p("kept", num=(1, 0)))
    document = _parse(_docx(body, parts={"word/numbering.xml": NUMBERING}))
    assert _texts(document) == ["The fee is £9,000 monthly", "14. kept"]


def test_content_controls_hyperlinks_and_fields_keep_their_text() -> None:
    body = ('<w:sdt><w:sdtPr><w:alias w:val="Intro"/></w:sdtPr><w:sdtContent>' + _p("block control")
            + "<w:tbl><w:tr><w:tc>" + _p("table in a control") + "</w:tc></w:tr></w:tbl></w:sdtContent></w:sdt>"
            '<w:p><w:sdt><w:sdtContent><w:r><w:t>inline control</w:t></w:r></w:sdtContent></w:sdt>'
            '<w:hyperlink r:id="rId9"><w:r><w:t xml:space="preserve"> and a link</w:t></w:r></w:hyperlink>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> 7</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    document = _parse(_docx(body))
    assert _texts(document) == ["block control", "table in a control", "inline control and a link 7"]
    assert document.blocks[1].kind is BlockKind.TABLE_CELL


def test_text_box_text_appears_once_after_its_paragraph() -> None:
    box = ('<w:txbxContent>' + _p("boxed words") + "</w:txbxContent>")
    body = ('<w:p><w:r><w:t>anchor</w:t></w:r><w:r><mc:AlternateContent>'
            f'<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing>'
            f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r></w:p>")
    assert _texts(_parse(_docx(body))) == ["anchor", "boxed words"]


# --- headings ----------------------------------------------------------------------------------


def test_headings_from_style_names_outline_levels_and_inheritance() -> None:
    body = (_p("Annual services", style="Title") + _p("Scope", style="Heading1") + _p("Lots", style="Heading2")
            + _p("body text") + _p("Pricing", style="ClauseL1Bold") + _p("Direct", ppr='<w:outlineLvl w:val="2"/>')
            + _p("Contents", style="TocHeading") + _p("Not a heading", style="Heading1", ppr='<w:outlineLvl w:val="9"/>'))
    document = _styled(body)
    headings = [(b.text, b.level) for b in document.blocks if b.kind is BlockKind.HEADING]
    assert headings == [("Annual services", 1), ("Scope", 1), ("Lots", 2), ("Pricing", 1), ("Direct", 3)]
    by_text = {b.text: b for b in document.blocks}
    assert by_text["body text"].section == ("Scope", "Lots")
    assert by_text["Contents"].kind is BlockKind.PARAGRAPH
    assert by_text["Not a heading"].kind is BlockKind.PARAGRAPH


def test_bold_lines_stand_in_for_headings_only_when_no_style_marks_any() -> None:
    bold = '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Scope of Work:</w:t></w:r></w:p>'
    partly = '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Date:</w:t></w:r><w:r><w:t xml:space="preserve"> 5 April</w:t></w:r></w:p>'
    sentence = '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>The Supplier shall comply.</w:t></w:r></w:p>'
    document = _parse(_docx(bold + partly + sentence + _p("The supplier will test.")))
    assert _texts(document, BlockKind.HEADING) == ["Scope of Work:"]
    assert document.blocks[-1].section == ("Scope of Work:",)
    styled = _styled(bold + _p("Real heading", style="Heading1"))
    assert _texts(styled, BlockKind.HEADING) == ["Real heading"]


# --- tables -------------------------------------------------------------------------------------


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text) if text else '<w:p/>'}</w:tc>"


def test_table_cells_in_row_order_with_merges_counted_once() -> None:
    table = (
        "<w:tbl>"
        "<w:tr>" + _tc("Lot", '<w:vMerge w:val="restart"/>') + _tc("Price and weighting", '<w:gridSpan w:val="2"/>') + "</w:tr>"
        "<w:tr>" + _tc("", "<w:vMerge/>") + _tc("Price") + _tc("60%") + "</w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + _tc("Quality") + _tc("40%") + "</w:tr>"
        "</w:tbl>"
    )
    document = _parse(_docx(_p("intro") + table + table))
    cells = [(b.text, b.cell) for b in document.blocks if b.kind is BlockKind.TABLE_CELL]
    assert cells[:5] == [
        ("Lot", Cell(0, 0, 0)),
        ("Price and weighting", Cell(0, 0, 1)),
        ("Price", Cell(0, 1, 1)),
        ("60%", Cell(0, 1, 2)),
        ("Quality", Cell(0, 2, 1)),
    ]
    assert cells[6][1] == Cell(1, 0, 0)  # the second table has its own index
    assert [text for text, _ in cells].count("Lot") == 2


def test_nested_tables_and_multi_paragraph_cells() -> None:
    inner = "<w:tbl><w:tr>" + _tc("inner 1") + _tc("inner 2") + "</w:tr></w:tbl>"
    outer = ("<w:tbl><w:tr><w:tc>" + _p("first para") + _p("second para") + inner + "</w:tc>"
             + _tc("right") + "</w:tr></w:tbl>")
    blocks = [(b.text, b.cell) for b in _parse(_docx(outer)).blocks]
    assert blocks == [
        ("first para second para", Cell(0, 0, 0)),
        ("inner 1", Cell(1, 0, 0)),
        ("inner 2", Cell(1, 0, 1)),
        ("right", Cell(0, 0, 1)),
    ]


def test_rows_and_cells_inside_content_controls_are_read() -> None:
    table = ("<w:tbl><w:sdt><w:sdtContent><w:tr>" + _tc("a")
             + "<w:sdt><w:sdtContent>" + _tc("b") + "</w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt></w:tbl>")
    assert [(b.text, b.cell) for b in _parse(_docx(table)).blocks] == [("a", Cell(0, 0, 0)), ("b", Cell(0, 0, 1))]


# --- headers, footers, notes, metadata ----------------------------------------------------------


def test_headers_and_footers_once_each_and_footnotes_at_the_end() -> None:
    header = _xml("hdr", _p("OFFICIAL - Crown Copyright"))
    footer = _xml("ftr", _p("Framework RM6264"))
    footnotes = _xml(
        "footnotes",
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> See the Act.</w:t></w:r>'
        "</w:p></w:footnote>",
    )
    section = ('<w:sectPr><w:headerReference w:type="default" r:id="rId1"/>'
               '<w:headerReference w:type="first" r:id="rId2"/><w:footerReference w:type="default" r:id="rId3"/></w:sectPr>')
    body = (f'<w:p><w:pPr>{section}</w:pPr><w:r><w:t>Section one</w:t></w:r></w:p>'
            + _p("Section two body") + section)
    data = _docx(
        body,
        parts={"word/header1.xml": header, "word/header2.xml": header, "word/footer1.xml": footer,
               "word/footnotes.xml": footnotes},
        rels={"header1.xml": "header", "header2.xml": "header", "footer1.xml": "footer"},
    )
    document = _parse(data)
    assert [(b.kind, b.text, b.page) for b in document.blocks] == [
        (BlockKind.HEADER_FOOTER, "OFFICIAL - Crown Copyright", None),
        (BlockKind.HEADER_FOOTER, "Framework RM6264", None),
        (BlockKind.PARAGRAPH, "Section one", None),
        (BlockKind.PARAGRAPH, "Section two body", None),
        (BlockKind.PARAGRAPH, "See the Act.", None),
    ]


def test_metadata_and_stored_page_count() -> None:
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
            "<dc:title>Cleaning tender</dc:title><dc:creator>A Buyer</dc:creator>"
            "<dcterms:modified>2024-03-01T10:00:00Z</dcterms:modified></cp:coreProperties>")
    app = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           "<Pages>17</Pages></Properties>")
    document = _parse(_docx(_p("text"), parts={"docProps/core.xml": core, "docProps/app.xml": app}))
    assert document.pages == 17
    assert document.format == "docx"
    assert {k: document.metadata[k] for k in ("title", "creator", "modified", "pages_as_saved")} == {
        "title": "Cleaning tender", "creator": "A Buyer", "modified": "2024-03-01T10:00:00Z", "pages_as_saved": "17"}
    assert _parse(_docx(_p("text"))).pages is None


# --- checkboxes ---------------------------------------------------------------------------------


def _legacy_box(checked: str | None, default: str = "0") -> str:
    state = "" if checked is None else (f'<w:checked w:val="{checked}"/>' if checked else "<w:checked/>")
    return ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/>'
            f'<w:default w:val="{default}"/>{state}</w:checkBox></w:ffData></w:fldChar></w:r>'
            '<w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _sdt_box(checked: bool, glyph: str) -> str:
    return (f'<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(checked)}"/></w14:checkbox></w:sdtPr>'
            f"<w:sdtContent><w:r><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>")


def test_form_and_content_control_checkboxes_show_their_state() -> None:
    body = (f'<w:p>{_legacy_box("")}<w:r><w:t xml:space="preserve">Fixed price</w:t></w:r></w:p>'
            f'<w:p>{_legacy_box("0", default="1")}<w:r><w:t>Time and materials</w:t></w:r></w:p>'
            f'<w:p>{_legacy_box(None, default="1")}<w:r><w:t>Default ticked</w:t></w:r></w:p>'
            f'<w:p>{_sdt_box(True, "☐")}<w:r><w:t>Information Security</w:t></w:r></w:p>'
            f'<w:p>{_sdt_box(False, "☒")}<w:r><w:t>Application Development</w:t></w:r></w:p>'
            '<w:p><w:r><w:sym w:font="Wingdings" w:char="F0FE"/><w:t>Yes</w:t></w:r>'
            '<w:r><w:sym w:font="Wingdings" w:char="F0A8"/><w:t>No</w:t></w:r></w:p>')
    assert _texts(_parse(_docx(body))) == [
        "☒ Fixed price", "☐ Time and materials", "☒ Default ticked", "☒ Information Security",
        "☐ Application Development", "☒ Yes ☐ No"]


def test_legacy_drop_down_shows_the_chosen_entry() -> None:
    dropdown = ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="1"/>'
                '<w:listEntry w:val="Lot 1"/><w:listEntry w:val="Lot 2"/></w:ddList></w:ffData></w:fldChar></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert _texts(_parse(_docx(f"<w:p><w:r><w:t>Bidding for</w:t></w:r>{dropdown}</w:p>"))) == ["Bidding for Lot 2"]


# --- Word numbering -----------------------------------------------------------------------------


def test_multilevel_numbering_renders_labels_and_clauses() -> None:
    body = (_p("Payment", num=(1, 0)) + _p("The Buyer shall pay.", num=(1, 1)) + _p("on time;", num=(1, 2))
            + _p("in full.", num=(1, 2)) + _p("The Supplier shall invoice.", num=(1, 1)) + _p("Liability", num=(1, 0))
            + _p("Caps apply.", num=(1, 1)) + _p("deep", num=(1, 3)) + _p("deeper", num=(1, 3)))
    blocks = _styled(body).blocks
    assert [(b.text, b.clause, b.kind) for b in blocks] == [
        ("14. Payment", "14", BlockKind.LIST_ITEM),
        ("14.1 The Buyer shall pay.", "14.1", BlockKind.LIST_ITEM),
        ("(a) on time;", None, BlockKind.LIST_ITEM),
        ("(b) in full.", None, BlockKind.LIST_ITEM),
        ("14.2 The Supplier shall invoice.", "14.2", BlockKind.LIST_ITEM),
        ("15. Liability", "15", BlockKind.LIST_ITEM),
        ("15.1 Caps apply.", "15.1", BlockKind.LIST_ITEM),
        ("(iv) deep", None, BlockKind.LIST_ITEM),
        ("(v) deeper", None, BlockKind.LIST_ITEM),
    ]


def test_lists_sharing_a_definition_continue_until_a_start_override_restarts() -> None:
    body = (_p("one", num=(1, 0)) + _p("two", num=(1, 0)) + _p("restarted", num=(5, 0)) + _p("sub", num=(5, 1))
            + _p("continues", num=(1, 0)) + _p("relabelled", num=(6, 0)))
    assert _texts(_styled(body)) == ["14. one", "15. two", "1. restarted", "1.1 sub", "2. continues", "Clause 3 relabelled"]
    assert _styled(body).blocks[-1].clause == "3"  # from "Clause 3 ..." via leading_clause


def test_bullets_are_list_items_without_a_prefix() -> None:
    blocks = _styled(_p("Cleaning", num=(2, 0)) + _p("Security", num=(2, 0))).blocks
    assert [(b.text, b.kind, b.clause) for b in blocks] == [
        ("Cleaning", BlockKind.LIST_ITEM, None), ("Security", BlockKind.LIST_ITEM, None)]


def test_numbering_from_styles_with_based_on_and_lvl_restart() -> None:
    body = (_p("first", style="ListNumber") + _p("child a", style="ListNumberChild", num=(3, 1))
            + _p("second", style="ListNumberChild") + _p("child b", style="ListNumber", num=(3, 1))
            + _p("switched off", style="ListNumber", num=(0, 0)))
    blocks = _styled(body).blocks
    # level 1 has lvlRestart 0, so "B)" continues after "II."; numId 0 removes the style's numbering
    assert [(b.text, b.kind) for b in blocks] == [
        ("I. first", BlockKind.LIST_ITEM), ("A) child a", BlockKind.LIST_ITEM), ("II. second", BlockKind.LIST_ITEM),
        ("B) child b", BlockKind.LIST_ITEM), ("switched off", BlockKind.PARAGRAPH)]


def test_numbered_headings_take_their_level_from_the_linked_style() -> None:
    body = (_p("General", style="NumHeading1") + _p("Scope", style="NumHeading2") + _p("Terms", style="NumHeading2")
            + _p("Pricing", style="NumHeading1") + _p("Rates", style="NumHeading2") + _p("text"))
    blocks = _styled(body).blocks
    assert [(b.text, b.kind, b.level, b.clause) for b in blocks[:5]] == [
        ("Part I General", BlockKind.HEADING, 1, None),
        ("1.1 Scope", BlockKind.HEADING, 2, "1.1"),  # isLgl: Part I's number shown as decimal
        ("1.2 Terms", BlockKind.HEADING, 2, "1.2"),
        ("Part II Pricing", BlockKind.HEADING, 1, None),
        ("2.1 Rates", BlockKind.HEADING, 2, "2.1"),
    ]
    assert blocks[-1].section == ("Part II Pricing", "2.1 Rates")


def test_lists_defined_through_a_numbering_style_link() -> None:
    styles = _xml("styles", '<w:style w:type="numbering" w:styleId="Schedules"><w:name w:val="Schedules"/>'
                  '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>')
    numbering = _xml(
        "numbering",
        '<w:abstractNum w:abstractNumId="50"><w:numStyleLink w:val="Schedules"/></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="51"><w:styleLink w:val="Schedules"/>'
        + _lvl(0, "decimal", "Schedule %1", start=3) + "</w:abstractNum>"
        '<w:num w:numId="7"><w:abstractNumId w:val="51"/></w:num>'
        '<w:num w:numId="8"><w:abstractNumId w:val="50"/></w:num>',
    )
    data = _docx(_p("Pricing", num=(8, 0)) + _p("Exit", num=(7, 0)),
                 parts={"word/styles.xml": styles, "word/numbering.xml": numbering})
    assert _texts(_parse(data)) == ["Schedule 3 Pricing", "Schedule 4 Exit"]


def test_typed_clause_numbers_are_recognised() -> None:
    blocks = _parse(_docx(_p("7.3 The Supplier shall insure.") + _p("2017 was a good year."))).blocks
    assert [b.clause for b in blocks] == ["7.3", None]


def test_number_formats() -> None:
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 40, 1999)] == ["IV", "IX", "XIV", "XL", "MCMXCIX"]
    assert format_number(3, "decimalZero") == "03"
    assert format_number(2, "ordinal") == "2nd"
    assert format_number(5, "none") == ""
    assert format_number(5, "chineseCounting") == "5"


# --- hostile and broken files ----------------------------------------------------------------------


def _refused(data: bytes, name: str = "hostile.docx", parser: Callable[[bytes, str], Document] = _parse) -> DocumentError:
    """Parse expecting a DocumentError, within 10 s and 500 MB of Python heap and resident growth."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DocumentError) as caught:
            parser(data, name)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert elapsed < 10, f"took {elapsed:.1f} s"
    assert peak < 500 * 1024 * 1024, f"peak Python heap {peak / 2**20:.0f} MB"
    assert grown_mb < 500, f"resident set grew {grown_mb:.0f} MB"
    return caught.value


def _zip_bomb(member_mb: int) -> bytes:
    out = io.BytesIO()
    valid = _docx(_p("looks normal"))
    with zipfile.ZipFile(io.BytesIO(valid)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info.filename, source.read(info))
        chunk = b"\0" * (1024 * 1024)
        with bomb.open("word/media/padding.bin", "w", force_zip64=True) as handle:
            for _ in range(member_mb):
                handle.write(chunk)
    return out.getvalue()


def test_zip_bomb_is_refused() -> None:
    data = _zip_bomb(400)  # 400 MB of zeros in a ~0.4 MB file: over the unpacked-size limit
    assert len(data) < 2 * 1024 * 1024
    assert isinstance(_refused(data), ZipBomb)
    assert isinstance(_refused(_zip_bomb(120)), ZipBomb)  # under the size limit, but compressed ~1000:1


def test_member_lying_about_its_size_is_refused() -> None:
    data = bytearray(_docx(_p("x" * 200_000)))
    name = b"word/document.xml"
    local = next(i for i in _all(data, b"PK\x03\x04") if data[i + 30 : i + 30 + len(name)] == name)
    central = next(i for i in _all(data, b"PK\x01\x02") if data[i + 46 : i + 46 + len(name)] == name)
    for field in (local + 22, central + 24):  # "uncompressed size" in the local and central headers
        data[field : field + 4] = (100).to_bytes(4, "little")
    assert isinstance(_refused(bytes(data)), (ZipBomb, CorruptDocument))


def _all(data: bytearray, marker: bytes) -> list[int]:
    found, at = [], data.find(marker)
    while at >= 0:
        found.append(at)
        at = data.find(marker, at + 1)
    return found


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f"]><w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f"<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


def test_billion_laughs_and_external_entities_are_refused() -> None:
    assert isinstance(_refused(_docx("", document=BILLION_LAUGHS)), HostileXml)
    assert isinstance(_refused(_docx("", document=EXTERNAL_ENTITY)), HostileXml)
    hostile_styles = BILLION_LAUGHS.replace("w:document", "w:styles")
    assert isinstance(_refused(_docx(_p("ok"), parts={"word/styles.xml": hostile_styles})), HostileXml)
    hostile_header = EXTERNAL_ENTITY.replace("w:document", "w:hdr")
    section = '<w:sectPr><w:headerReference w:type="default" r:id="rId1"/></w:sectPr>'
    data = _docx(_p("ok") + section, parts={"word/header1.xml": hostile_header}, rels={"header1.xml": "header"})
    assert isinstance(_refused(data), HostileXml)


def test_truncated_and_damaged_files_are_corrupt() -> None:
    data = (CORPUS / "uk-ccs-rm6264-dps-core-terms.docx").read_bytes()
    assert isinstance(_refused(data[: len(data) // 2]), CorruptDocument)
    direct = lambda d, n: parse_docx(d, n, DEFAULT_LIMITS)  # noqa: E731 - bypasses sniffing
    assert isinstance(_refused(data[: len(data) // 2], parser=direct), CorruptDocument)
    damaged = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 2000
    for i in range(start, start + 400):
        damaged[i] ^= 0x55  # garble the deflate stream in the middle of the main part
    assert isinstance(_refused(bytes(damaged)), CorruptDocument)


def test_malformed_or_missing_parts_are_corrupt() -> None:
    assert isinstance(_refused(_docx("", document="<w:document><w:body><w:p>")), CorruptDocument)
    assert isinstance(_refused(_docx("", document="")), CorruptDocument)
    no_body = _xml("document", "<w:background/>")
    assert isinstance(_refused(_docx("", document=no_body)), CorruptDocument)
    broken_styles = _docx(_p("ok"), parts={"word/styles.xml": "<w:styles><w:style>"})
    assert isinstance(_refused(broken_styles), CorruptDocument)
    # the package says the main part is word/main.xml, which is missing
    moved = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx(_p("ok")))) as source, zipfile.ZipFile(moved, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "_rels/.rels":
                body = body.replace(b"word/document.xml", b"word/main.xml")
            target.writestr(info.filename, body)
    assert isinstance(_refused(moved.getvalue()), CorruptDocument)
    # no word/document.xml at all (sniffing would call this "not a Word file", so parse directly)
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    direct = lambda d, n: parse_docx(d, n, DEFAULT_LIMITS)  # noqa: E731
    assert isinstance(_refused(empty.getvalue(), parser=direct), CorruptDocument)


def test_deep_nesting_parses_up_to_the_xml_depth_limit_and_is_refused_beyond() -> None:
    def nested(depth: int) -> bytes:
        return _docx("<w:sdt><w:sdtContent>" * depth + _p("deep") + "</w:sdtContent></w:sdt>" * depth)

    assert _texts(_parse(nested(120))) == ["deep"]  # our recursion stays far below Python's limit
    assert isinstance(_refused(nested(5000)), CorruptDocument)


def test_missing_optional_parts_are_tolerated() -> None:
    section = '<w:sectPr><w:headerReference w:type="default" r:id="rId1"/></w:sectPr>'
    data = _docx(_p("Body", num=(1, 0)) + section, rels={"header1.xml": "header", "numbering.xml": "numbering"})
    assert _texts(_parse(data)) == ["Body"]


# --- the corpus ------------------------------------------------------------------------------------


def _reference_text(data: bytes) -> str:
    """Independent extraction: the w:t runs of the body and notes, joined per paragraph.

    Tabs, breaks and non-breaking hyphens inside runs are separators in Word, so they count as
    whitespace/hyphen here too; nothing else (styles, numbering, checkboxes) is interpreted.
    Headers and footers are left out here and left out of "ours" for the comparison.
    """
    lines: dict[etree._Element | None, list[str]] = defaultdict(list)
    separators = {W + "tab": " ", W + "br": " ", W + "cr": " ", W + "noBreakHyphen": "-"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if part not in archive.namelist():
                continue
            root = etree.fromstring(archive.read(part))
            for el in root.iter(W + "t", *separators):
                if el.tag != W + "t" and el.getparent().tag != W + "r":
                    continue  # w:tab also defines tab stops in paragraph properties
                paragraph = next(el.iterancestors(W + "p"), None)
                lines[paragraph].append(el.text or "" if el.tag == W + "t" else separators[el.tag])
    return "\n".join("".join(parts) for parts in lines.values())


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[bytes, Document, float]]:
    parsed = {}
    for path in DOCX_FILES:
        data = path.read_bytes()
        started = time.perf_counter()
        document = parse_bytes(data, path.name)
        parsed[path.name] = (data, document, time.perf_counter() - started)
    return parsed


def _doc(corpus: dict[str, tuple[bytes, Document, float]], name: str) -> Document:
    return corpus[name][1]


def test_corpus_has_the_thirteen_docx_tenders() -> None:
    assert len(DOCX_FILES) == 13, f"expected 13 DOCX tenders in {CORPUS}"


@pytest.mark.parametrize("path", DOCX_FILES, ids=lambda p: p.name)
def test_corpus_docx_words_match_the_xml_text(path: Path, corpus) -> None:
    """Recall on the real output; duplicates on the output without list labels.

    Word's rendered labels ("14.2", "(a)") are not in any w:t run, so to the multiset
    comparison they would look like surplus copies of words such as "a"; measuring
    duplication without them isolates what the check is for — text emitted twice.
    """
    data, document, _ = corpus[path.name]
    reference = _reference_text(data)
    recall, _ = word_stats(document.text, reference)
    plain = parse_docx(data, path.name, DEFAULT_LIMITS, number_labels=False)
    _, duplicates = word_stats("\n".join(b.text for b in plain.blocks if b.kind is not BlockKind.HEADER_FOOTER), reference)
    assert recall >= 0.98, f"{path.name}: recall {recall:.4f}"
    assert duplicates < 0.02, f"{path.name}: duplicates {duplicates:.4f}"


@pytest.mark.parametrize("path", DOCX_FILES, ids=lambda p: p.name)
def test_corpus_docx_structure(path: Path, corpus) -> None:
    document = _doc(corpus, path.name)
    assert document.format == "docx"
    assert any(b.kind is BlockKind.HEADING for b in document.blocks), f"{path.name}: no headings"
    pages = [b.page for b in document.blocks if b.page is not None]  # from Word's rendered breaks
    assert pages == sorted(pages) and all(1 <= page <= (document.pages or page) for page in pages)
    footers = [b.text for b in document.blocks if b.kind is BlockKind.HEADER_FOOTER]
    assert len(footers) == len(set(footers))
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text


def test_specification_of_70k_words_parses_quickly(corpus) -> None:
    data, document, first = corpus["uk-ccs-rm6232-fm-specification.docx"]
    started = time.perf_counter()
    parse_bytes(data, "spec.docx")
    elapsed = min(first, time.perf_counter() - started)
    assert document.word_count > 65000
    assert elapsed < 2.0, f"{elapsed:.2f} s"


def _clauses(document: Document) -> dict[str, str]:
    out: dict[str, str] = {}
    for block in document.blocks:
        if block.clause:
            out.setdefault(block.clause, block.text)
    return out


def test_dps_core_terms_clause_numbers(corpus) -> None:
    document = _doc(corpus, "uk-ccs-rm6264-dps-core-terms.docx")
    clauses = _clauses(document)
    assert clauses["1"] == "1. Definitions used in the contract"
    assert clauses["2.4"].startswith("2.4 If the Buyer decides to buy Deliverables under the DPS Contract")
    assert clauses["3.2.10"].startswith("3.2.10 The Supplier must indemnify the Buyer against the costs of any Recall")
    # clause 4.10 refers back to 4.9, and 4.9 is what it says it is
    assert "If CCS or the Buyer uses Clause 4.9" in clauses["4.10"]
    assert clauses["4.9"].startswith("4.9 If CCS or the Buyer can get more favourable commercial terms")
    heading = next(b for b in document.blocks if b.text == "1. Definitions used in the contract")
    assert (heading.kind, heading.level) == (BlockKind.HEADING, 1)
    item = next(b for b in document.blocks if b.text.startswith("(a) make changes to DPS Schedule 6"))
    assert item.kind is BlockKind.LIST_ITEM
    assert item.section == ("2. How the contract works",)
    assert document.pages == 23 and document.metadata["pages_as_saved"] == "23"
    assert document.metadata["creator"] == "Peter Hanlon"


def test_call_off_procedure_numbers_match_its_own_cross_references(corpus) -> None:
    clauses = _clauses(_doc(corpus, "uk-ccs-fm2017-calloff-procedure-award-criteria.docx"))
    # "...in accordance with the procedure set out in paragraph 5 below"
    assert clauses["5"] == "5. DIRECT ORDERING WITHOUT A FURTHER COMPETITION"
    # "invite the Suppliers identified in accordance with paragraph 8.1.1"
    assert clauses["8.1.1"].startswith("8.1.1 develop a Statement of Requirements setting out its requirements")
    # "an Electronic Reverse Auction (as defined in paragraph 10 below)"
    assert clauses["10"] == "10. E-AUCTIONS"
    # "no new prices or values meeting the minimum differences required pursuant to paragraph 13.1.5"
    assert clauses["13.1.5"].startswith("13.1.5 the conditions under which Suppliers will be able to bid")
    assert "minimum differences" in clauses["13.1.5"]


def test_ipr_schedule_deep_clause_numbers(corpus) -> None:
    document = _doc(corpus, "uk-ccs-gcloud15-ipr-schedule.docx")
    clauses = _clauses(document)
    assert clauses["1.8.1"].startswith("1.8.1. except as provided for in Paragraphs 2.3.2.2(c)(1)")
    assert clauses["2.3.2.2"] == "2.3.2.2. is transferrable to only:"
    texts = [b.text for b in document.blocks]
    at = texts.index("2.3.2.2. is transferrable to only:")
    assert texts[at + 3].startswith("(c) a person or organisation that is not a direct competitor")
    assert texts[at + 4].startswith("(1) enters into a direct arrangement with the Supplier")
    assert document.pages == 72


def test_how_to_tender_headings_match_its_table_of_contents(corpus) -> None:
    """The TOC is stored text; the heading numbers are computed by us. They must agree."""
    document = _doc(corpus, "uk-ccs-gcloud15-how-to-tender.docx")
    headings = {b.text for b in document.blocks if b.kind is BlockKind.HEADING and b.level == 1}
    toc = [b.text for b in document.blocks[:40] if b.kind is BlockKind.PARAGRAPH and b.clause]
    assert len(toc) == 27
    assert "21. Stage 5 Assessment summaries" in headings  # added after the TOC was last updated
    for entry in toc:
        number, title = entry.rsplit(" ", 1)[0].split(" ", 1)  # "14." and the title, page number dropped
        expected = int(number.rstrip(".")) + (1 if int(number.rstrip(".")) >= 21 else 0)
        assert f"{expected}. {title}" in headings, entry
    assert _clauses(document)["14.2"].startswith("14.2. We will use the supplier information submitted from the CDP")


def test_typed_clause_numbers_in_the_specification(corpus) -> None:
    clauses = _clauses(_doc(corpus, "uk-ccs-rm6232-fm-specification.docx"))
    assert clauses["90"] == "90. Service 113 - Specialist Cleaning"
    assert clauses["42.2.1"].startswith("42.2.1. Provide a specialist locksmith Service")


def test_virginia_table_cells_come_out_in_row_order(corpus) -> None:
    document = _doc(corpus, "us-va-vdot-sor-smart-portal.docx")
    cells = [b for b in document.blocks if b.kind is BlockKind.TABLE_CELL]
    start = next(i for i, b in enumerate(cells) if b.text == "Event")
    schedule = cells[start : start + 10]
    assert [b.text for b in schedule] == [
        "Event", "Date", "Release SOR", "(05/14/2021)", "Supplier Response Due", "(05/28/2021)",
        "Award Decision", "(06/10/2021)", "Estimated Project Start Date", "(07/01/2021)"]
    table = schedule[0].cell.table
    assert [(b.cell.row, b.cell.col) for b in schedule] == [(r, c) for r in range(5) for c in range(2)]
    assert all(b.cell.table == table for b in schedule)
    heading = next(b for b in document.blocks if b.text == "4. Solicitation Schedule:")
    assert heading.kind is BlockKind.HEADING and schedule[0].section[-1] == heading.text


def test_virginia_checkboxes_show_which_option_is_selected(corpus) -> None:
    pen_test = _texts(_doc(corpus, "us-va-drpt-sor-web-app-pen-testing.docx"))
    assert "☒ Information Security" in pen_test and "☐ Application Development" in pen_test
    strategy = _texts(_doc(corpus, "us-va-fredericksburg-sor-it-strategic-plan.docx"))  # legacy form fields
    assert "☒ IT Strategic Planning" in strategy and "☐ Information Security" in strategy
    assert "☒ Not Required" in strategy


def test_headers_and_footers_of_the_core_terms(corpus) -> None:
    document = _doc(corpus, "uk-ccs-rm6264-dps-core-terms.docx")
    header = document.blocks[0]
    assert header.kind is BlockKind.HEADER_FOOTER and header.section == () and header.page is None
    assert header.text == "Crown Copyright 2019 Version: 1.0.3 Core Terms - DPS"


def test_clauses_in_heading_styles_are_running_text() -> None:
    """CCS templates number every clause with heading styles: sentences stay text, titles stay headings."""
    from tenderlint.parse.assemble import reads_as_prose

    path = CORPUS / "uk-ccs-gcloud15-how-to-tender.docx"
    document = parse_bytes(path.read_bytes(), path.name)
    kinds = {b.text: b.kind for b in document.blocks}
    consortium = next(t for t in kinds if "All consortia members are required to satisfy" in t)
    assert kinds[consortium] is not BlockKind.HEADING
    assert kinds["Invitation to tender (ITT)"] is BlockKind.HEADING
    assert reads_as_prose("26.3. We reserve the right to:")
    assert reads_as_prose("1.7.1. the specific Intellectual Property Rights")
    assert not reads_as_prose("4. Pricing and payments")
    assert not reads_as_prose("Part A – Requirements Overview")
    assert not reads_as_prose("a. Project Purpose and Objective")
    assert reads_as_prose("(b) the specific rights of the party")
