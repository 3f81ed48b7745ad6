"""Refuse compression bombs before pdfium expands them.

A 1.6 MB PDF whose page content inflates to 1 GB makes pdfium allocate over 2 GB and spin
for seconds before giving up. pdfium has no hook to cap that, so every stream a page makes
pdfium decode (content, form XObjects, fonts, ToUnicode maps) is inflated here first with a
cap, via pdfminer's object parser. Sizes are measured, not kept: memory stays at one chunk
(at most the cap for the rare stream compressed twice).
"""

from __future__ import annotations

import zlib
from typing import Iterator

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, dict_value, resolve1

from ..errors import ZipBomb

MB = 1024 * 1024
MAX_PAGE_BYTES = 24 * MB  # decoded streams one page may need; real pages use well under 1 MB
_CHUNK = 1 * MB
_FLATE = {"FlateDecode", "Fl"}
_MAX_DEPTH = 4


def check_streams(doc: PDFDocument, name: str, max_total: int) -> int:
    """Raise ZipBomb if a page's streams, or the document's, inflate beyond the limits.

    Returns how many streams are damaged (do not inflate to their end). pdfminer decodes
    those a byte at a time in Python, seconds per font file, so callers skip pdfminer-based
    extras for such files and leave them to pdfium.
    """
    seen: set[int] = set()
    total = 0
    damaged = 0
    for number, page in enumerate(PDFPage.create_pages(doc), start=1):
        page_total = 0
        for stream in _page_streams(page, seen):
            budget = min(MAX_PAGE_BYTES - page_total, max_total - total)
            size, complete = _inflated_size(stream, budget + 1)
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


def _page_streams(page: PDFPage, seen: set[int]) -> Iterator[PDFStream]:
    contents = page.contents or []
    yield from _unseen(contents, seen)
    yield from _resource_streams(page.resources, seen, 0)


def _unseen(items: list, seen: set[int]) -> Iterator[PDFStream]:
    for item in items:
        stream = resolve1(item)
        if isinstance(stream, PDFStream) and id(stream) not in seen:
            seen.add(id(stream))
            yield stream


def _resource_streams(resources: object, seen: set[int], depth: int) -> Iterator[PDFStream]:
    resources = dict_value(resolve1(resources)) if resources else {}
    for font in dict_value(resolve1(resources.get("Font", {}))).values():
        font = dict_value(resolve1(font))
        descriptors = [font.get("FontDescriptor")]
        for descendant in resolve1(font.get("DescendantFonts")) or []:
            descriptors.append(dict_value(resolve1(descendant)).get("FontDescriptor"))
        for descriptor in descriptors:
            descriptor = dict_value(resolve1(descriptor)) if descriptor else {}
            yield from _unseen([descriptor.get(k) for k in ("FontFile", "FontFile2", "FontFile3")], seen)
        yield from _unseen([font.get("ToUnicode")], seen)
    if depth >= _MAX_DEPTH:
        return
    for xobject in dict_value(resolve1(resources.get("XObject", {}))).values():
        xobject = resolve1(xobject)
        if not isinstance(xobject, PDFStream) or getattr(resolve1(xobject.get("Subtype")), "name", "") != "Form":
            continue
        for stream in _unseen([xobject], seen):
            yield stream
            yield from _resource_streams(stream.get("Resources"), seen, depth + 1)


def _inflated_size(stream: PDFStream, cap: int) -> tuple[int, bool]:
    """(decoded length counted up to `cap`, whether the data decoded cleanly).

    Only Flate expands much, so chains of Flate are inflated chunk by chunk; other filters
    are counted at their stored size (pdfium's own limits apply to them).
    """
    data = stream.rawdata
    if data is None:  # already decoded by pdfminer
        return len(stream.data or b""), True
    if stream.decipher:  # encrypted with an empty user password: pdfium decrypts these too
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = [getattr(f, "name", str(f)) for f, _ in stream.get_filters()]
    if not filters or any(f not in _FLATE for f in filters):
        return len(data), True
    state = _Inflation()
    chunks: list[bytes] = [data]
    for _ in filters[:-1]:  # rare chains of Flate: keep the (capped) intermediate result
        chunks = list(_inflate(chunks, cap, state))
    size = sum(len(c) for c in _inflate(chunks, cap, state))
    return size, state.clean


class _Inflation:
    clean = True


def _inflate(chunks: list[bytes], cap: int, state: _Inflation) -> Iterator[bytes]:
    """Inflate a stream given as chunks, yielding at most `cap` bytes in _CHUNK pieces."""
    inflater = zlib.decompressobj()
    produced = 0
    try:
        for chunk in chunks:
            pending = chunk
            while pending and produced < cap:
                out = inflater.decompress(pending, min(_CHUNK, cap - produced))
                produced += len(out)
                yield out
                pending = inflater.unconsumed_tail
            if produced >= cap:
                return
    except zlib.error:
        state.clean = False  # damaged: pdfium decodes what it can, which is no more than this
