"""Clarification questions a supplier can send the buyer, drafted from a report's findings.

A small supplier who meets an unlimited liability, a turnover demand out of proportion to the
contract or a named brand can ask the buyer to reconsider during the clarification period; a
question that points at the clause, quotes it and proposes the change is more likely to be
answered than a complaint. Each rule may carry its own question (`question:` in the rule file,
filled in like the message); other findings get one built from the message and the fix.
The drafts are for a person to check and edit before sending.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Container, Iterable, Mapping

QUOTE_CHARS = 300
SUPPLIER = "supplier"
DISMISSED = "dismissed"


@dataclass(frozen=True)
class Question:
    number: int
    rule_id: str
    rule_name: str
    where: str  # "Section 4 Pricing > Payment, clause 4.2, page 7", or "" for the document as a whole
    quote: str
    text: str
    finding_id: str | None = None  # the service's finding id, when drafted from stored findings
    clause: str | None = None  # the numbered clause asked about: questions on one clause become one

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number, "rule_id": self.rule_id, "rule_name": self.rule_name, "where": self.where,
            "quote": self.quote, "question": self.text, "finding_id": self.finding_id,
        }


def draft_questions(findings: Iterable[Mapping[str, Any]], statuses: Container[str] | None = None) -> list[Question]:
    """One question per numbered clause with findings meant for suppliers (one per finding outside
    clauses; the same rule on the same words once), in document order. `findings` are report JSON findings (the service's carry `id` and `review_status`):
    dismissed ones are left out, and with `statuses` only findings in those review statuses are kept."""
    questions: list[Question] = []
    asked: set[tuple[str, str]] = set()
    for finding in sorted(findings, key=_position):
        status = finding.get("review_status", "open")
        if SUPPLIER not in finding.get("audiences", ()) or status == DISMISSED:
            continue
        if statuses is not None and status not in statuses:
            continue
        quote = " ".join(str(finding.get("quote", "")).split())
        place = where(finding.get("location") or {})
        key = (finding["rule_id"], place if finding.get("location", {}).get("clause") else quote)
        if key in asked:
            continue  # the same rule in the same clause is one question
        asked.add(key)
        questions.append(Question(
            number=len(questions) + 1,
            rule_id=finding["rule_id"],
            rule_name=finding.get("rule_name", ""),
            where=place,
            quote=quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1].rstrip() + "…",
            text=finding.get("question") or _generic(finding),
            finding_id=finding.get("id"),
            clause=(finding.get("location") or {}).get("clause"),
        ))
    return one_per_clause(questions)


def one_per_clause(questions: Iterable[Question]) -> list[Question]:
    """Questions on the same numbered clause (same place) become one, at the first one's position:
    the buyer answers a clause at a time, and two questions quoting one clause read as a complaint.
    Their quotes and questions are joined; the first one's rule and finding stay its reference."""
    merged: list[Question] = []
    at: dict[tuple[str, str], int] = {}
    for q in questions:
        key = (q.clause or "", q.where)
        if not q.clause or key not in at:
            if q.clause:
                at[key] = len(merged)
            merged.append(replace(q, number=len(merged) + 1))
            continue
        first = merged[at[key]]
        quote = first.quote if q.quote in first.quote else f"{first.quote} … {q.quote}".strip(" …")
        text = first.text if q.text in first.text else f"{first.text} {q.text}"
        merged[at[key]] = replace(first, quote=quote, text=text)
    return merged


def where(location: Mapping[str, Any]) -> str:
    """A reader's address for a finding: section path, clause number, page."""
    parts = []
    section = [s for s in location.get("section") or () if s]
    if section:
        parts.append(" > ".join(section))
    if location.get("clause"):
        parts.append(f"clause {location['clause']}")
    if location.get("page"):
        parts.append(f"page {location['page']}")
    return ", ".join(parts)


def heading(title: str) -> str:
    return f"Clarification questions: {title}"


def introduction(questions: list[Question]) -> str:
    """The line before the questions, in every export (the buyer may read it, so it speaks to both)."""
    if not questions:
        return "No findings for suppliers, so no questions were drafted."
    return (f"{len(questions)} question{'s' if len(questions) != 1 else ''} about this tender, each with the place "
            "and the words it concerns.")


def place_of(question: Question) -> str:
    return question.where or "The document as a whole"


def render_questions(questions: list[Question], title: str, fmt: str = "md") -> str:
    """The questions as Markdown (for a clarification portal or an email) or plain text: what the
    buyer reads, so no rule ids (they mean nothing to the buyer; the page links each to its rule)."""
    md = fmt == "md"
    lines = [f"# {heading(title)}" if md else heading(title), "", introduction(questions), ""]
    if not questions:
        return "\n".join(lines).rstrip() + "\n"
    for q in questions:
        place = place_of(q)
        lines.append(f"{q.number}. **{place}**" if md else f"{q.number}. {place}")
        if q.quote:
            lines.append(f"   > {q.quote}" if md else f'   "{q.quote}"')
        lines += ["", f"   {q.text}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _generic(finding: Mapping[str, Any]) -> str:
    message = str(finding.get("message", "")).strip()
    fix = str(finding.get("fix", "")).strip()
    return f"{message} Would you consider changing this? For example: {fix}".strip()


def _position(finding: Mapping[str, Any]) -> tuple[int, int, str]:
    location = finding.get("location") or {}
    document_level = not finding.get("quote")
    return (1 if document_level else 0, int(location.get("start") or 0), finding.get("rule_id", ""))
