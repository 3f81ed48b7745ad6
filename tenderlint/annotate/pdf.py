"""A PDF back with a highlight on each finding's passage and a note holding the finding's text.

The parser does not keep character boxes (its text is rebuilt from lines, repaired and
de-hyphenated), so each passage is found again on its page: pdfium's characters are reduced to
a key of lower-case letters and digits (ligatures unfolded), the quote likewise, and the quote's
key is searched in the page's. The boxes of the characters matched give one quad per line.
The annotations are written with pikepdf; the page content is not touched.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import Document
from .docx import Annotated
from .notes import AUTHOR, Note

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF user space
_YELLOW = [1, 0.85, 0.1]


@dataclass
class _PageKey:
    """A page's text as a search key, and for each key character the pdfium character it came from."""

    key: str
    chars: list[int]
    boxes: dict[int, Box]


def _key(text: str) -> tuple[str, list[int]]:
    """Lower-case letters and digits only, with for each the index of the character it came from."""
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).lower():
            if folded.isalnum():
                out.append(folded)
                index.append(i)
    return "".join(out), index


def _read_page(pdf: pdfium.PdfDocument, number: int) -> _PageKey:
    textpage = pdf[number].get_textpage()
    count = textpage.count_chars()
    text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(count))
    key, chars = _key(text)
    boxes = {i: textpage.get_charbox(i) for i in sorted(set(chars))}
    return _PageKey(key, chars, boxes)


def _lines(boxes: list[Box]) -> list[Box]:
    """One box per line of the characters given in reading order."""
    lines: list[list[float]] = []
    for left, bottom, right, top in boxes:
        if right <= left or top <= bottom:
            continue
        middle = (bottom + top) / 2
        if lines and lines[-1][1] <= middle <= lines[-1][3] and left >= lines[-1][0] - 1:
            line = lines[-1]
            line[0], line[1], line[2], line[3] = min(line[0], left), min(line[1], bottom), max(line[2], right), max(line[3], top)
        else:
            lines.append([left, bottom, right, top])
    return [(a, b, c, d) for a, b, c, d in lines]


class _Finder:
    """Finds notes' passages on pages, reading each page's characters once."""

    def __init__(self, data: bytes, document: Document) -> None:
        self.pdf = pdfium.PdfDocument(data)
        self.document = document
        self.pages: dict[int, _PageKey] = {}

    def page(self, number: int) -> _PageKey:
        if number not in self.pages:
            self.pages[number] = _read_page(self.pdf, number)
        return self.pages[number]

    def find(self, note: Note) -> tuple[int, list[Box]] | None:
        """(0-based page, line boxes) of the note's passage, or None if its words are not on any page."""
        wanted, _ = _key(note.quote or self.document.text[note.start:note.end])
        if not wanted:
            return None
        count = len(self.pdf)
        first = (note.page - 1) if note.page and 0 < note.page <= count else None
        order = ([first] if first is not None else []) + [n for n in range(count) if n != first]
        for number in order:
            page = self.page(number)
            starts = _occurrences(page.key, wanted)
            if starts:
                pick = starts[min(self._occurrence(note, wanted, number), len(starts) - 1)]
                span: tuple[int, int] | None = (pick, pick + len(wanted))
            else:
                span = _near_match(page.key, wanted)
            if span is None:
                continue
            indices = page.chars[span[0]:span[1]]
            boxes = [page.boxes[i] for i in sorted(set(indices))]
            return number, _lines(boxes)
        return None

    def _occurrence(self, note: Note, wanted: str, number: int) -> int:
        """Which occurrence on its page the passage is: how often the quote appears earlier on that page."""
        page_start = next((b.start for b in self.document.blocks if b.page == number + 1), None)
        if page_start is None or page_start > note.start:
            return 0
        before, _ = _key(self.document.text[page_start:note.start])
        return len(_occurrences(before, wanted))

    def close(self) -> None:
        self.pdf.close()


_CHUNK = 24  # key characters in an anchor of a near match
_TRIES = 4  # anchors tried from each end of the quote


def _near_match(key: str, wanted: str) -> tuple[int, int] | None:
    """Where a quote the parser repaired sits (a ligature the PDF lost, "informaton" for "information"):
    an exact run from near its start and one from near its end, about the quote's length apart."""
    size = min(_CHUNK, len(wanted))
    if len(wanted) < 2 * size:
        return None
    for head in range(0, min(_TRIES * size, len(wanted) - size), size):
        for found in _occurrences(key, wanted[head:head + size]):
            start = max(0, found - head)
            for back in range(0, min(_TRIES * size, len(wanted) - size - head), size):
                tail = wanted[len(wanted) - size - back:len(wanted) - back]
                at = key.find(tail, found + size, start + len(wanted) + len(wanted) // 5 + size)
                if at >= 0:
                    end = at + size + back
                    if abs((end - start) - len(wanted)) <= len(wanted) // 5 + 4:
                        return start, min(end, len(key))
    return None


def _occurrences(text: str, wanted: str) -> list[int]:
    found, at = [], text.find(wanted)
    while at >= 0:
        found.append(at)
        at = text.find(wanted, at + 1)
    return found


def annotate_pdf(data: bytes, document: Document, notes: list[Note]) -> Annotated:
    """`data` with a highlight (and its note) per passage found; notes about the whole document,
    with no passage, become sticky notes at the top of the first page."""
    finder = _Finder(data, document)
    result = Annotated(data)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for serial, note in enumerate(notes, 1):
                if note.end <= note.start:
                    _add_sticky(pdf, pdf.pages[0], note, serial)
                    result.placed.append(note)
                    continue
                found = finder.find(note)
                if found is None or not found[1]:
                    result.unplaced.append(note)
                    continue
                number, lines = found
                _add_highlight(pdf, pdf.pages[number], note, lines, serial)
                result.placed.append(note)
            out = io.BytesIO()
            pdf.save(out)
            result.data = out.getvalue()
    finally:
        finder.close()
    return result


def _common(note: Note, serial: int) -> dict[str, object]:
    return {
        "/Type": pikepdf.Name.Annot,
        "/Contents": _text_string(note.text),
        "/T": pikepdf.String(AUTHOR),
        "/Subj": pikepdf.String(note.rule_id),
        "/NM": pikepdf.String(f"tenderlint-{serial}"),
        "/F": 4,  # print
        "/C": pikepdf.Array(_YELLOW),
    }


def _text_string(text: str) -> pikepdf.String:
    """A PDF text string every reader decodes: ASCII as it is, anything else as UTF-16BE with its
    byte order mark. (pikepdf would pick PDFDocEncoding where it can, whose bytes 0x80-0x9F hold
    dashes and quotes that pdfplumber, decoding as UTF-8 or UTF-16, refuses with an error.)"""
    if text.isascii():
        return pikepdf.String(text)
    return pikepdf.String(b"\xfe\xff" + text.encode("utf-16-be"))


def _attach(pdf: pikepdf.Pdf, page: pikepdf.Page, annotation: pikepdf.Dictionary, rect: Box) -> None:
    """Add the annotation and a closed popup that shows its note beside it."""
    annotation = pdf.make_indirect(annotation)
    media = [float(v) for v in page.mediabox]
    popup = pdf.make_indirect(pikepdf.Dictionary({
        "/Type": pikepdf.Name.Annot,
        "/Subtype": pikepdf.Name.Popup,
        "/Parent": annotation,
        "/Open": False,
        "/Rect": pikepdf.Array([max(media[0], media[2] - 220), max(media[1], rect[3] - 120), media[2], rect[3]]),
    }))
    annotation.Popup = popup
    annotation.P = page.obj
    if "/Annots" not in page.obj:
        page.obj.Annots = pdf.make_indirect(pikepdf.Array())
    page.obj.Annots.append(annotation)
    page.obj.Annots.append(popup)


def _add_highlight(pdf: pikepdf.Pdf, page: pikepdf.Page, note: Note, lines: list[Box], serial: int) -> None:
    quads: list[float] = []
    for left, bottom, right, top in lines:
        quads += [left, top, right, top, left, bottom, right, bottom]  # the order Acrobat and pdfium read
    rect = (min(b[0] for b in lines), min(b[1] for b in lines), max(b[2] for b in lines), max(b[3] for b in lines))
    highlight = pikepdf.Dictionary({
        **_common(note, serial),
        "/Subtype": pikepdf.Name.Highlight,
        "/Rect": pikepdf.Array(list(rect)),
        "/QuadPoints": pikepdf.Array(quads),
        "/CA": 0.5,
    })
    _attach(pdf, page, highlight, rect)


def _add_sticky(pdf: pikepdf.Pdf, page: pikepdf.Page, note: Note, serial: int) -> None:
    media = [float(v) for v in page.mediabox]
    rect = (media[0] + 10, media[3] - 34, media[0] + 34, media[3] - 10)
    sticky = pikepdf.Dictionary({
        **_common(note, serial),
        "/Subtype": pikepdf.Name.Text,
        "/Name": pikepdf.Name.Comment,
        "/Rect": pikepdf.Array(list(rect)),
    })
    _attach(pdf, page, sticky, rect)
