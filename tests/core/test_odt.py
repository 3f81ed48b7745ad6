"""ODT parsing: headings, lists, tables (with repeats), frames, notes, page furniture, hostile files."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from lxml import etree

from tenderlint.errors import CorruptDocument, DocumentError, EncryptedDocument, HostileXml, ZipBomb
from tenderlint.model import BlockKind, Cell, Document
from tenderlint.parse import parse_bytes

from ..conftest import CORPUS
from ..wordcheck import word_stats

ORDER_FORM = CORPUS / "uk-ccs-gcloud15-order-form.odt"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
NAMESPACES = (
    f'xmlns:office="{OFFICE_NS}" xmlns:text="{TEXT_NS}" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)


def _odt(body: str, *, styles: str = "", automatic: str = "", meta: str = "", content: str | None = None,
         manifest: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    files: dict[str, str | bytes] = {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": f"<manifest:manifest {NAMESPACES}>{manifest}</manifest:manifest>",
        "content.xml": content if content is not None else (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES}>'
            f"<office:automatic-styles>{automatic}</office:automatic-styles>"
            f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"),
        "styles.xml": f"<office:document-styles {NAMESPACES}>{styles}</office:document-styles>",
        "meta.xml": f"<office:document-meta {NAMESPACES}><office:meta>{meta}</office:meta></office:document-meta>",
        **(extra or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _parse(data: bytes) -> Document:
    return parse_bytes(data, "test.odt")


def _blocks(document: Document) -> list[tuple]:
    return [(b.kind, b.text) for b in document.blocks]


def test_headings_paragraphs_and_sections() -> None:
    body = ('<text:h text:outline-level="1">Scope</text:h><text:p>Intro text.</text:p>'
            '<text:section text:name="S1"><text:h text:outline-level="2">Lots</text:h>'
            "<text:p>Lot detail.</text:p></text:section>")
    document = _parse(_odt(body))
    assert [(b.kind, b.text, b.level) for b in document.blocks] == [
        (BlockKind.HEADING, "Scope", 1), (BlockKind.PARAGRAPH, "Intro text.", None),
        (BlockKind.HEADING, "Lots", 2), (BlockKind.PARAGRAPH, "Lot detail.", None)]
    assert document.blocks[-1].section == ("Scope", "Lots")
    assert document.format == "odt"


def test_spans_spaces_tabs_breaks_and_soft_page_breaks() -> None:
    body = ('<text:p>The<text:s/>Sup<text:span text:style-name="T1">plier</text:span><text:tab/>shall'
            '<text:line-break/>pay<text:s text:c="1000000"/>now<text:soft-page-break/>ly '
            '<text:a xlink:href="http://x" xmlns:xlink="http://www.w3.org/1999/xlink">here</text:a>.</text:p>')
    assert _blocks(_parse(_odt(body))) == [(BlockKind.PARAGRAPH, "The Supplier shall pay nowly here.")]


def test_heading_numbers_stored_by_the_writer_become_clauses() -> None:
    body = ('<text:h text:outline-level="1"><text:number>4.</text:number>Payment</text:h>'
            '<text:h text:outline-level="2"><text:number>4.2</text:number>Invoices</text:h>'
            "<text:p>7.1 Typed number.</text:p>")
    document = _parse(_odt(body))
    assert [(b.text, b.clause) for b in document.blocks] == [
        ("4. Payment", "4"), ("4.2 Invoices", "4.2"), ("7.1 Typed number.", "7.1")]


def test_nested_lists_are_list_items() -> None:
    body = ("<text:list><text:list-item><text:p>First</text:p><text:list><text:list-item><text:p>Nested</text:p>"
            "</text:list-item></text:list></text:list-item><text:list-item><text:p>Second</text:p></text:list-item>"
            "</text:list><text:p>After</text:p>")
    assert _blocks(_parse(_odt(body))) == [
        (BlockKind.LIST_ITEM, "First"), (BlockKind.LIST_ITEM, "Nested"), (BlockKind.LIST_ITEM, "Second"),
        (BlockKind.PARAGRAPH, "After")]


def test_tables_in_row_order_with_spans_and_covered_cells() -> None:
    body = ('<table:table><table:table-columns><table:table-column table:number-columns-repeated="3"/>'
            "</table:table-columns><table:table-header-rows><table:table-row>"
            '<table:table-cell table:number-columns-spanned="2"><text:p>Criterion</text:p></table:table-cell>'
            "<table:covered-table-cell/><table:table-cell><text:p>Weight</text:p></table:table-cell>"
            "</table:table-row></table:table-header-rows><table:table-row>"
            "<table:table-cell><text:p>Price</text:p></table:table-cell><table:table-cell><text:p>(lowest)</text:p>"
            "<text:p>wins</text:p></table:table-cell><table:table-cell><text:p>60%</text:p></table:table-cell>"
            "</table:table-row></table:table>")
    document = _parse(_odt(body))
    assert [(b.text, b.cell) for b in document.blocks] == [
        ("Criterion", Cell(0, 0, 0)), ("Weight", Cell(0, 0, 2)), ("Price", Cell(0, 1, 0)),
        ("(lowest) wins", Cell(0, 1, 1)), ("60%", Cell(0, 1, 2))]
    assert all(b.kind is BlockKind.TABLE_CELL for b in document.blocks)


def test_repeated_empty_rows_and_columns_do_not_explode() -> None:
    body = ("<table:table><table:table-row><table:table-cell><text:p>A</text:p></table:table-cell>"
            '<table:table-cell table:number-columns-repeated="16384"/>'
            "<table:table-cell><text:p>B</text:p></table:table-cell></table:table-row>"
            '<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
            'table:number-columns-repeated="16384"/></table:table-row>'
            '<table:table-row table:number-rows-repeated="1000000000"><table:table-cell><text:p>x</text:p>'
            "</table:table-cell></table:table-row>"
            "<table:table-row><table:table-cell><text:p>last</text:p></table:table-cell></table:table-row>"
            "</table:table>")
    started = time.perf_counter()
    document = _parse(_odt(body))
    assert time.perf_counter() - started < 2
    cells = [(b.text, b.cell) for b in document.blocks]
    assert cells[:2] == [("A", Cell(0, 0, 0)), ("B", Cell(0, 0, 16385))]
    assert cells[-1] == ("last", Cell(0, 1 + 1048576 + 1000000000, 0))
    assert len(cells) < 200  # a repeated non-empty row is shown a bounded number of times


def test_nested_table_cells_follow_their_parent_cell() -> None:
    inner = "<table:table><table:table-row><table:table-cell><text:p>in</text:p></table:table-cell></table:table-row></table:table>"
    body = (f"<table:table><table:table-row><table:table-cell><text:p>out</text:p>{inner}</table:table-cell>"
            "<table:table-cell><text:p>right</text:p></table:table-cell></table:table-row></table:table>")
    assert [(b.text, b.cell) for b in _parse(_odt(body)).blocks] == [
        ("out", Cell(0, 0, 0)), ("in", Cell(1, 0, 0)), ("right", Cell(0, 0, 1))]


def test_frames_notes_comments_and_tracked_deletions() -> None:
    body = ('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>deleted words</text:p>'
            "</text:deletion></text:changed-region></text:tracked-changes>"
            '<text:p>Anchor<draw:frame draw:name="f"><draw:text-box><text:p>Boxed</text:p></draw:text-box>'
            '<svg:desc>alt text</svg:desc></draw:frame> text<text:note text:note-class="footnote"><text:note-citation>1'
            "</text:note-citation><text:note-body><text:p>A footnote.</text:p></text:note-body></text:note>"
            '<office:annotation><dc:creator>Rev</dc:creator><text:p>a comment</text:p></office:annotation>'
            '<text:change-start text:change-id="c1"/><text:change-end text:change-id="c1"/> end.</text:p>'
            "<text:p>Next</text:p>")
    assert _blocks(_parse(_odt(body))) == [
        (BlockKind.PARAGRAPH, "Anchor text end."), (BlockKind.PARAGRAPH, "Boxed"), (BlockKind.PARAGRAPH, "Next"),
        (BlockKind.PARAGRAPH, "A footnote.")]


def test_table_of_contents_body_is_read_but_not_its_template() -> None:
    body = ('<text:table-of-content><text:table-of-content-source><text:index-title-template>Contents'
            "</text:index-title-template></text:table-of-content-source><text:index-body><text:index-title>"
            "<text:p>Table of contents</text:p></text:index-title><text:p>1 Scope 3</text:p></text:index-body>"
            '</text:table-of-content><text:h text:outline-level="1">Scope</text:h>')
    assert [b.text for b in _parse(_odt(body)).blocks] == ["Table of contents", "1 Scope 3", "Scope"]


def test_headers_footers_metadata_and_bold_pseudo_headings() -> None:
    styles = ('<office:styles><style:style style:name="Strong" style:family="text"><style:text-properties '
              'fo:font-weight="bold"/></style:style></office:styles><office:master-styles>'
              '<style:master-page style:name="Standard"><style:header><text:p>OFFICIAL</text:p></style:header>'
              "<style:footer><text:p>Page <text:page-number>1</text:page-number></text:p></style:footer>"
              '</style:master-page><style:master-page style:name="Other"><style:header><text:p>OFFICIAL</text:p>'
              "</style:header></style:master-page></office:master-styles>")
    automatic = ('<style:style style:name="P1" style:family="paragraph"><style:text-properties fo:font-weight="bold"/>'
                 "</style:style>")
    meta = ('<dc:title>Order form</dc:title><dc:creator>CCS</dc:creator><dc:date>2025-05-26T22:53:00Z</dc:date>'
            '<meta:document-statistic meta:page-count="9"/>')
    body = ('<text:p text:style-name="P1">CALL-OFF CHARGES</text:p><text:p>Not bold at all</text:p>'
            '<text:p><text:span text:style-name="Strong">Key staff</text:span></text:p>'
            '<text:p text:style-name="P1">A bold sentence that ends.</text:p>')
    document = _parse(_odt(body, styles=styles, automatic=automatic, meta=meta))
    assert _blocks(document) == [
        (BlockKind.HEADER_FOOTER, "OFFICIAL"), (BlockKind.HEADER_FOOTER, "Page 1"),
        (BlockKind.HEADING, "CALL-OFF CHARGES"), (BlockKind.PARAGRAPH, "Not bold at all"),
        (BlockKind.HEADING, "Key staff"), (BlockKind.PARAGRAPH, "A bold sentence that ends.")]
    assert document.pages == 9
    assert {k: document.metadata[k] for k in ("title", "creator", "modified", "pages_as_saved")} == {
        "title": "Order form", "creator": "CCS", "modified": "2025-05-26T22:53:00Z", "pages_as_saved": "9"}


# --- hostile and broken files ----------------------------------------------------------------------


def _refused(data: bytes) -> DocumentError:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DocumentError) as caught:
            _parse(data)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < 10
    assert peak < 500 * 1024 * 1024
    return caught.value


def test_hostile_odt_files_are_refused() -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
              f"<office:document-content {NAMESPACES}><office:body><office:text><text:p>&c;</text:p>"
              "</office:text></office:body></office:document-content>")
    assert isinstance(_refused(_odt("", content=laughs)), HostileXml)
    xxe = laughs.replace('<!ENTITY a "aaaaaaaaaa">', '<!ENTITY a SYSTEM "file:///etc/passwd">')
    assert isinstance(_refused(_odt("", content=xxe)), HostileXml)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_odt("<text:p>x</text:p>"))) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info.filename, source.read(info))
        with bomb.open("Pictures/zeros.bin", "w", force_zip64=True) as handle:
            for _ in range(350):
                handle.write(b"\0" * (1024 * 1024))
    assert isinstance(_refused(out.getvalue()), ZipBomb)


def test_broken_and_encrypted_odt_files() -> None:
    assert isinstance(_refused(_odt("", content="<office:document-content>")), CorruptDocument)
    assert isinstance(_refused(_odt("", content=f"<office:document-content {NAMESPACES}/>")), CorruptDocument)
    data = ORDER_FORM.read_bytes()
    assert isinstance(_refused(data[: len(data) // 2]), CorruptDocument)
    encrypted = ('<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data '
                 'manifest:checksum-type="SHA1"/></manifest:file-entry>')
    assert isinstance(_refused(_odt("<text:p>x</text:p>", manifest=encrypted)), EncryptedDocument)


# --- the corpus order form ----------------------------------------------------------------------


def _reference_text(data: bytes) -> str:
    """Independent extraction: every text node under office:text, a newline per paragraph/heading,
    and a space for the elements that stand for whitespace (text:s, text:tab, text:line-break)."""
    text, spacers = f"{{{TEXT_NS}}}", {"s", "tab", "line-break"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("content.xml")).find(f"{{{OFFICE_NS}}}body/{{{OFFICE_NS}}}text")
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.tag in (text + "p", text + "h"):
            out.append("\n")
        elif el.tag.startswith(text) and el.tag[len(text):] in spacers:
            out.append(" ")
        out.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            out.append(child.tail or "")

    walk(body)
    return "".join(out)


@pytest.fixture(scope="module")
def order_form() -> tuple[bytes, Document]:
    data = ORDER_FORM.read_bytes()
    return data, parse_bytes(data, ORDER_FORM.name)


def test_order_form_words_match_content_xml(order_form) -> None:
    data, document = order_form
    body = "\n".join(b.text for b in document.blocks if b.kind is not BlockKind.HEADER_FOOTER)
    recall, duplicates = word_stats(body, _reference_text(data))
    assert recall >= 0.98, f"recall {recall:.4f}"
    assert duplicates < 0.02, f"duplicates {duplicates:.4f}"
    assert word_stats(document.text, _reference_text(data))[1] < 0.02


def test_order_form_structure(order_form) -> None:
    _, document = order_form
    assert document.pages == 9 and document.metadata["creator"] == "Lianne Garvey"
    page_furniture = [b.text for b in document.blocks if b.kind is BlockKind.HEADER_FOOTER]
    assert page_furniture[0] == "Framework Schedule 6 (Order Form Template and Call-Off Schedules) Crown Copyright 2025"
    assert len(page_furniture) == len(set(page_furniture))
    assert any(b.kind is BlockKind.HEADING for b in document.blocks)
    items = {b.text: b.kind for b in document.blocks}
    assert items["Joint Schedule 2 (Variation Form)"] is BlockKind.LIST_ITEM
    assert items["CALL-OFF REFERENCE: [Insert Buyer’s contract reference number]"] is BlockKind.PARAGRAPH
    cells = [(b.text, b.cell.row, b.cell.col) for b in document.blocks if b.kind is BlockKind.TABLE_CELL]
    assert cells[:6] == [
        ("For and on behalf of the Supplier:", 0, 0), ("For and on behalf of the Buyer:", 0, 2),
        ("Signature:", 1, 0), ("Signature:", 1, 2), ("Name:", 2, 0), ("Name:", 2, 2)]
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text
