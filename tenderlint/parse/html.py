"""HTML pages (tenders published on a portal and saved). Sections come from h1-h6.

The stdlib HTMLParser is used because it never fetches anything or expands custom
entities, so a hostile page cannot make us read files or allocate gigabytes.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ..model import BlockKind, Cell, Document
from .assemble import RawBlock, build_document, leading_clause
from .limits import Limits
from .sniff import decode_text

_SKIP = {"script", "style", "noscript", "template", "svg", "head"}
_BLOCK_ENDS = {"p", "div", "section", "article", "br", "hr", "blockquote", "pre", "dt", "dd", "caption", "main"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[RawBlock] = []
        self.title = ""
        self._text: list[str] = []
        self._kind = BlockKind.PARAGRAPH
        self._level: int | None = None
        self._skip = 0
        self._in_title = False
        self._tables: list[list[int]] = []  # stack of [table index, row, col]
        self._table_count = 0
        self._cell: Cell | None = None

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        self._text = []
        if text:
            clause = leading_clause(text) if self._kind is not BlockKind.TABLE_CELL else None
            self.blocks.append(RawBlock(self._kind, text, level=self._level, clause=clause, cell=self._cell))
        if self._kind is not BlockKind.TABLE_CELL:
            self._kind, self._level = BlockKind.PARAGRAPH, None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
            self._in_title = False
            return
        if tag == "title":
            self._in_title = True
        if self._skip:
            return
        if tag in _HEADINGS:
            self._flush()
            self._kind, self._level = BlockKind.HEADING, _HEADINGS[tag]
        elif tag == "li":
            self._flush()
            self._kind = BlockKind.LIST_ITEM
        elif tag == "table":
            self._flush()
            self._tables.append([self._table_count, -1, -1])
            self._table_count += 1
        elif tag == "tr" and self._tables:
            self._flush()
            self._tables[-1][1] += 1
            self._tables[-1][2] = -1
        elif tag in ("td", "th") and self._tables:
            self._flush()
            table = self._tables[-1]
            table[2] += 1
            self._kind, self._cell = BlockKind.TABLE_CELL, Cell(table[0], max(table[1], 0), table[2])
        elif tag in _BLOCK_ENDS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "title":
            self._in_title = False
        if self._skip:
            return
        if tag in ("td", "th"):
            self._flush()
            self._kind, self._cell = BlockKind.PARAGRAPH, None
        elif tag == "table" and self._tables:
            self._flush()
            self._tables.pop()
            self._kind, self._cell = BlockKind.PARAGRAPH, None
        elif tag in _HEADINGS or tag == "li" or tag in _BLOCK_ENDS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self._text.append(data)


def parse_html(data: bytes, name: str, limits: Limits) -> Document:
    collector = _Collector()
    collector.feed(decode_text(data))
    collector.close()
    collector._flush()
    metadata = {"title": " ".join(collector.title.split())} if collector.title.strip() else {}
    return build_document(
        name=name, fmt="html", data=data, pages=None, raw_blocks=collector.blocks, metadata=metadata
    )
