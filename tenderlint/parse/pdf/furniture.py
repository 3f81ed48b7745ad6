"""Running headers and footers: lines in the page margins that repeat on most pages.

Rules must not read "Page 3 of 13" or a document title repeated on every page as body text,
and a footer must not split a sentence that runs over a page break. Digits are masked before
comparing, so "Page 3 of 13" and "Page 4 of 13" count as the same line.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .lines import Line, PageText

MARGIN = 0.12  # share of the page height, at top and bottom, where running lines live
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(
    r"^(page\s*)?[-\u2013\u2014(\[]*\s*(\d{1,4}|[ivxlc]{1,7})\s*[-\u2013\u2014)\]]*"
    r"(\s*(of|/)\s*\d{1,4})?$",
    re.I,
)


def in_margin(line: Line, page: PageText) -> str | None:
    """'top' or 'bottom' when the line sits in that margin band, else None."""
    if line.bottom <= page.height * MARGIN:
        return "top"
    if line.top >= page.height * (1 - MARGIN):
        return "bottom"
    return None


def running_lines(pages: list[PageText]) -> set[tuple[int, int]]:
    """(page number, line index) of every header or footer line.

    A margin line is running text when the same text is in the same margin on at least half
    the pages, or when it differs only in its numbers ("Page 3 of 13") and is short and not
    set larger than the body text: a chapter heading at the top of each page ("Schedule 2")
    differs only in its number too, but is set large.
    """
    lines = [(page, item) for page in pages for item in page.items if isinstance(item, Line)]
    body = _body_size(lines)
    exact: dict[tuple[str, str], set[int]] = defaultdict(set)
    masked: dict[tuple[str, str], set[int]] = defaultdict(set)
    candidates: list[tuple[int, int, tuple[str, str], tuple[str, str] | None]] = []
    found: set[tuple[int, int]] = set()
    for page, line in lines:
        band = in_margin(line, page)
        if band is None:
            continue
        text = _SPACE.sub(" ", line.text.lower()).strip()
        if _PAGE_NUMBER.match(text):
            found.add((page.number, line.index))
            continue
        numbered = None
        if len(text.split()) <= 8 and line.size <= body + 0.5 and _DIGITS.search(text):
            numbered = (band, _DIGITS.sub("#", text))
            masked[numbered].add(page.number)
        exact[(band, text)].add(page.number)
        candidates.append((page.number, line.index, (band, text), numbered))
    with_text = sum(1 for p in pages if p.has_text)
    needed = max(2, (with_text + 1) // 2)
    for number, index, key, numbered in candidates:
        if len(exact[key]) >= needed or (numbered is not None and len(masked[numbered]) >= needed):
            found.add((number, index))
    return found


def _body_size(lines: list[tuple[PageText, Line]]) -> float:
    sizes: Counter[float] = Counter()
    for _, line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0
