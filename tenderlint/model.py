"""The document model every parser produces and every rule reads.

Values are frozen dataclasses so a parsed document can be shared between rules,
cached and compared without anyone changing it underneath.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any, Mapping


class BlockKind(str, Enum):
    """What a block is; rules treat headings, body text and table cells differently."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    HEADER_FOOTER = "header_footer"


@dataclass(frozen=True)
class Cell:
    """Where a table cell sits: table index within the document, row and column (0-based)."""

    table: int
    row: int
    col: int


@dataclass(frozen=True)
class Block:
    """One unit of text in reading order, with everything needed to point a user at it."""

    kind: BlockKind
    text: str
    page: int | None = None
    section: tuple[str, ...] = ()
    clause: str | None = None
    level: int | None = None
    cell: Cell | None = None
    start: int = 0
    end: int = 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind.value,
            "text": self.text,
            "page": self.page,
            "section": list(self.section),
            "clause": self.clause,
            "start": self.start,
            "end": self.end,
        }
        if self.level is not None:
            out["level"] = self.level
        if self.cell is not None:
            out["table"], out["row"], out["col"] = self.cell.table, self.cell.row, self.cell.col
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Block":
        cell = Cell(data["table"], data["row"], data["col"]) if "table" in data else None
        return cls(BlockKind(data["kind"]), data["text"], data["page"], tuple(data["section"]), data["clause"],
                   data.get("level"), cell, data["start"], data["end"])


@dataclass(frozen=True)
class Document:
    """A parsed document: its identity, metadata and blocks in reading order.

    `text` is the blocks joined by newlines; every block's `start`/`end` index into it,
    so a finding found in the text can always be traced back to a block, page and section.
    """

    name: str
    format: str
    sha256: str
    pages: int | None
    blocks: tuple[Block, ...]
    text: str
    metadata: Mapping[str, str] = field(default_factory=dict)

    def block_index_at(self, offset: int) -> int | None:
        """Index of the block containing a character offset of `text` (binary search)."""
        position = bisect.bisect_right(self._block_starts, offset) - 1
        if position < 0 or offset >= self.blocks[position].end + 1:  # the joining newline belongs to the block before it
            return None
        return position

    @cached_property
    def _block_starts(self) -> list[int]:
        return [block.start for block in self.blocks]

    def clause_for(self, index: int | None) -> str | None:
        """A block's clause number, else that of the nearest numbered block above it in the same section."""
        if index is None:
            return None
        block = self.blocks[index]
        for back in range(index, max(-1, index - 40), -1):
            candidate = self.blocks[back]
            if candidate.clause:
                return candidate.clause
            if candidate.section != block.section:
                break
        return None

    def location(self, start: int, end: int) -> "Location":
        """Page, section, clause and block of the characters start..end of `text`."""
        index = self.block_index_at(start)
        block = self.blocks[index] if index is not None else None
        return Location(
            block.page if block else None,
            block.section if block else (),
            self.clause_for(index),
            index,
            start,
            end,
        )

    def block_at(self, offset: int) -> Block | None:
        index = self.block_index_at(offset)
        return None if index is None else self.blocks[index]

    @cached_property
    def word_count(self) -> int:
        return len(self.text.split())  # many rules ask; splitting a long text each time added up


@dataclass(frozen=True)
class Location:
    """Where a finding is: enough for a person to find it in the original file."""

    page: int | None
    section: tuple[str, ...]
    clause: str | None
    block: int | None
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "section": list(self.section),
            "clause": self.clause,
            "block": self.block,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Location":
        return cls(data["page"], tuple(data["section"]), data["clause"], data["block"], data["start"], data["end"])


@dataclass(frozen=True)
class Place:
    """A further passage where a finding's cause recurs (the same demand in each lot)."""

    quote: str
    location: Location

    def to_json(self) -> dict[str, Any]:
        return {"quote": self.quote, "location": self.location.to_json()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Place":
        return cls(data["quote"], Location.from_json(data["location"]))


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_name: str
    severity: str
    category: str
    audiences: tuple[str, ...]
    message: str
    quote: str
    location: Location
    why: str
    fix: str
    sources: tuple[dict[str, str], ...]
    confidence: float
    fingerprint: str
    note: str = ""
    count: int = 1  # passages with this cause: 1 + len(also)
    question: str = ""  # the rule's clarification question for a supplier, filled in for this finding
    also: tuple[Place, ...] = ()  # the other passages with the same cause, in document order

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "severity": self.severity,
            "category": self.category,
            "audiences": list(self.audiences),
            "message": self.message,
            "quote": self.quote,
            "location": self.location.to_json(),
            "why": self.why,
            "fix": self.fix,
            "sources": [dict(s) for s in self.sources],
            "confidence": self.confidence,
            "fingerprint": self.fingerprint,
            "note": self.note,
            "count": self.count,
            "question": self.question,
            "also": [place.to_json() for place in self.also],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Finding":
        """The finding `to_json` wrote (a report's, or a stored pack result's)."""
        return cls(**{
            **data,
            "audiences": tuple(data["audiences"]),
            "location": Location.from_json(data["location"]),
            "sources": tuple(dict(s) for s in data["sources"]),
            "also": tuple(Place.from_json(p) for p in data["also"]),
        })
