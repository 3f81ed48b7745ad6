"""Lines -> paragraphs, list items, headings and table cells (RawBlocks) for a whole PDF.

A PDF has no paragraphs, only positioned lines, so structure is inferred from what a reader
sees: a paragraph ends where the vertical gap grows, the style changes, a list marker starts
a line, or a line stops short after a full stop. Headings are short paragraphs set larger
or bolder than the body text; their level comes from ranking those styles (larger, then
bolder, first) and, within one style, from the depth of the clause number ("3" above "3.2").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from ...model import BlockKind, Cell
from ..assemble import RawBlock, leading_clause
from .furniture import in_margin, running_lines
from .lines import Line, PageText, Table

# A list label: bullets are handled by `_bullet`; these are enumerations and clause numbers.
_MARKER = re.compile(
    r"^(?:\(?[a-z]{1,2}\)|[a-z][.)]|[A-Z][.)]|\(?[ivx]{1,5}[.)]|\(\d{1,3}\)"
    r"|\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)])\s"
)
_BULLET_CHARS = set(
    "\u2022\u00b7*\u2023\u2043\u25e6\u25aa\u25ab\u25cf\u25cb\u25a0\u25a1\u25c6\u25c7\u25ba\u25b6\u27a2\u27a4"
)
_SENTENCE_END = re.compile(r"[.:;!?)\]\u201d\"']$")
_HYPHEN_BREAK = re.compile(r"([^\W\d_]+)(-\n|\ufffe\n?|\u00ad\n?|\x02\n?)([^\W\d_]+)")


@dataclass
class _Para:
    lines: list[Line]
    page: int
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int | None = None
    text: str = ""


@dataclass
class _Page:
    number: int
    header: list[Line] = field(default_factory=list)
    body: list[_Para | Table] = field(default_factory=list)
    footer: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class _Stats:
    size: float
    bold: bool
    pitch: dict[float, float]  # usual baseline-to-baseline distance inside a paragraph, by size


def build_blocks(
    pages: list[PageText], fix_words: Callable[[str], str], plausible: Callable[[str], bool]
) -> list[RawBlock]:
    """RawBlocks in reading order. `fix_words` repairs broken glyph text; `plausible` judges
    whether a word split by a line-end hyphen is one word."""
    furniture = running_lines(pages)
    stats = _stats(pages, furniture)
    laid = [_group(page, furniture, stats) for page in pages]
    _join_across_pages(laid)
    paras = [p for page in laid for p in page.body if isinstance(p, _Para)]
    for para in paras:
        para.text = dewrap(fix_words("\n".join(line.text for line in para.lines)), plausible)
    _classify(paras, stats)
    return _emit(laid, fix_words, plausible)


def _stats(pages: list[PageText], furniture: set[tuple[int, int]]) -> _Stats:
    styles: Counter[tuple[float, bool]] = Counter()
    pitches: dict[float, list[float]] = {}
    for page in pages:
        previous: Line | None = None
        for item in page.items:
            if not isinstance(item, Line) or (page.number, item.index) in furniture:
                previous = None
                continue
            styles[(item.size, item.bold)] += len(item.text)
            if previous is not None and abs(previous.size - item.size) < 0.6:
                pitch = item.bottom - previous.bottom
                if 0.8 * item.size < pitch < 3 * item.size:
                    pitches.setdefault(item.size, []).append(pitch)
            previous = item
    (size, bold), _ = styles.most_common(1)[0] if styles else ((10.0, False), 0)
    usual = {s: sorted(p)[len(p) // 7] for s, p in pitches.items() if len(p) >= 3}
    return _Stats(size=size, bold=bold, pitch=usual)


def _group(page: PageText, furniture: set[tuple[int, int]], stats: _Stats) -> _Page:
    out = _Page(page.number)
    body = [i for i in page.items if isinstance(i, Line) and (page.number, i.index) not in furniture]
    right = max((line.x1 for line in body), default=0.0)
    left = min((line.x0 for line in body), default=0.0)
    current: _Para | None = None
    for item in page.items:
        if isinstance(item, Table):
            out.body.append(item)
            current = None
            continue
        if (page.number, item.index) in furniture:
            (out.header if in_margin(item, page) == "top" else out.footer).append(item)
            continue
        if current is not None and not _breaks(current.lines[-1], item, stats, left, right):
            current.lines.append(item)
            continue
        current = _Para([item], page.number)
        out.body.append(current)
    return out


def _breaks(prev: Line, line: Line, stats: _Stats, left: float, right: float) -> bool:
    """Does `line` start a new paragraph after `prev`?"""
    short = prev.x1 < left + 0.85 * (right - left)
    if abs(prev.size - line.size) >= 0.6:
        return True
    if prev.bold != line.bold and (abs(prev.boldness - line.boldness) >= 0.7 or short):
        return True  # bold to plain, not just a bold word inside a paragraph
    if line.bottom <= prev.bottom + 0.5:  # same line or above: a new column or an out-of-order run
        return True
    usual = stats.pitch.get(line.size, line.size * 1.25)
    if line.bottom - prev.bottom > usual * 1.3 + 0.5:
        return True
    ended = bool(_SENTENCE_END.search(prev.text))
    if _MARKER.match(line.text):
        return True
    if _bullet(line.text):
        # A dash opening a wrapped line is often just punctuation ("... Attachment 2 - Price").
        return unicodedata.category(line.text[0]) != "Pd" or ended or short
    return short and ended


def _join_across_pages(pages: list[_Page]) -> None:
    """A paragraph cut by a page break continues on the next page in lower case."""
    for before, after in zip(pages, pages[1:]):
        if not before.body or not after.body:
            continue
        last, first = before.body[-1], after.body[0]
        if not isinstance(last, _Para) or not isinstance(first, _Para):
            continue
        a, b = last.lines[-1], first.lines[0]
        if (
            abs(a.size - b.size) < 0.6
            and a.bold == b.bold
            and not _SENTENCE_END.search(a.text)
            and b.text[:1].islower()
        ):
            last.lines.extend(first.lines)
            after.body.pop(0)


def _classify(paras: list[_Para], stats: _Stats) -> None:
    headings: list[tuple[_Para, tuple[float, bool], int]] = []
    for para in paras:
        first = para.lines[0]
        bullet = _bullet(para.text)
        if bullet:
            para.kind = BlockKind.LIST_ITEM
            para.text = para.text[bullet:]
        elif _is_heading(para, stats):
            clause = leading_clause(para.text)
            depth = clause.count(".") + 1 if clause else 1
            headings.append((para, (round(first.size * 2) / 2, first.bold), depth))
        elif _MARKER.match(para.text) and not leading_clause(para.text):
            para.kind = BlockKind.LIST_ITEM
    styles = sorted({style for _, style, _ in headings}, key=lambda s: (-s[0], not s[1]))
    rank = {style: n for n, style in enumerate(styles)}
    levels = sorted({(rank[style], depth) for _, style, depth in headings})
    level_of = {key: n + 1 for n, key in enumerate(levels)}
    for para, style, depth in headings:
        para.kind = BlockKind.HEADING
        para.level = level_of[(rank[style], depth)]


def _bullet(text: str) -> int:
    """Length of a leading bullet and its space ("\u2022 ", "- ", "o ", a Wingdings glyph), or 0."""
    if len(text) < 3 or not text[1].isspace():
        return 0
    ch = text[0]
    if ch in _BULLET_CHARS or ch == "o" or unicodedata.category(ch) in ("So", "Co", "Pd"):
        return len(text) - len(text[1:].lstrip())
    return 0


def _is_heading(para: _Para, stats: _Stats) -> bool:
    first = para.lines[0]
    words = para.text.split()
    if not 0 < len(words) <= 20 or len(para.lines) > 3 or not any(c.isalpha() for c in para.text):
        return False
    if para.text.endswith((",", ";")) or (len(words) > 4 and para.text.endswith(".")):
        return False  # a sentence set in bold, not a title
    if _MARKER.sub("", para.text, count=1)[:1].islower():
        return False
    larger = first.size >= stats.size + 1.0
    bolder = first.bold and not stats.bold and first.size >= stats.size - 0.5
    return larger or bolder


def dewrap(text: str, plausible: Callable[[str], bool]) -> str:
    """Join a block's lines: drop a line-end hyphen when the joined word is a word, keep
    it for compounds ("Call-Off"), and turn the remaining line breaks into spaces."""

    def join(match: re.Match[str]) -> str:
        head, mark, tail = match.groups()
        soft = mark[0] in "\u00ad\x02"
        if soft or (tail[0].islower() and plausible(head + tail) and not plausible(f"{head}-{tail}")):
            return head + tail
        return f"{head}-{tail}"

    text = _HYPHEN_BREAK.sub(join, text)
    return text.replace("\ufffe", "-").replace("\r", "").replace("\n", " ")


def _emit(pages: list[_Page], fix_words: Callable[[str], str], plausible: Callable[[str], bool]) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    tables = 0
    for page in pages:
        for line in page.header:
            blocks.append(RawBlock(BlockKind.HEADER_FOOTER, fix_words(line.text), page=page.number))
        for item in page.body:
            if isinstance(item, Table):
                for row, col, text in item.cells:
                    text = dewrap(fix_words(text), plausible)
                    blocks.append(
                        RawBlock(
                            BlockKind.TABLE_CELL,
                            text,
                            page=page.number,
                            clause=leading_clause(text),
                            cell=Cell(tables, row, col),
                        )
                    )
                tables += 1
                continue
            blocks.append(
                RawBlock(
                    item.kind,
                    item.text,
                    page=item.page,
                    level=item.level,
                    clause=leading_clause(item.text) if item.kind is not BlockKind.LIST_ITEM else None,
                )
            )
        for line in page.footer:
            blocks.append(RawBlock(BlockKind.HEADER_FOOTER, fix_words(line.text), page=page.number))
    return blocks
