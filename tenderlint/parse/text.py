"""Plain text and Markdown.

Plain text has no markup, so headings are recognised the way a reader does: short lines
that are numbered ("4. PAYMENT", "4.2 Invoices") or set in capitals, standing apart from prose.
Markdown headings, lists and pipe tables are read from their syntax.
"""

from __future__ import annotations

import html

import re
from typing import Callable, Iterator

from ..model import BlockKind, Cell, Document
from .assemble import RawBlock, build_document, leading_clause
from .limits import Limits
from .sniff import decode_text

# A glyph bullet; in text converted from PDF, symbol-font bullets come out as "o" or a private-use
# character at the start of a line, and each starts an item (amendment 64).
_GLYPH = r"[\u2022\u25aa\u25cf\uf000-\uf0ff]|(?-i:o(?=\s+[A-Z]))"
_BULLET = re.compile(rf"^\s*(?:{_GLYPH}|[-*+\u2013]|\(?[a-z]\)|\(?[ivx]{{1,4}}\)|\d{{1,2}}\))\s+\S", re.I)
_GLYPH_ITEM = re.compile(rf"^\s*(?:{_GLYPH})\s+\S")
# A lettered item, "a.  Review the plan" or "(b) Provide ...": converted PDFs keep such lists as lines
# of one paragraph. Two of them in a paragraph make it a list (one alone may be an initial: "A. Smith").
_LETTER_ITEM = re.compile(r"^\s*\(?[a-z][.)]\s+\S")


def _item_opener(lines: list[str], marker: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether a line of `lines` opens a list item: `marker` says so, or a lettered label does when
    two or more of the lines carry one."""
    lettered = sum(1 for line in lines if _LETTER_ITEM.match(line)) >= 2
    return lambda line: bool(marker.match(line) or (lettered and _LETTER_ITEM.match(line)))

_NUMBERED_HEADING = re.compile(r"^(?:section\s+|part\s+|article\s+)?(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$", re.I)
_MD_ATX = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_MD_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]{0,200}>")


def parse_text(data: bytes, name: str, limits: Limits) -> Document:
    text = decode_text(data)
    return build_document(name=name, fmt="text", data=data, pages=None, raw_blocks=_text_blocks(text))


def parse_markdown(data: bytes, name: str, limits: Limits) -> Document:
    text = decode_text(data)
    return build_document(name=name, fmt="markdown", data=data, pages=None, raw_blocks=_markdown_blocks(text))


def _paragraphs(text: str) -> Iterator[list[str]]:
    """Runs of non-blank lines; a form feed also ends a paragraph."""
    lines: list[str] = []
    for line in text.replace("\f", "\n\n").splitlines():
        if line.strip():
            lines.append(line.rstrip())
        elif lines:
            yield lines
            lines = []
    if lines:
        yield lines


# A numbered line that says who must do what ("16. Questions should be submitted to the") is the first
# printed line of a numbered paragraph, not a title; a title in capitals ("What You Must Do") is kept.
_MODAL_CLAUSE = re.compile(r"\b(?:shall|must|should|will|may|can|cannot)\s+(?:not\s+)?[a-z]")


def text_heading_level(line: str) -> int | None:
    """Heading level of a standalone plain-text line, or None if it reads as prose."""
    stripped = line.strip()
    words = stripped.split()
    if not words or len(words) > 14 or stripped.endswith((".", ",", ";", ":")) and not stripped.isupper():
        return None
    numbered = _NUMBERED_HEADING.match(stripped)
    if numbered:
        title = numbered.group(2)
        if title[:1].isupper() and not title.rstrip().endswith((".", ";", ",")) and not _MODAL_CLAUSE.search(title):
            return numbered.group(1).count(".") + 2  # below an unnumbered capitals title
        return None
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return 1
    return None


# A line that leaves no sentence open: a sentence end, or a page number or date ending in a digit
# ("17", "Page 3 of 9", "Rev 12/15/2025"), as a page break leaves before the next heading.
_CLOSED_LINE = re.compile(r"[.:;!?)\d]\s*$")


def _split_at_headings(lines: list[str]) -> list[list[str]]:
    """A run of lines with no blank line between (text dumped from PDF, one line per printed line)
    cut before each line that reads as a heading and follows a closed line (a sentence end, a page
    number or a date), so the heading and what follows it do not run into the line before."""
    runs: list[list[str]] = [[]]
    for line in lines:
        previous = runs[-1][-1] if runs[-1] else None
        if (
            previous is not None
            and _CLOSED_LINE.search(previous)
            and text_heading_level(line)
            and not _BULLET.match(line)
        ):
            runs.append([])
        runs[-1].append(line)
    return runs


def _text_blocks(text: str) -> Iterator[RawBlock]:
    for lines in (run for paragraph in _paragraphs(text) for run in _split_at_headings(paragraph)):
        if len(lines) == 1 and (level := text_heading_level(lines[0])):
            yield RawBlock(BlockKind.HEADING, lines[0], level=level, clause=leading_clause(lines[0].strip()))
            continue
        # A heading line directly above its paragraph, with no blank line between.
        if len(lines) > 1 and (level := text_heading_level(lines[0])) and not _BULLET.match(lines[0]):
            yield RawBlock(BlockKind.HEADING, lines[0], level=level, clause=leading_clause(lines[0].strip()))
            lines = lines[1:]
        yield from _text_items(lines)


def _text_items(lines: list[str]) -> Iterator[RawBlock]:
    """Split a paragraph into list items where lines start with bullets or (a)-style labels."""
    opens_item = _item_opener(lines, _BULLET)
    if not any(opens_item(line) for line in lines):
        joined = " ".join(line.strip() for line in lines)
        yield RawBlock(BlockKind.PARAGRAPH, joined, clause=leading_clause(joined))
        return
    current: list[str] = []
    kind = BlockKind.PARAGRAPH
    for line in lines:
        if opens_item(line):
            if current:
                joined = " ".join(current)
                yield RawBlock(kind, joined, clause=leading_clause(joined))
            current, kind = [line.strip()], BlockKind.LIST_ITEM
        else:
            current.append(line.strip())
    if current:
        joined = " ".join(current)
        yield RawBlock(kind, joined, clause=leading_clause(joined))


def _md_inline(text: str) -> str:
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_HTML_TAG.sub(" ", text)
    # entities last, so "&lt;insert link&gt;" reads as the "<insert link>" a reader sees, not as a tag
    return html.unescape(_MD_EMPHASIS.sub("", text).replace("\\", ""))


_SENTENCE_END = re.compile(r"[.:;!?)\]]\s*$")
_WRAPPED_LINE = 70  # characters: both lines this long, the second carries on the first's sentence


def _continues(previous: str, line: str) -> bool:
    """`line` carries on the sentence `previous` left open (wrapped prose, not a new heading)."""
    if _SENTENCE_END.search(previous) or not line:
        return False
    return line[0].islower() or (len(previous) >= _WRAPPED_LINE and len(line) >= _WRAPPED_LINE)


def _wrapped_heading_run(lines: list[str], start: int, title: str) -> tuple[list[str], int]:
    """The heading at `start` and the headings after it that continue its sentence, and the last one's line.

    Some PDF-to-Markdown converters mark every line of a page as a heading ("### late and will not
    be considered, unless ..."); a run of them is a paragraph, or its demands would go unread."""
    run, end = [title], start
    k = start + 1
    while k < len(lines):
        if not lines[k].strip():
            k += 1
            continue
        atx = _MD_ATX.match(lines[k])
        if not (atx and atx.group(2)):
            break
        following = _md_inline(atx.group(2)).strip()
        if not _continues(run[-1].strip(), following):
            break
        run.append(following)
        end = k
        k += 1
    return run, end


def _markdown_blocks(text: str) -> Iterator[RawBlock]:
    table_index = -1
    in_fence = False
    buffer: list[str] = []
    lines = text.splitlines()

    def flush() -> Iterator[RawBlock]:
        # a paragraph whose lines start with glyph bullets is a list run together
        opens_item = _item_opener(buffer, _GLYPH_ITEM)
        starts = [k for k, line in enumerate(buffer) if k == 0 or opens_item(line)]
        for first, end in zip(starts, starts[1:] + [len(buffer)]):
            joined = _md_inline(" ".join(line.strip() for line in buffer[first:end]))
            kind = BlockKind.LIST_ITEM if opens_item(buffer[first]) else BlockKind.PARAGRAPH
            yield RawBlock(kind, joined, clause=leading_clause(joined))
        buffer.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
            yield from flush()
            i += 1
            continue
        if in_fence:
            buffer.append(line)
            i += 1
            continue
        atx = _MD_ATX.match(line)
        if atx and atx.group(2):
            yield from flush()
            title = _md_inline(atx.group(2))
            run, end = _wrapped_heading_run(lines, i, title)
            if len(run) > 1:  # prose a converter marked as headings, line by line
                joined = " ".join(run)
                yield RawBlock(BlockKind.PARAGRAPH, joined, clause=leading_clause(joined))
                i = end + 1
                continue
            yield RawBlock(BlockKind.HEADING, title, level=len(atx.group(1)), clause=leading_clause(title))
            i += 1
            continue
        if buffer and len(buffer) == 1 and _MD_SETEXT.match(line) and not _MD_LIST.match(buffer[0]):
            title = _md_inline(buffer.pop().strip())
            yield RawBlock(BlockKind.HEADING, title, level=1 if "=" in line else 2, clause=leading_clause(title))
            i += 1
            continue
        if line.lstrip().startswith("|") and i + 1 < len(lines) and _MD_TABLE_SEP.match(lines[i + 1]):
            yield from flush()
            table_index += 1
            row = 0
            for j in (i, *range(i + 2, len(lines))):
                if j > i and not lines[j].lstrip().startswith("|"):
                    i = j
                    break
                cells = lines[j].strip().strip("|").split("|")
                for col, cell in enumerate(cells):
                    yield RawBlock(BlockKind.TABLE_CELL, _md_inline(cell), cell=Cell(table_index, row, col))
                row += 1
            else:
                i = len(lines)
            continue
        if not line.strip():
            yield from flush()
        elif _MD_LIST.match(line):
            yield from flush()
            item = _md_inline(_MD_LIST.sub("", line, count=1))
            buffer.clear()
            # continuation lines are indented
            k = i + 1
            while k < len(lines) and lines[k].startswith(("  ", "\t")) and not _MD_LIST.match(lines[k]):
                item += " " + _md_inline(lines[k].strip())
                k += 1
            yield RawBlock(BlockKind.LIST_ITEM, item, clause=leading_clause(item))
            i = k
            continue
        else:
            buffer.append(line)
        i += 1
    yield from flush()
