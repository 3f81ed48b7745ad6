"""Find a document's gates: every demand sentence, read by each detector in `kinds`.

A figure is a demand only where the tender places it on the bidder. The role reader (`roles`)
decides that per sentence, so "A small business means one whose turnover does not exceed £10.2m"
(a definition) and "Under the Companies Act, companies with a turnover over £36m must publish..."
(a law) yield no gate. List items and table cells take their lead-in's role: in
"Bidders must hold the following insurance:" / "Public liability: £5m", the item is the demand.
The pure text is enough (no language pipeline), so a page can recompute gates from a stored file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from ..model import BlockKind, Document
from ..roles import NOT_REQUIREMENTS, Role, classify
from .kinds import DETECTORS
from .model import Gate

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[\"“(]?[A-Z0-9])")
_DEMAND_CUE = re.compile(
    r"\b(?:minimum|at\s+least|not\s+less\s+than|no\s+less\s+than|required|requirement|mandatory|must|shall|need|needs|"
    r"evidence|pass\s*/\s*fail|essential)\b",
    re.I,
)
_ITEM_KINDS = (BlockKind.LIST_ITEM, BlockKind.TABLE_CELL)
_SKIPPED = (BlockKind.HEADING, BlockKind.HEADER_FOOTER)
QUOTE_CHARS = 400


def sentences(document: Document) -> Iterator[tuple[int, int, int, str]]:
    """(block index, start, end, text) of each sentence in body blocks, offsets into `document.text`."""
    for index, block in enumerate(document.blocks):
        if block.kind in _SKIPPED or not block.text.strip():
            continue
        text = document.text[block.start : block.end] if block.end > block.start else block.text
        position = 0
        for piece in _SENTENCE_END.split(text):
            start = text.find(piece, position)
            position = start + len(piece)
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                yield index, block.start + start + lead, block.start + start + len(piece.rstrip()), piece.strip()


def find_gates(document: Document) -> list[Gate]:
    """The document's gates in document order, each demand once (the same demand repeated in every
    lot is listed at its first place)."""
    gates: list[Gate] = []
    seen: set[tuple[object, ...]] = set()
    lead_in: tuple[str, Role, tuple[str, ...]] | None = None  # the last "...the following:" and its section
    for index, start, end, text in sentences(document):
        block = document.blocks[index]
        role = classify(text)
        reading = text
        if block.kind in _ITEM_KINDS and lead_in is not None and lead_in[2] == block.section and role is Role.STATEMENT:
            role, reading = lead_in[1], f"{lead_in[0]} {text}"  # an item is read with its lead-in
        elif text.rstrip().endswith(":"):
            lead_in = (text, role, block.section)
        elif block.kind not in _ITEM_KINDS:
            lead_in = None
        if role in NOT_REQUIREMENTS or role is Role.BUYER:
            continue
        if role is Role.STATEMENT and not (_DEMAND_CUE.search(reading) or block.kind in _ITEM_KINDS):
            continue
        location = document.location(start, end)
        quote = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"
        for detector in DETECTORS:
            for gate in detector(reading, location):
                key = (gate.kind, gate.subject, gate.amount, gate.years, gate.count, gate.notes)
                if key in seen:
                    continue
                seen.add(key)
                gates.append(replace(gate, quote=quote, location=location))
    return gates
