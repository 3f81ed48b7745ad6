"""Refuse compression bombs before pdfium expands them.

A 1.6 MB PDF whose page content inflates to 1 GB makes pdfium allocate over 2 GB and spin
for seconds before giving up. pdfium has no hook to cap that, so every stream a page makes
pdfium decode (content, form XObjects and patterns at any depth, fonts, ToUnicode maps, Type 3
glyphs) is decoded here first through its whole filter chain with a budget (filters), via
pdfminer's object parser. Sizes are measured, not kept: memory stays at a few chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1

from ...errors import ZipBomb
from .filters import UnmeasurableChain, decoded_size

MB = 1024 * 1024
MAX_PAGE_BYTES = 24 * MB  # decoded streams one page may need; real pages use well under 1 MB


def check_streams(doc: PDFDocument, name: str, max_total: int) -> int:
    """Raise ZipBomb if a page's streams, or the document's, decode beyond the limits.

    Returns how many streams are damaged (do not decode to their end). pdfminer decodes
    those a byte at a time in Python, seconds per font file, so callers skip pdfminer-based
    extras for such files and leave them to pdfium.
    """
    seen: set[object] = set()
    total = 0
    damaged = 0
    for number, page in enumerate(PDFPage.create_pages(doc), start=1):
        page_total = 0
        for stream in _page_streams(page, seen):
            budget = min(MAX_PAGE_BYTES - page_total, max_total - total)
            try:
                size, complete = _decoded_size(stream, budget + 1)
            except UnmeasurableChain as exc:
                raise ZipBomb(
                    f"{name}: a stream on page {number} {exc}, which no PDF writer produces and which "
                    "could hide a compression bomb, so the file was not read."
                ) from exc
            damaged += not complete
            page_total += size
            total += size
            if page_total > MAX_PAGE_BYTES or total > max_total:
                limit = MAX_PAGE_BYTES if page_total > MAX_PAGE_BYTES else max_total
                raise ZipBomb(
                    f"{name}: page {number} expands to more than {limit // MB} MB when decompressed; "
                    "this looks like a compression bomb, so the file was not read."
                )
    return damaged


def _page_streams(page: PDFPage, seen: set[object]) -> Iterator[PDFStream]:
    """Every stream pdfium may decode for this page, each once per document, at any nesting depth.

    Walked with a work list, not recursion, so a chain of thousands of forms cannot exhaust the
    stack; a form or resource dictionary already visited is not walked again, so cycles end.
    """
    yield from _unseen(page.contents or [], seen)
    pending: list[Any] = [page.resources]
    visited: set[int] = set()
    while pending:
        resources = resolve1(pending.pop())
        if not isinstance(resources, dict) or id(resources) in visited:
            continue
        visited.add(id(resources))
        for font in _values(resources.get("Font")):
            descriptors = [font.get("FontDescriptor")]
            descriptors += [_dict(d).get("FontDescriptor") for d in resolve1(font.get("DescendantFonts")) or []]
            for descriptor in map(_dict, descriptors):
                yield from _unseen([descriptor.get(k) for k in ("FontFile", "FontFile2", "FontFile3")], seen)
            yield from _unseen([font.get("ToUnicode")], seen)
            yield from _unseen(list(_dict(font.get("CharProcs")).values()), seen)  # Type 3 glyphs draw like forms
            pending.append(font.get("Resources"))
        forms = [x for x in _dict(resources.get("XObject")).values() if _subtype(x) == "Form"]
        patterns = list(_dict(resources.get("Pattern")).values())  # tiling patterns are content streams
        for stream in _unseen(forms + patterns, seen):
            yield stream
            pending.append(stream.get("Resources"))


def _unseen(items: Iterable[Any], seen: set[object]) -> Iterator[PDFStream]:
    for item in items:
        stream = resolve1(item)
        if not isinstance(stream, PDFStream):
            continue
        key = (stream.objid, stream.genno) if stream.objid is not None else id(stream)
        if key not in seen:
            seen.add(key)
            yield stream


def _dict(value: Any) -> dict[str, Any]:
    value = resolve1(value)
    return value if isinstance(value, dict) else {}


def _values(value: Any) -> Iterator[dict[str, Any]]:
    for item in _dict(value).values():
        yield _dict(item)


def _subtype(value: Any) -> str:
    stream = resolve1(value)
    return getattr(resolve1(stream.get("Subtype")), "name", "") if isinstance(stream, PDFStream) else ""


def _decoded_size(stream: PDFStream, cap: int) -> tuple[int, bool]:
    """(decoded length counted up to `cap`, whether the data decoded cleanly)."""
    data = stream.rawdata
    if data is None:  # already decoded by pdfminer
        return len(stream.data or b""), True
    if stream.decipher and stream.objid is not None and stream.genno is not None:  # encrypted with an empty user password: pdfium decrypts these too
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = [(_name(f), {k: resolve1(v) for k, v in _dict(p).items()}) for f, p in stream.get_filters()]
    return decoded_size(data, filters, cap)


def _name(value: Any) -> str:
    name = getattr(value, "name", value)
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)
