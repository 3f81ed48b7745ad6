"""PDF parsing: words, structure, tables, running headers, glyph repair and bad files.

Word recall is measured against pdftotext (poppler), an independent extractor, with
tests/wordcheck.py. For uk-ccs-psc-core-terms-v2.7.pdf pdftotext itself prints broken words
("contraact", "Defnitonss."), because the PDF's fonts map glyphs to the wrong text. There the
reference is pdftotext's output with the same broken-word -> repaired-word map our parser
learned from the fonts applied to it (`find_fixes` / `apply_fixes`), so repaired words count
as recalled; separate tests check the repairs themselves against words we know.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenderlint.errors import (
    CorruptDocument,
    DocumentError,
    EncryptedDocument,
    NoTextLayer,
    TooManyPages,
    ZipBomb,
)
from tenderlint.model import BlockKind, Document
from tenderlint.parse import Limits, parse_bytes, parse_path
from tenderlint.parse.pdf.layout import dewrap
from tenderlint.parse.pdf.repair import apply_fixes, find_fixes

from ..wordcheck import word_stats

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "tenders"
PDFS = [
    "uk-ccs-psc-core-terms-v2.7.pdf",
    "uk-ccs-rm3830-about-direct-award.pdf",
    "uk-ccs-rm3830-core-terms-da.pdf",
    "uk-ccs-rm6242-dps-needs.pdf",
    "us-in-iche-sor-app-maintenance.pdf",
    "us-in-iot-sor-servicenow-ocm.pdf",
]
BROKEN_GLYPHS = "uk-ccs-psc-core-terms-v2.7.pdf"

_parsed: dict[str, Document] = {}


def parsed(name: str) -> Document:
    if name not in _parsed:
        path = CORPUS / name
        if not path.is_file():
            pytest.fail(f"corpus file missing: {path}")
        _parsed[name] = parse_path(path)
    return _parsed[name]


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --- the corpus -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", PDFS)
def test_words_match_pdftotext(name: str) -> None:
    path = CORPUS / name
    reference = pdftotext(path)
    if name == BROKEN_GLYPHS:
        with pdfplumber.open(path) as pdf:
            reference = apply_fixes(reference, find_fixes(pdf.doc))
    recall, duplicates = word_stats(parsed(name).text, reference)
    assert recall >= 0.98, f"{name}: recall {recall:.4f}"
    assert duplicates < 0.02, f"{name}: duplicates {duplicates:.4f}"


@pytest.mark.parametrize("name", PDFS)
def test_pages_and_offsets(name: str) -> None:
    document = parsed(name)
    assert document.format == "pdf"
    assert document.blocks[0].page == 1
    assert all(1 <= b.page <= document.pages for b in document.blocks)
    pages = [b.page for b in document.blocks]
    assert pages == sorted(pages), "blocks are in page order"
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text


def test_broken_ligatures_are_repaired() -> None:
    text = parsed(BROKEN_GLYPHS).text
    words = set(text.split())
    for good in ("contract", "quantity", "Call-Off", "sufficient", "fit", "Staff", "notify", "attached"):
        assert good in words, good
    assert "(Definitions)." in words
    for broken in ("contraact", "quantty", "(Defnitonss.", "Call-Of", "sufcient", "notfy", "atached", "woraks"):
        assert broken not in words, broken


def test_repair_leaves_sound_fonts_alone() -> None:
    for name in PDFS:
        if name != BROKEN_GLYPHS:
            with pdfplumber.open(CORPUS / name) as pdf:
                assert find_fixes(pdf.doc) == {}, name


def test_headings_levels_and_clauses() -> None:
    document = parsed(BROKEN_GLYPHS)
    by_text = {b.text: b for b in document.blocks}
    top = by_text["1. Definitions used in the contract"]
    sub = by_text["3.2 Goods clauses"]
    assert top.kind is sub.kind is BlockKind.HEADING
    assert top.level < sub.level
    assert top.clause == "1" and sub.clause == "3.2"
    clause = next(b for b in document.blocks if b.text.startswith("3.2.1 All Goods delivered"))
    assert clause.kind is BlockKind.PARAGRAPH and clause.clause == "3.2.1"
    assert clause.section[-2:] == ("3. What needs to be delivered", "3.2 Goods clauses")


def test_paragraphs_are_dewrapped_and_lists_found() -> None:
    document = parsed(BROKEN_GLYPHS)
    para = next(b for b in document.blocks if b.clause == "2.2")
    assert para.text == (
        "2.2 CCS doesn’t guarantee the Supplier any exclusivity, quantity or value of work "
        "under the Framework Contract."
    )
    items = [b.text for b in document.blocks if b.kind is BlockKind.LIST_ITEM and b.page == 2]
    assert "is between a Supplier and a Buyer" in items


def test_table_cells_come_out_in_row_order() -> None:
    document = parsed("us-in-iot-sor-servicenow-ocm.pdf")
    cells = [b for b in document.blocks if b.kind is BlockKind.TABLE_CELL and b.page == 2]
    assert [c.text for c in cells[:8]] == [
        "Activity",
        "Date",
        "Issue Request for Information Technology (IT) Project Services",
        "12/6/24",
        "Deadline for IT Project Vendors to Submit Written Questions, via Q&A Template, "
        "to CAI.SOIN.Projects@cai.io by 2:00pm EDT",
        "12/16/24",
        "Answers to Written Questions",
        "12/20/24",
    ]
    assert [(c.cell.row, c.cell.col) for c in cells[:4]] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    positions = [(c.cell.table, c.cell.row, c.cell.col) for c in document.blocks if c.cell]
    assert positions == sorted(positions), "cells in table, row, column order"
    acronyms = [b.text for b in document.blocks if b.cell and b.page == 4]
    assert acronyms[:6] == ["Acronym", "Definition", "MSP", "Managed Service Provider", "SOW", "Statement of Work"]


def test_table_text_is_not_repeated_in_paragraphs() -> None:
    for name in ("us-in-iot-sor-servicenow-ocm.pdf", "us-in-iche-sor-app-maintenance.pdf"):
        document = parsed(name)
        prose = " ".join(b.text for b in document.blocks if b.kind is not BlockKind.TABLE_CELL)
        # Cells long enough not to recur in prose by chance.
        cells = [b.text for b in document.blocks if b.kind is BlockKind.TABLE_CELL and len(b.text.split()) >= 6]
        assert len(cells) > 5
        reference = pdftotext(CORPUS / name)
        repeated = [c for c in cells if c in prose and reference.count(c) < 2]
        assert not repeated, f"{name}: {repeated[:3]}"
        assert document.text.count("Services Awarded") == 1


def test_running_headers_and_footers() -> None:
    document = parsed("us-in-iot-sor-servicenow-ocm.pdf")
    furniture = [b for b in document.blocks if b.kind is BlockKind.HEADER_FOOTER]
    for page in range(2, 14):
        texts = {b.text for b in furniture if b.page == page}
        assert f"Page {page} of 13" in texts
        assert "Statement of Requirements (SOR)" in texts
    body = [b.text for b in document.blocks if b.kind is not BlockKind.HEADER_FOOTER]
    assert not any("Page 3 of 13" in t for t in body)
    psc = parsed(BROKEN_GLYPHS)
    footers = {b.page for b in psc.blocks if b.kind is BlockKind.HEADER_FOOTER and b.text == "-5-"}
    assert footers == {5}


# --- generated documents ----------------------------------------------------------------


def tender_pdf(pages: int = 3) -> bytes:
    """A small tender: title, numbered clause headings, clauses, a ruled table, a footer."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    story = [Paragraph("Invitation to Tender: Parking Sensors", styles["Title"])]
    for section in range(1, pages + 1):
        story.append(Paragraph(f"{section}. Requirements part {section}", styles["Heading1"]))
        story.append(Paragraph(f"{section}.1 Delivery", styles["Heading2"]))
        for clause in range(1, 4):
            story.append(
                Paragraph(
                    f"{section}.1.{clause} The supplier shall install and maintain the sensors in every "
                    "car park listed in the schedule, and shall report faults within two working days "
                    "of their occurrence to the council's contract manager.",
                    styles["BodyText"],
                )
            )
        if section == 1:
            table = Table([["Lot", "Value"], ["Sensors", "£100,000"], ["Maintenance", "£20,000"]])
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)
        story.append(PageBreak())

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 30, f"Example Council ITT - page {doc.page}")

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def image_only_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("RGB", (200, 100), (200, 30, 30))
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    for _ in range(2):
        page.drawImage(ImageReader(picture), 72, 400, width=400, height=200)
        page.showPage()
    page.save()
    return out.getvalue()


def encrypted_pdf(user: str) -> bytes:
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(tender_pdf(1))) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user=user, owner="owner-secret"))
    return out.getvalue()


def bomb_pdf(megabytes: int = 40) -> bytes:
    """One page whose content stream is ~40 KB stored and `megabytes` MB decoded."""
    import zlib

    import pikepdf

    packer = zlib.compressobj(9)
    block = b"0 0 m\n" * (1 << 17)
    parts = [packer.compress(block) for _ in range(megabytes * 4 // 3)]
    parts.append(packer.compress(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n") + packer.flush())
    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
        pdf.pages[0].Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)))
        stream = pikepdf.Stream(pdf, b"".join(parts))
        stream.Filter = pikepdf.Name.FlateDecode
        pdf.pages[0].Contents = pdf.make_indirect(stream)
        pdf.save(out)
    return out.getvalue()


def test_generated_tender_structure() -> None:
    document = parse_bytes(tender_pdf(), "itt.pdf")
    assert document.pages == 3
    headings = {b.text: b for b in document.blocks if b.kind is BlockKind.HEADING}
    assert headings["Invitation to Tender: Parking Sensors"].level == 1
    assert headings["1. Requirements part 1"].level < headings["1.1 Delivery"].level
    clause = next(b for b in document.blocks if b.clause == "2.1.3")
    assert clause.kind is BlockKind.PARAGRAPH and clause.page == 2
    assert clause.section[-1] == "2.1 Delivery"
    assert clause.text.endswith("to the council's contract manager.")
    cells = [(b.cell.row, b.cell.col, b.text) for b in document.blocks if b.cell]
    assert cells == [
        (0, 0, "Lot"),
        (0, 1, "Value"),
        (1, 0, "Sensors"),
        (1, 1, "£100,000"),
        (2, 0, "Maintenance"),
        (2, 1, "£20,000"),
    ]
    footers = [b for b in document.blocks if b.kind is BlockKind.HEADER_FOOTER]
    assert [b.page for b in footers] == [1, 2, 3]
    assert all(b.text.startswith("Example Council ITT - page") for b in footers)


def test_owner_password_only_still_parses() -> None:
    document = parse_bytes(encrypted_pdf(user=""), "restricted.pdf")
    assert "Invitation to Tender" in document.text


def test_encrypted_pdf_needs_password() -> None:
    with pytest.raises(EncryptedDocument) as caught:
        parse_bytes(encrypted_pdf(user="secret"), "locked.pdf")
    assert caught.value.code == "encrypted"
    assert "password" in caught.value.message


def test_image_only_pdf_has_no_text_layer() -> None:
    with pytest.raises(NoTextLayer) as caught:
        parse_bytes(image_only_pdf(), "scan.pdf")
    assert caught.value.code == "no-text-layer"
    assert caught.value.pages == [1, 2]
    assert "OCR is not supported" in caught.value.message
    assert "pages 1-2" in caught.value.message


def test_truncated_and_corrupt_pdfs() -> None:
    data = tender_pdf()
    for bad in (data[: len(data) * 2 // 3], data[:200], b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"):
        with pytest.raises(CorruptDocument) as caught:
            parse_bytes(bad, "bad.pdf")
        assert caught.value.code == "corrupt-file"


def test_compression_bomb_is_refused() -> None:
    with pytest.raises(ZipBomb) as caught:
        parse_bytes(bomb_pdf(), "bomb.pdf")
    assert caught.value.code == "zip-bomb"
    assert "page 1" in caught.value.message


def test_too_many_pages() -> None:
    with pytest.raises(TooManyPages) as caught:
        parse_bytes(tender_pdf(), "long.pdf", Limits(max_pages=2))
    assert caught.value.code == "too-many-pages"
    assert "3 pages" in caught.value.message


_RUNNER = """
import sys
from tenderlint.errors import DocumentError
from tenderlint.parse import Limits, parse_bytes
data = open(sys.argv[1], "rb").read()
try:
    parse_bytes(data, "upload.pdf", Limits(max_pages=int(sys.argv[2])))
    outcome = "ok"
except DocumentError as exc:
    outcome = exc.code
# VmHWM is this process image's own peak; ru_maxrss would carry the (large) test runner's peak
# across fork and exec
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(outcome, peak_kb // 1024)
"""


@pytest.mark.parametrize(
    ("make", "max_pages", "code"),
    [
        (lambda: encrypted_pdf(user="secret"), 1000, "encrypted"),
        (image_only_pdf, 1000, "no-text-layer"),
        (lambda: tender_pdf()[:3000], 1000, "corrupt-file"),
        (lambda: b"%PDF-1.4\n1 0 obj <<>>\n" + b"\xff" * 100_000 + b"\n%%EOF", 1000, "corrupt-file"),
        (tender_pdf, 2, "too-many-pages"),
        (lambda: bomb_pdf(200), 1000, "zip-bomb"),
    ],
    ids=["encrypted", "image-only", "truncated", "garbage", "too-many-pages", "compression-bomb"],
)
def test_bad_files_fail_fast_in_bounded_memory(tmp_path: Path, make, max_pages: int, code: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "upload.pdf"
    path.write_bytes(make())
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(path), str(max_pages)],
        capture_output=True,
        text=True,
        timeout=10,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert time.monotonic() - started < 10
    assert result.returncode == 0, result.stderr[-2000:]
    outcome, peak_mb = result.stdout.split()
    assert outcome == code
    assert int(peak_mb) < 500


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=10_000), junk=st.binary(min_size=1, max_size=16))
def test_damaged_bytes_raise_document_errors_only(cut: int, junk: bytes) -> None:
    data = bytearray(_small_pdf())
    position = cut % len(data)
    data[position : position + len(junk)] = junk
    try:
        parse_bytes(bytes(data), "fuzz.pdf")
    except DocumentError:
        pass  # the expected outcome for many mutations; anything else fails the test


_SMALL: list[bytes] = []


def _small_pdf() -> bytes:
    if not _SMALL:
        _SMALL.append(tender_pdf(1))
    return _SMALL[0]


# --- units --------------------------------------------------------------------------------


def test_dewrap_joins_lines_and_judges_hyphens() -> None:
    known = {"implementation", "call-off"}.__contains__
    assert dewrap("the imple-\nmentation plan", known) == "the implementation plan"
    assert dewrap("each Call-\nOff Contract", known) == "each Call-Off Contract"
    assert dewrap("a call\ufffeoff order", known) == "a call-off order"
    assert dewrap("long\nline", known) == "long line"
    assert dewrap("soft\u00ad\nhyphen", known) == "softhyphen"
    assert dewrap("well-\nknown", lambda w: False) == "well-known"
