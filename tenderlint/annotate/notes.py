"""What goes into the annotated file: one note per finding chosen, with the text a reviewer reads.

Built from findings as JSON objects (`Finding.to_json()`, or the service's stored findings, which
add `id` and `review_status`), so the CLI and the service choose and word the notes the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

SERIOUS = ("error", "warning")
AUTHOR = "tenderlint"


@dataclass(frozen=True)
class Note:
    """One comment or highlight: where (offsets into document.text, page) and what it says."""

    start: int
    end: int
    page: int | None
    quote: str
    paragraphs: tuple[str, ...]  # the comment text, one paragraph each
    rule_id: str

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def notes_for(
    findings: Iterable[Mapping[str, Any]],
    *,
    serious_only: bool = False,
    link: Callable[[Mapping[str, Any]], str | None] | None = None,
) -> list[Note]:
    """Notes for the findings a reviewer has not dismissed (errors and warnings only if asked), in text order."""
    notes = []
    for finding in findings:
        if finding.get("review_status") == "dismissed":
            continue
        if serious_only and finding.get("severity") not in SERIOUS:
            continue
        location = finding.get("location") or {}
        start = int(finding.get("start", location.get("start", 0)) or 0)
        end = int(finding.get("end", location.get("end", start)) or start)
        url = link(finding) if link else None
        paragraphs = [
            f"{finding.get('severity', '')} [{finding.get('rule_id', '')}] {finding.get('message', '')}".strip(),
            *(f"{label}: {finding[key]}" for key, label in (("why", "Why"), ("fix", "Fix"), ("note", "Note"))
              if finding.get(key)),
            f"Rule: {finding.get('rule_id', '')}" + (f" ({finding['rule_name']})" if finding.get("rule_name") else ""),
        ]
        if url:
            paragraphs.append(f"Finding: {url}")
        if end <= start:
            paragraphs.append("This finding is about the whole document, not one passage.")
        notes.append(Note(
            start=start,
            end=max(end, start),
            page=finding.get("page", location.get("page")),
            quote=str(finding.get("quote") or ""),
            paragraphs=tuple(paragraphs),
            rule_id=str(finding.get("rule_id", "")),
        ))
    return sorted(notes, key=lambda note: (note.start, note.end, note.rule_id))
