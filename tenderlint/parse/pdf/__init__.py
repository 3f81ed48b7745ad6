"""PDF -> Document, one concept per module: `reader` runs the whole read; `guard` and `filters` refuse
bombs before anything is decoded; `lines` and `tables` read a page's text and ruled grids through
pdfium; `layout` and `furniture` infer blocks, headings and running headers; `repair` and `content`
fix fonts whose glyphs map to the wrong text, checked against `words`.
"""

from .reader import parse_pdf

__all__ = ["parse_pdf"]
