"""Turn the raw blocks a format parser found into a `Document`.

Format parsers only say what they saw (kind, text, page, heading level, clause number, cell).
Everything derived — whitespace clean-up, section paths from headings, character offsets —
is computed here once, so every format gets the same behaviour.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..model import Block, BlockKind, Cell, Document

_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u00ad]")
# "14.2 Title", "14.2. Title", "3) Title", "(a) text" are clause numbers at the start of a block.
_LEADING_CLAUSE = re.compile(r"^(?:clause\s+|section\s+)?(\d{1,3}(?:\.\d{1,3}){0,5})(?:\.|\))?(?=\s)", re.I)


@dataclass(frozen=True)
class RawBlock:
    """A block as a parser saw it, before sections and offsets are known."""

    kind: BlockKind
    text: str
    page: int | None = None
    level: int | None = None  # heading level, 1 = top
    clause: str | None = None
    cell: Cell | None = None


def clean_text(text: str) -> str:
    """One line of text: control characters dropped, runs of whitespace made one space."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def header_footer_blocks(parts: Iterable[Iterable[RawBlock]]) -> list[RawBlock]:
    """One HEADER_FOOTER block per distinct header or footer text, in order.

    Word and OpenDocument store a header per section or page style, and most repeat the same text."""
    seen: set[str] = set()
    out: list[RawBlock] = []
    for blocks in parts:
        text = clean_text(" ".join(block.text for block in blocks))
        if text and text not in seen:
            seen.add(text)
            out.append(RawBlock(BlockKind.HEADER_FOOTER, text))
    return out


def leading_clause(text: str) -> str | None:
    """The clause number a block starts with ("14.2 Payment" -> "14.2"), if any."""
    match = _LEADING_CLAUSE.match(text)
    if not match:
        return None
    number = match.group(1)
    # A bare year or amount ("2017 was...") is not a clause number.
    if "." not in number and int(number) > 200:
        return None
    return number


HEADING_MAX_WORDS = 24
_ITEM_LABEL = re.compile(r"^\s*(?:\(?[a-z]{1,2}\)|[a-z]{1,2}\.|\(?[ivx]{1,5}[.)])\s+", re.I)


def reads_as_prose(text: str) -> bool:
    """A heading-styled paragraph that is really a clause of running text.

    Contract templates (CCS's among them) number every clause with Word's heading styles, so
    "5.1. If you intend to use subcontractors, you must ..." arrives as a heading. Such a block
    is a full sentence: long, or of several words ending like one ("... reserve the right to:"), or an
    item that starts in lower case.
    Taken as a heading it would be left out of the text that rules read, and would name a section."""
    words = _ITEM_LABEL.sub("", text, count=1).split()  # "a. Project Purpose": the label is not the title
    if words and leading_clause(text):
        words = words[1:]
    if not words:
        return False
    if words[0][:1].islower() and len(words) >= 3:
        return True  # "1.7.1. the specific rights ...": an item continuing a sentence; titles are capitalised
    return len(words) > HEADING_MAX_WORDS or (len(words) >= 5 and text.rstrip()[-1:] in ".:;?!")


def build_document(
    *,
    name: str,
    fmt: str,
    data: bytes,
    pages: int | None,
    raw_blocks: Iterable[RawBlock],
    metadata: Mapping[str, str] | None = None,
) -> Document:
    """Assemble a Document: clean text, compute section paths and offsets."""
    blocks: list[Block] = []
    parts: list[str] = []
    headings: list[tuple[int, str]] = []  # stack of (level, text)
    offset = 0
    for raw in raw_blocks:
        text = clean_text(raw.text)
        if not text:
            continue
        if raw.kind is BlockKind.HEADING:
            level = raw.level or 1
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, text))
        section = tuple(h for _, h in headings)
        blocks.append(
            Block(
                kind=raw.kind,
                text=text,
                page=raw.page,
                section=section,
                clause=raw.clause,
                level=raw.level if raw.kind is BlockKind.HEADING else None,
                cell=raw.cell,
                start=offset,
                end=offset + len(text),
            )
        )
        parts.append(text)
        offset += len(text) + 1
    return Document(
        name=name,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=pages,
        blocks=tuple(blocks),
        text="\n".join(parts),
        metadata=dict(metadata or {}),
    )
