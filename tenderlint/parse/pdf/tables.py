"""Find ruled tables: ruling lines from pdfium, cell grids from pdfplumber's table finder.

pdfplumber's own pipeline parses the whole page in Python (~60 ms a page) only to learn
where the lines are. pdfium already knows: its path objects are read here in C, turned into
the rectangle records pdfplumber uses, and handed to pdfplumber's `find_tables` with the
"explicit" strategy, so pdfplumber does what it is good at (snapping, joining and
intersecting edges into cells) without parsing the page again. Cell text comes from pdfium
characters (see lines), so a table's text is never extracted twice.

Coordinates: x grows rightwards and `top` grows downwards from the page's top edge, as in
pdfplumber.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

_SETTINGS_BASE = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit"}
_MAX_DEPTH = 4  # form XObjects nested deeper than this are not searched for rulings
_MAX_PATHS = 5000  # rules on a page; more is a drawing (a map, a chart), not a table
_MAX_BOXES = 1000
_THIN = 3.0  # points: thinner than this, a box is a rule
_INSET = 1.0  # points: how far inside another box a box must sit to count as an inset
_EPS = 0.5  # points: rounding slack when comparing box sides


@dataclass(frozen=True)
class Grid:
    """A table: its outline and its cells (row, col, box) in row order."""

    bbox: Box
    cells: tuple[tuple[int, int, Box], ...]


def page_rects(page: pdfium_c.FPDF_PAGE, page_top: float, page_area: float) -> list[dict]:
    """Painted axis-aligned rectangles and lines on a page, as pdfplumber rect records.

    Boxes covering half the page or more are page backgrounds or frames, not table rules.
    """
    rects: list[dict] = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    count = pdfium_c.FPDFPage_CountObjects(page)
    objects = (pdfium_c.FPDFPage_GetObject(page, i) for i in range(count))
    _collect(objects, identity, page_top, rects, 0)
    if len(rects) > _MAX_PATHS:
        return []
    return _drop_insets([r for r in rects if r["width"] * r["height"] < 0.5 * page_area])


def _drop_insets(rects: list[dict]) -> list[dict]:
    """Drop boxes drawn inside another box and clear of two of its opposite sides.

    Word shades a cell's paragraphs with a box inset from the cell's own box; as edges those
    insets split every cell into sub-cells. The cells of a ruled table share their sides
    with their neighbours, so dropping such a box loses no real rule, and thin rules (lines)
    are always kept.
    """
    boxes = sorted(
        (r for r in rects if r["width"] > _THIN and r["height"] > _THIN),
        key=lambda r: r["width"] * r["height"],
        reverse=True,
    )
    if len(boxes) > _MAX_BOXES:  # the pairwise check is quadratic; a page of boxes is a drawing
        return rects
    inset: set[int] = set()
    for i, small in enumerate(boxes):
        for big in boxes[:i]:
            inside = (
                big["x0"] - _EPS <= small["x0"]
                and small["x1"] <= big["x1"] + _EPS
                and big["top"] - _EPS <= small["top"]
                and small["bottom"] <= big["bottom"] + _EPS
            )
            clear_x = big["x0"] + _INSET <= small["x0"] and small["x1"] <= big["x1"] - _INSET
            clear_y = big["top"] + _INSET <= small["top"] and small["bottom"] <= big["bottom"] - _INSET
            if inside and (clear_x or clear_y):
                inset.add(id(small))
                break
    return [r for r in rects if id(r) not in inset]


def _collect(objects, matrix, page_top: float, rects: list[dict], depth: int) -> None:  # type: ignore[no-untyped-def]
    for obj in objects:
        if len(rects) > _MAX_PATHS:
            return
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            ink = _ink(obj)
            if ink is not None:
                _path_rects(obj, matrix, page_top, rects, ink)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
            inner = _compose(_matrix(obj), matrix)
            n = pdfium_c.FPDFFormObj_CountObjects(obj)
            _collect((pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(n)), inner, page_top, rects, depth + 1)


def _ink(obj) -> bool | None:  # type: ignore[no-untyped-def]
    """None if the path paints nothing; False if only white; True if it shows on paper.

    White boxes still shape tables (Word draws banded rows as white and grey boxes), but a
    grid made of nothing but white boxes is invisible, e.g. LibreOffice's text backgrounds.
    """
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return None
    if stroke.value:
        return True
    if fill.value == pdfium_c.FPDF_FILLMODE_NONE:
        return None
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if pdfium_c.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(v) for v in (r, g, b, a))):
        return a.value > 0 and min(r.value, g.value, b.value) < 245
    return True


def _matrix(obj) -> tuple[float, ...]:  # type: ignore[no-untyped-def]
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(first: tuple[float, ...], then: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_rects(obj, outer, page_top: float, rects: list[dict], ink: bool) -> None:  # type: ignore[no-untyped-def]
    """A plain rectangle or line by its bounds; longer paths segment by segment."""
    n = pdfium_c.FPDFPath_CountSegments(obj)
    if n <= 5:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top))):
            box = _transform_box(outer, left.value, bottom.value, right.value, top.value)
            _add(rects, box[0], box[3], box[2], box[1], page_top, ink)
        return
    m = _compose(_matrix(obj), outer)
    x, y = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for i in range(min(n, 400)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        point = (m[0] * x.value + m[2] * y.value + m[4], m[1] * x.value + m[3] * y.value + m[5])
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
            start = prev = point
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_segment(rects, prev, point, page_top, ink)
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_segment(rects, prev, start, page_top, ink)


def _transform_box(m: tuple[float, ...], x0: float, y0: float, x1: float, y1: float) -> Box:
    """Bounds (left, bottom, right, top) of a box after an affine transform."""
    xs, ys = [], []
    for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
        xs.append(m[0] * x + m[2] * y + m[4])
        ys.append(m[1] * x + m[3] * y + m[5])
    return (min(xs), min(ys), max(xs), max(ys))


def _add_segment(
    rects: list[dict], a: tuple[float, float], b: tuple[float, float], page_top: float, ink: bool
) -> None:
    if abs(a[0] - b[0]) < 1 or abs(a[1] - b[1]) < 1:  # axis-aligned; diagonals are not rulings
        _add(rects, min(a[0], b[0]), max(a[1], b[1]), max(a[0], b[0]), min(a[1], b[1]), page_top, ink)


def _add(
    rects: list[dict], left: float, y_top: float, right: float, y_bottom: float, page_top: float, ink: bool
) -> None:
    top, bottom = page_top - y_top, page_top - y_bottom
    rects.append(
        {
            "object_type": "rect",
            "x0": left,
            "x1": right,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "y0": y_bottom,
            "y1": y_top,
            "width": right - left,
            "height": bottom - top,
            "ink": ink,
        }
    )


def find_grids(plumber_page, rects: list[dict]) -> list[Grid]:  # type: ignore[no-untyped-def]
    """Tables of at least two cells that pdfplumber finds among the given rules."""
    if len(rects) < 2:
        return []
    settings = dict(_SETTINGS_BASE, explicit_vertical_lines=rects, explicit_horizontal_lines=rects)
    grids = []
    for table in plumber_page.find_tables(table_settings=settings):
        cells = tuple(
            (r, c, tuple(box))
            for r, row in enumerate(table.rows)
            for c, box in enumerate(row.cells)
            if box is not None
        )
        if len(cells) >= 2 and any(r["ink"] and _overlaps(r, table.bbox) for r in rects):
            grids.append(Grid(bbox=tuple(table.bbox), cells=cells))  # type: ignore[arg-type]
    return grids


def _overlaps(rect: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return rect["x0"] <= x1 and rect["x1"] >= x0 and rect["top"] <= bottom and rect["bottom"] >= top
