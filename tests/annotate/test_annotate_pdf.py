"""PDF annotation: one highlight per finding kept, whose quads lie over the quoted words."""

from __future__ import annotations

import io
from functools import lru_cache

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tenderlint.annotate import annotate, notes_for
from tenderlint.annotate.notes import Note
from tenderlint.annotate.pdf import _key
from tenderlint.engine import Linter
from tenderlint.parse import parse_bytes
from tests.conftest import CORPUS


@lru_cache(maxsize=1)
def linter() -> Linter:
    return Linter()


def highlights(data: bytes) -> list[tuple[int, str, str]]:
    """(1-based page, the note's text, the page text under its quads) of each highlight."""
    out = []
    rendered = pdfium.PdfDocument(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            textpage = rendered[number].get_textpage()
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Highlight":
                    continue
                quads = [float(v) for v in annot.QuadPoints]
                under = " ".join(
                    textpage.get_text_bounded(quads[i + 4], quads[i + 5], quads[i + 2], quads[i + 1])
                    for i in range(0, len(quads), 8)
                )
                assert annot.Popup.Parent.objgen == annot.objgen  # the note opens from the highlight
                out.append((number + 1, str(annot.Contents), under))
    rendered.close()
    return out


def words_covered(quote: str, under: str) -> bool:
    """The text under the quads holds the quote's words (allowing the parser's ligature repairs at most)."""
    wanted, got = _key(quote)[0], _key(under)[0]
    if wanted in got:
        return True
    return wanted[:20] in got and wanted[-20:] in got and abs(len(got) - len(wanted)) <= len(wanted) // 5 + 8


@pytest.mark.parametrize("path", [
    "tenders/uk-ccs-psc-core-terms-v2.7.pdf", "tenders/us-in-iot-sor-servicenow-ocm.pdf",
    "blind/us-nc-charlotte-rfp-market-research-services.pdf",  # 20 passages, none tuned for
])
def test_corpus_pdf_gets_one_highlight_per_finding_over_its_words(path: str) -> None:
    name = path.split("/")[-1]
    data = (CORPUS.parent / path).read_bytes()
    document = parse_bytes(data, name)
    notes = notes_for([f.to_json() for f in linter().lint(document).findings])
    passages = [n for n in notes if n.end > n.start]
    assert passages
    result = annotate(data, document, notes)
    assert not result.unplaced
    found = highlights(result.data)
    assert len(found) == len(passages)
    for note in passages:
        match = [f for f in found if f[1] == note.text]
        assert match, note.rule_id
        page, _, under = match[0]
        assert page == note.page
        assert words_covered(note.quote, under), (note.quote, under)
    with pdfplumber.open(io.BytesIO(result.data)) as opened:  # pdfminer reads it, with our notes
        contents = [a["contents"] for p in opened.pages for a in p.annots]
    assert sum(1 for c in contents if c and "[" in c) == len(notes)
    assert parse_bytes(result.data, name).text == document.text  # the page content is untouched


def small_pdf() -> bytes:
    """Two pages; the phrase on page 2 appears twice, and the second is the finding's."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont("Helvetica", 11)
    page.drawString(72, 760, "Invitation to tender for parking sensors")
    page.drawString(72, 740, "The buyer will publish the award notice.")
    page.showPage()
    page.setFont("Helvetica", 11)
    page.drawString(72, 760, "Liquidated damages apply to late delivery.")
    page.drawString(72, 740, "The Supplier shall bear all risks of delay, including")
    page.drawString(72, 726, "those caused by the Buyer. Liquidated damages apply to late delivery.")
    page.showPage()
    page.save()
    return out.getvalue()


def test_second_occurrence_on_a_page_across_lines() -> None:
    data = small_pdf()
    document = parse_bytes(data, "small.pdf")
    start = document.text.index("bear all risks")
    end = document.text.index("by the Buyer.") + len("by the Buyer.")
    second = document.text.rindex("Liquidated damages")
    notes = [
        Note(start, end, 2, document.text[start:end], ("warning [R-1] risk of delay",), "R-1"),
        Note(second, second + len("Liquidated damages"), 2, "Liquidated damages", ("info [R-2] damages",), "R-2"),
        Note(0, 0, None, "", ("warning [D-1] whole document",), "D-1"),
    ]
    result = annotate(data, document, notes)
    assert len(result.placed) == 3
    found = {text: (page, under) for page, text, under in highlights(result.data)}
    page, under = found["warning [R-1] risk of delay"]
    assert page == 2 and words_covered("bear all risks of delay, including those caused by the Buyer.", under)
    assert "Supplier shall" not in under
    page, under = found["info [R-2] damages"]
    assert page == 2 and under.strip() == "Liquidated damages"
    with pikepdf.open(io.BytesIO(result.data)) as pdf:  # the second line's occurrence, not the first
        quads = next(a.QuadPoints for a in pdf.pages[1].Annots if str(a.get("/Contents", "")) == "info [R-2] damages")
        assert float(quads[1]) < 740
        sticky = [a for a in pdf.pages[0].Annots if a.get("/Subtype") == "/Text"]
        assert [str(a.Contents) for a in sticky] == ["warning [D-1] whole document"]
