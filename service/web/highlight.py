"""Split a block's text into plain and flagged segments, so findings can be marked in place.

Pure functions over offsets: the template escapes every segment's text itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Span:
    """A finding's quoted text as offsets into the document's full text."""

    start: int
    end: int
    finding_id: str
    rule_id: str
    severity: str
    place: int = 0  # 0: the finding's own quote; n: its n-th further place with the same cause

    @property
    def anchor(self) -> str:
        """The element id a link to this passage targets."""
        return f"q-{self.finding_id}" + (f"-{self.place}" if self.place else "")


@dataclass
class Segment:
    text: str
    spans: list[Span] = field(default_factory=list)
    anchors: list[Span] = field(default_factory=list)  # spans that begin here: the link target
    endings: list[Span] = field(default_factory=list)  # spans that end here: the rule label goes after

    @property
    def severity(self) -> str:
        return min((s.severity for s in self.spans), key=lambda s: RANK.get(s, 3), default="")

    @property
    def rules(self) -> str:
        return " ".join(dict.fromkeys(s.rule_id for s in self.spans if s.rule_id))  # a marked demand has none


def segments(text: str, start: int, spans: Iterable[Span]) -> list[Segment]:
    """`text` starts at offset `start` of the full text; spans use full-text offsets too."""
    end = start + len(text)
    inside = [s for s in spans if s.end > s.start and s.start < end and s.end > start]
    if not inside:
        return [Segment(text)]
    cuts = sorted({0, len(text), *(max(s.start - start, 0) for s in inside), *(min(s.end - start, len(text)) for s in inside)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in inside if s.start - start <= a and s.end - start >= b]
        out.append(Segment(
            text[a:b],
            covering,
            anchors=[s for s in covering if s.start - start == a],
            endings=[s for s in covering if s.end - start == b],
        ))
    return out


def spans_for(findings: Sequence[Any]) -> list[Span]:
    """Spans of the findings that quote text (document-level findings have nothing to mark), and of
    the further places each finding lists for the same cause."""
    spans = []
    for f in findings:
        if f.quote and f.end > f.start:
            spans.append(Span(f.start, f.end, f.id, f.rule_id, f.severity))
        for number, place in enumerate((f.data or {}).get("also") or (), 1):
            location = place.get("location") or {}
            start, end = location.get("start", 0), location.get("end", 0)
            if place.get("quote") and end > start:
                spans.append(Span(start, end, f.id, f.rule_id, f.severity, number))
    return spans
