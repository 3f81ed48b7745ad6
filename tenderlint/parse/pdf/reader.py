"""PDF -> Document: pdfium for text, pdfplumber for tables and font repair.

pdfium (C, via pypdfium2) reads a page's text ~100x faster than pdfplumber, so it does the
bulk work: text in content order, character positions and font style (lines). pdfplumber
is used where its analysis is needed: its table finder turns pdfium's ruling lines into cell
grids (tables), and its pdfminer engine reads raw font codes for documents whose fonts
map glyphs to the wrong text (repair). Structure (paragraphs, headings, lists, running
headers and footers) is inferred in layout / furniture.

Bad input never crashes the caller: each failure mode maps to a typed DocumentError.
"""

from __future__ import annotations

import io
import re
from functools import partial
from typing import Callable

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ...errors import CorruptDocument, EncryptedDocument, NoTextLayer, TooManyPages
from ...model import Document
from ..assemble import build_document
from ..limits import Limits
from .guard import check_streams
from .layout import build_blocks
from .lines import PageText, Table, read_page
from .repair import PDFMINER_ERRORS, apply_fixes, find_fixes
from .words import english_words

# pdfplumber re-raises pdfminer's errors wrapped in its own exception types.
_PLUMBER_ERRORS = (*PDFMINER_ERRORS, PdfminerException, MalformedPDFException)

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_TAIL = 8192  # a complete PDF ends with %%EOF; some writers append a little junk after it


def parse_pdf(data: bytes, name: str, limits: Limits) -> Document:
    """Parse a PDF. Raises EncryptedDocument, NoTextLayer, CorruptDocument, TooManyPages or ZipBomb."""
    if b"%%EOF" not in data[-_TAIL:]:
        raise CorruptDocument(
            f"{name} is truncated or damaged: the PDF has no end-of-file marker. "
            "Download or export it again and re-upload."
        )
    pdf = _open(data, name)
    plumber = _Plumber(data)
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise TooManyPages(f"{name} has {count} pages; the limit is {limits.max_pages}.")
        if count == 0:
            raise CorruptDocument(f"{name} has no pages.")
        plumber.check_streams(name, limits.max_unzipped_bytes)
        pages = [_read(pdf, i, name, plumber) for i in range(count)]
        empty = [p.number for p in pages if not p.has_text]
        if len(empty) == count:
            raise NoTextLayer(
                f"{name} has no text layer on any of its {count} page(s) ({_ranges(empty)}): it looks "
                "scanned or image-only, and OCR is not supported. Upload a PDF exported from the "
                "original document, or the document itself (DOCX, ODT).",
                pages=empty,
            )
        fixes = plumber.fixes()
        fix_words: Callable[[str], str] = partial(apply_fixes, fixes=fixes)
        blocks = build_blocks(pages, fix_words, _plausibility(pages, fix_words))
        metadata = _metadata(pdf)
        if empty:
            metadata["pages_without_text"] = _ranges(empty)
        if fixes:
            metadata["repaired_words"] = str(len(fixes))
        if plumber.warning:
            metadata["layout_warning"] = plumber.warning
        return build_document(name=name, fmt="pdf", data=data, pages=count, raw_blocks=blocks, metadata=metadata)
    finally:
        plumber.close()
        pdf.close()


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocument(
                f"{name} is encrypted: a password is needed to open it. "
                "Remove the password (or export an unprotected copy) and upload it again."
            ) from exc
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedDocument(f"{name} uses an unsupported encryption scheme.") from exc
        raise CorruptDocument(f"{name} is not a readable PDF ({exc}).") from exc


def _read(pdf: pdfium.PdfDocument, index: int, name: str, plumber: _Plumber) -> PageText:
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(f"{name}: page {index + 1} cannot be read ({exc}).") from exc
    try:
        return read_page(page, index + 1, lambda: plumber.page(index))
    finally:
        page.close()
        plumber.close_page(index)


class _Plumber:
    """pdfplumber, opened only when a page has rules or fonts need checking.

    pdfminer (under pdfplumber) is stricter than pdfium; if it cannot read a file pdfium can,
    the text is still returned, without table detection or glyph repair, and the reason is
    recorded in the document metadata.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf: pdfplumber.PDF | None = None
        self.failed = False
        self.warning = ""
        self.damaged = 0
        self.open_pages: dict[int, object] = {}

    def _doc(self) -> pdfplumber.PDF | None:
        if self.pdf is None and not self.failed:
            try:
                self.pdf = pdfplumber.open(io.BytesIO(self.data))
            except _PLUMBER_ERRORS as exc:
                self._fail("tables and glyph repair skipped", exc)
        return self.pdf

    def _fail(self, what: str, exc: BaseException) -> None:
        self.failed = True
        self.warning = f"{what}: pdfminer could not read the file ({type(exc).__name__})"

    def page(self, index: int) -> object:
        doc = self._doc()
        if doc is None:
            return _NoTables()
        try:
            page = doc.pages[index]
        except _PLUMBER_ERRORS as exc:
            self._fail("tables skipped", exc)
            return _NoTables()
        self.open_pages[index] = page
        return page

    def close_page(self, index: int) -> None:
        page = self.open_pages.pop(index, None)
        if page is not None:
            page.close()  # type: ignore[attr-defined]

    def check_streams(self, name: str, max_total: int) -> None:
        """Refuse compression bombs (guard) before pdfium loads any page."""
        doc = self._doc()
        if doc is None:
            return
        try:
            self.damaged = check_streams(doc.doc, name, max_total)
        except _PLUMBER_ERRORS as exc:
            self.warning = f"stream size check skipped: pdfminer could not read the file ({type(exc).__name__})"

    def fixes(self) -> dict[str, str]:
        doc = self._doc()
        if doc is None:
            return {}
        if self.damaged:
            self.warning = f"glyph repair skipped: {self.damaged} damaged stream(s)"
            return {}
        try:
            return find_fixes(doc.doc)
        except _PLUMBER_ERRORS as exc:
            self.warning = f"glyph repair skipped: pdfminer could not read the fonts ({type(exc).__name__})"
            return {}

    def close(self) -> None:
        if self.pdf is None:
            return
        try:
            self.pdf.close()  # re-walks the page tree, which fails again on a damaged file
        except _PLUMBER_ERRORS:
            self.pdf.stream.close()  # the only resource: our in-memory copy of the bytes


class _NoTables:
    """Stands in for a pdfplumber page when pdfplumber cannot open the file."""

    def find_tables(self, table_settings: dict) -> list:
        return []


def _plausibility(pages: list[PageText], fix_words: Callable[[str], str]) -> Callable[[str], bool]:
    """Is a word (possibly hyphenated) one the document uses elsewhere, or English?

    The document's words are collected on first use: most PDFs never hyphenate a line end.
    """
    seen: set[str] = set()

    def collect() -> None:
        for page in pages:
            for item in page.items:
                texts = [t for _, _, t in item.cells] if isinstance(item, Table) else [item.text]
                for text in texts:
                    seen.update(_EDGE.sub("", raw.lower()) for raw in fix_words(text).split())

    def plausible(word: str) -> bool:
        if not seen:
            collect()
        word = word.lower()
        return word in seen or ("-" not in word and word in english_words())

    return plausible


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    out = {}
    for key, value in pdf.get_metadata_dict(skip_empty=True).items():
        if key in ("Title", "Author", "Subject", "Creator", "Producer") and value.strip():
            out[key.lower()] = value.strip()
    return out


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "pages 1-3, 7"."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and spans[-1][1] == n - 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    parts = [f"{a}" if a == b else f"{a}-{b}" for a, b in spans]
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(parts)
