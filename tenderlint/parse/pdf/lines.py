"""One PDF page -> text lines with position and style, and table cells, in stream order.

pdfium gives a page's text in one C call, already in content order with "\\r\\n" between
lines. Per-character calls through ctypes cost about a microsecond each, so positions and
font style are sampled at a few characters per line; only pages with ruled tables pay for a
call per character, to send each character to exactly one place (a cell or a line).
"""

from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .tables import Grid, find_grids, page_rects

# pdfium joins a line ending in a hyphen to the next one, marking the hyphen U+FFFE; split
# there again so each Line is one visual line (the mark stays, for layout.dewrap).
_LINE = re.compile(r"[^\r\n\ufffe]*\ufffe|[^\r\n\ufffe]+")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold", re.I)
# A list label set apart by a tab or an indent, not a space: "1.1.As a Supplier" -> "1.1. As ...".
_GLUED_LABEL = re.compile(r"^(\(?\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+(?=[A-Z][a-z]))(?=[^\W\d_])")


@dataclass(slots=True)
class Line:
    """A line of text; `top`/`bottom` grow downwards from the page's top edge."""

    text: str
    index: int  # character index of its first character: the page's stream order
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool  # most of the line is bold
    boldness: float  # share of sampled characters set in bold: 0 plain, 1 all bold


@dataclass(slots=True)
class Table:
    """A table's non-empty cells as (row, col, text), rows and columns renumbered densely."""

    index: int
    cells: list[tuple[int, int, str]]


@dataclass(slots=True)
class PageText:
    number: int  # 1-based
    width: float
    height: float
    items: list[Line | Table] = field(default_factory=list)
    has_text: bool = False


class _Chars:
    """Thin, allocation-free wrappers over pdfium's per-character calls."""

    def __init__(self, textpage: pdfium.PdfTextPage, page_top: float) -> None:
        self.tp = textpage.raw
        self.top = page_top
        self.rect = pdfium_c.FS_RECTF()
        self.matrix = pdfium_c.FS_MATRIX()
        self.name = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()

    def box(self, i: int) -> tuple[float, float, float, float]:
        """Loose box (x0, top, x1, bottom): font ascent to descent, advance-wide."""
        r = self.rect
        pdfium_c.FPDFText_GetLooseCharBox(self.tp, i, ctypes.byref(r))
        return r.left, self.top - r.top, r.right, self.top - r.bottom

    def size(self, i: int) -> float:
        """Font size in points as drawn (the Tf size scaled by the text matrix)."""
        m = self.matrix
        size = pdfium_c.FPDFText_GetFontSize(self.tp, i)
        if pdfium_c.FPDFText_GetMatrix(self.tp, i, ctypes.byref(m)):
            size *= math.hypot(m.c, m.d)
        return size

    def bold(self, i: int) -> bool:
        if pdfium_c.FPDFText_GetFontWeight(self.tp, i) >= 600:
            return True
        if pdfium_c.FPDFText_GetFontInfo(self.tp, i, self.name, 128, ctypes.byref(self.flags)):
            return bool(_BOLD_NAME.search(self.name.value.decode("latin-1")))
        return False


def read_page(page: pdfium.PdfPage, number: int, plumber_page: Callable[[], object]) -> PageText:
    """Lines and tables of one page. `plumber_page` lazily opens the same page in pdfplumber."""
    left, bottom, right, top = page.get_bbox()
    out = PageText(number=number, width=right - left, height=top - bottom)
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        if len(text) != count:  # characters beyond the BMP take two indices; rebuild one by one
            text = _text_by_index(textpage, count)
        out.has_text = bool(text.strip())
        if not out.has_text:
            return out
        chars = _Chars(textpage, top)
        rects = page_rects(page.raw, top, out.width * out.height)
        grids = find_grids(plumber_page(), rects) if len(rects) >= 2 else []
        region: list[int] | None = None
        if grids:
            region, tables = _tables(chars, text, grids)
            out.items.extend(tables)
        out.items.extend(_lines(chars, text, region))
        out.items.sort(key=lambda item: item.index)
        return out
    finally:
        textpage.close()


def _text_by_index(textpage: pdfium.PdfTextPage, count: int) -> str:
    """One str character per pdfium index: a surrogate pair becomes the character plus an
    invisible U+FEFF (dropped by assemble.clean_text), a lone surrogate becomes U+FFFD."""
    codes = [pdfium_c.FPDFText_GetUnicode(textpage.raw, i) for i in range(count)]
    out = []
    for i, code in enumerate(codes):
        if 0xD800 <= code < 0xDC00 and i + 1 < count and 0xDC00 <= codes[i + 1] < 0xE000:
            out.append(chr(0x10000 + ((code - 0xD800) << 10) + (codes[i + 1] - 0xDC00)))
        elif 0xDC00 <= code < 0xE000 and i > 0 and 0xD800 <= codes[i - 1] < 0xDC00:
            out.append("\ufeff")
        elif 0xD800 <= code < 0xE000:
            out.append("\ufffd")
        else:
            out.append(chr(code))
    return "".join(out)


def _lines(chars: _Chars, text: str, region: list[int] | None) -> list[Line]:
    if region is not None:  # blank out characters that belong to table cells
        text = "".join(" " if r >= 0 else ch for ch, r in zip(text, region))
    lines = []
    for match in _LINE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        first = match.start() + (len(raw) - len(raw.lstrip()))
        last = match.end() - 1 - (len(raw) - len(raw.rstrip()))
        x0, top0, _, bottom0 = chars.box(first)
        _, top1, x1, bottom1 = chars.box(last)
        sizes = sorted(chars.size(i) for i in _samples(text, first, last, 3))
        bold = [chars.bold(i) for i in _samples(text, first, last, 3)]
        if 0 < sum(bold) < len(bold):  # mixed: look closer before calling the line bold or plain
            bold = [chars.bold(i) for i in _samples(text, first, last, 9)]
        boldness = sum(bold) / len(bold)
        lines.append(
            Line(
                text=_GLUED_LABEL.sub(r"\1 ", stripped, count=1),
                index=first,
                x0=x0,
                x1=max(x1, x0),
                top=min(top0, top1),
                bottom=max(bottom0, bottom1),
                size=round(sizes[len(sizes) // 2], 1),
                bold=boldness >= 0.6,
                boldness=boldness,
            )
        )
    return lines


def _samples(text: str, first: int, last: int, count: int) -> set[int]:
    """Up to `count` non-space character indices spread evenly over a line: a line's style is
    what most of it is set in, so one bold word does not make the line bold."""
    picked = set()
    step = max((last - first) / (count - 1), 1.0)
    for k in range(count):
        i = min(int(first + k * step), last)
        while i < last and text[i].isspace():
            i += 1
        picked.add(i)
    return picked


def _tables(chars: _Chars, text: str, grids: list[Grid]) -> tuple[list[int], list[Table]]:
    """Send every character to a cell or to the running text (-1 in the returned list)."""
    finders = [_CellFinder(grid) for grid in grids]
    region = [-1] * len(text)
    ids: dict[tuple[int, int, int], int] = {}
    keys: list[tuple[int, int, int]] = []
    parts: list[list[str]] = []
    first: list[int] = []
    last: list[int] = []
    previous = -1
    for i, ch in enumerate(text):
        if ch.isspace():
            cell = previous  # whitespace stays with the character before it
        else:
            x0, top, x1, bottom = chars.box(i)
            cell = -1
            for g, finder in enumerate(finders):
                found = finder.find((x0 + x1) / 2, (top + bottom) / 2)
                if found is not None:
                    key = (g, *found)
                    if key not in ids:
                        ids[key] = len(keys)
                        keys.append(key)
                        parts.append([])
                        first.append(i)
                        last.append(i)
                    cell = ids[key]
                    break
            previous = cell
        region[i] = cell
        if cell < 0:
            continue
        if last[cell] != i - 1 and parts[cell]:
            parts[cell].append(" ")
        last[cell] = i
        parts[cell].append("\n" if ch == "\n" else "" if ch == "\r" else ch)
    tables = []
    for g in range(len(grids)):
        entries = [
            (keys[n][1], keys[n][2], "".join(parts[n]).strip(), first[n]) for n in range(len(keys)) if keys[n][0] == g
        ]
        entries = [f for f in entries if f[2]]
        if not entries:
            continue
        rows = {r: n for n, r in enumerate(sorted({f[0] for f in entries}))}
        cols = {c: n for n, c in enumerate(sorted({f[1] for f in entries}))}
        cells = sorted((rows[r], cols[c], t) for r, c, t, _ in entries)
        tables.append(Table(index=min(f[3] for f in entries), cells=cells))
    return region, tables


class _CellFinder:
    """Which (row, col) of a grid holds a point: the cell containing it or, in a gap the
    rules leave open (a missing border), the row and column whose start precedes it."""

    def __init__(self, grid: Grid) -> None:
        self.bbox = grid.bbox
        rows: dict[int, list[tuple[int, int, tuple[float, float, float, float]]]] = {}
        tops: dict[int, float] = {}
        lefts: dict[int, float] = {}
        for row, col, box in grid.cells:
            rows.setdefault(row, []).append((row, col, box))
            tops[row] = min(tops.get(row, box[1]), box[1])
            lefts[col] = min(lefts.get(col, box[0]), box[0])
        self.row_ids = sorted(rows)
        self.rows = [rows[r] for r in self.row_ids]
        self.tops = [tops[r] for r in self.row_ids]
        self.col_ids = sorted(lefts)
        self.lefts = [lefts[c] for c in self.col_ids]

    def find(self, x: float, y: float) -> tuple[int, int] | None:
        x0, top, x1, bottom = self.bbox
        if not (x0 <= x <= x1 and top <= y <= bottom):
            return None
        start = max(bisect_right(self.tops, y) - 1, 0)
        for r in range(start, max(start - 4, -1), -1):  # cells spanning rows sit in an earlier row
            for row, col, (bx0, btop, bx1, bbottom) in self.rows[r]:
                if bx0 <= x <= bx1 and btop <= y <= bbottom:
                    return row, col
        col = self.col_ids[max(bisect_right(self.lefts, x) - 1, 0)]
        return self.row_ids[start], col
