"""Where each character of a parsed DOCX's text came from: the w:t node and the offset in it.

Findings point at offsets of `Document.text`, which the parser builds from w:t nodes plus things
no node holds (list labels it renders, spaces for tabs, checkbox glyphs), then cleans (whitespace
collapsed, control characters dropped). Rather than re-implement that walk, we run the parser's
own walker over a copy of the body whose w:t texts carry invisible markers naming their node,
then strip the markers while cleaning the text the same way, so every surviving character keeps
its source. Every block rebuilt this way is compared with the parsed document's block; the map
stops at the first block that differs, so a finding is never anchored on a guess.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from ..model import BlockKind, Document
from ..parse.assemble import _CONTROL, _SPACE
from ..parse.docx import Package, T, walk_body
from ..parse.numbering import W

# Markers from the supplementary private-use planes: no real document text uses them.
_BEGIN, _END = "\U0010fffd", "\U0010fffc"
_DIGIT0, _BASE = 0xF0000, 0xFFFE  # a node index in two plane-15 digits (up to ~4e9 nodes)

Source = tuple[int, int]  # (index into TextMap.nodes, character offset in that node's text)


@dataclass
class TextMap:
    """`sources[i]` is where character i of the document text came from (None: made by the parser)."""

    root: etree._Element  # document.xml, parsed once; `nodes` are its w:t elements
    nodes: list[etree._Element]
    sources: list[Source | None]
    mapped_end: int  # characters of document.text from here on have no known source

    def span(self, start: int, end: int) -> tuple[Source, Source] | None:
        """The first and last sourced characters of document text start..end, if both are known."""
        end = min(end, self.mapped_end)
        first = next((self.sources[i] for i in range(start, end) if self.sources[i] is not None), None)
        last = next((self.sources[i] for i in range(end - 1, start - 1, -1) if self.sources[i] is not None), None)
        if first is None or last is None:
            return None
        return first, last


def _marker(index: int) -> str:
    return _BEGIN + chr(_DIGIT0 + index // _BASE) + chr(_DIGIT0 + index % _BASE)


def build_text_map(package: Package, root: etree._Element, document: Document) -> TextMap:
    """Map the body text of a DOCX back to the w:t nodes of `root`, its main part (`document` was
    parsed from the package; styles and numbering are read from it)."""
    body = root.find(W + "body")
    nodes: list[etree._Element] = []
    marked = copy.deepcopy(body) if body is not None else etree.Element(W + "body")
    for original, twin in zip(body.iter(T) if body is not None else (), marked.iter(T)):
        # Only nodes with visible text are marked: a whitespace-only paragraph must stay empty,
        # or the walker would keep it (and number it) where the parser dropped it.
        if original.text and original.text.strip():
            twin.text = _marker(len(nodes)) + original.text + _END
            nodes.append(original)
    raw_blocks = walk_body(package, marked)

    sources: list[Source | None] = [None] * len(document.text)
    index = sum(1 for block in document.blocks if block.kind is BlockKind.HEADER_FOOTER)
    mapped_end = document.blocks[index].start if index < len(document.blocks) else len(document.text)
    for raw in raw_blocks:
        text, origin = _clean(*_decode(raw.text))
        if not text:
            continue
        if index >= len(document.blocks) or document.blocks[index].text != text:
            break
        block = document.blocks[index]
        sources[block.start:block.end] = origin
        mapped_end = block.end
        index += 1
    return TextMap(root, nodes, sources, mapped_end)


def _decode(marked: str) -> tuple[str, list[Source | None]]:
    """Strip the markers; each remaining character gets the node and offset it came from."""
    chars: list[str] = []
    origin: list[Source | None] = []
    node: int | None = None
    offset = 0
    i = 0
    while i < len(marked):
        char = marked[i]
        if char == _BEGIN:
            node = (ord(marked[i + 1]) - _DIGIT0) * _BASE + ord(marked[i + 2]) - _DIGIT0
            offset = 0
            i += 3
            continue
        if char == _END:
            node = None
        else:
            chars.append(char)
            origin.append((node, offset) if node is not None else None)
            offset += 1
        i += 1
    return "".join(chars), origin


def _clean(text: str, origin: list[Source | None]) -> tuple[str, list[Source | None]]:
    """`clean_text` (with its own patterns) keeping each character's source."""
    chars: list[str] = []
    kept: list[Source | None] = []
    in_space = False
    for char, source in zip(text, origin):
        if _CONTROL.match(char):
            continue
        if _SPACE.match(char):
            if not in_space:
                chars.append(" ")
                kept.append(None)  # a space never anchors a comment
            in_space = True
            continue
        in_space = False
        chars.append(char)
        kept.append(source)
    while chars and chars[-1] == " ":
        chars.pop(), kept.pop()
    start = 0
    while start < len(chars) and chars[start] == " ":
        start += 1
    return "".join(chars[start:]), kept[start:]
