"""Whether a document holds a set of contract terms, read from its clause titles; contract-level rules
(no cap, no exit) are judged only on such documents."""

from __future__ import annotations

import re
from typing import Mapping

from ..model import BlockKind, Document
from .facts import FOUND, Fact

# Clause titles of a set of contract terms. An invitation that carries its own general conditions
# (common in US and Canadian RFPs) holds several of them as headings or clause openings.
_CLAUSE_NAME = (
    r"(?P<name>indemnif\w*|indemnity|hold\s+harmless|termination(?:\s+for\s+(?:convenience|default|cause))?|"
    r"governing\s+law|applicable\s+law|choice\s+of\s+law|force\s+majeure|assignment|insurance(?:\s+requirements)?|"
    r"warrant(?:y|ies)|limitation\s+of\s+liability|dispute(?:s)?(?:\s+resolution)?|confidentiality|confidential\s+information|"
    r"intellectual\s+property|ownership\s+of\s+(?:work|documents|materials)|payment(?:s|\s+terms)?|invoic\w*|"
    r"subcontract\w*|audit\w*|independent\s+contractor|severability|waiver|entire\s+agreement|amendments?|"
    r"notices|liquidated\s+damages|default|"
    # US federal agreements: "Inspection and Acceptance", "Data Rights and Ownership of Deliverables",
    # "Suspension", "Records", "Protection of Information" (not "Conflicts of interest": the rules of a
    # competition have that heading too)
    r"inspection\s+and\s+acceptance|data\s+rights|rights\s+in\s+data|ownership\s+of\s+deliverables|suspension|"
    r"records(?:\s+retention)?|protection\s+of\s+information)\b"
)
_TERMS_CLAUSE = re.compile(
    r"^\W{0,3}(?:(?:article|section|clause|gc|sc)?\s*[\dA-Z]{1,3}(?:\.\d{1,3}){0,3}\.?\)?(?:\s+|(?=[A-Z][a-z])))?(?:the\s+)?"
    + _CLAUSE_NAME,
    re.I,
)
# A short heading may name the clause after a few words ("Disclaimer of Liability and Indemnity",
# "Alternative Dispute Resolution", "General Insurance Requirements").
_NAME_AFTER_WORDS = re.compile(
    r"^\W{0,3}(?:[\dA-Z]{1,3}(?:\.\d{1,3}){0,3}\.?\)?\s*)?(?:(?:[A-Za-z]+|&)\s+){1,4}?(?:the\s+)?" + _CLAUSE_NAME,
    re.I,
)
# A lettered clause title inside running text, as PDF conversions of US federal terms run them
# together: "... (o) Warranty. ... (p) Limitation of liability. Except as otherwise provided ..."
_INLINE_CLAUSE = re.compile(
    r"(?:^|(?<=[.:;]\s))\(\s*(?:[a-z]{1,2}|\d{1,2})\s*\)\s+(?:the\s+)?" + _CLAUSE_NAME + r"[^.]{0,40}\.",
    re.I,
)
HEADING_MAX_WORDS = 8
# An item of an enumeration ("Insurance cover;", "Subcontractor audits; and") names a topic, not a clause.
_LIST_ITEM_END = re.compile(r"[;,]\s*(?:and|or)?\s*$", re.I)
TERMS_MIN_CLAUSES = 5


def has_terms(document: Document, facts: Mapping[str, Fact]) -> Fact | None:
    """Whether the document holds a set of contract terms: at least TERMS_MIN_CLAUSES distinct
    clause titles (indemnity, termination, governing law...) as headings
    or clause openings. Contract-level rules (no cap, no exit) are judged only on such documents;
    a document typed as terms only because it names call-off schedules is not enough."""
    first: dict[str, int] = {}  # clause name (its first word) -> where it first stands
    for block in document.blocks:
        if block.kind is BlockKind.HEADER_FOOTER:
            continue
        for inline in _INLINE_CLAUSE.finditer(block.text) if "(" in block.text else ():  # the test skips most blocks' scan
            first.setdefault(inline.group("name").lower()[:6], block.start + inline.start())
        if len(block.text) > 400 or _LIST_ITEM_END.search(block.text):
            continue
        text = block.text[:80]
        match = _TERMS_CLAUSE.match(text)
        if not match and block.kind is BlockKind.HEADING and len(text.split()) <= HEADING_MAX_WORDS:
            match = _NAME_AFTER_WORDS.match(text)
        if match and (block.kind is BlockKind.HEADING or block.clause or len(block.text) < 80):
            first.setdefault(match.group("name").lower()[:6], block.start)  # "payment"/"payments" are one
    if len(first) < TERMS_MIN_CLAUSES:
        return None
    names = sorted(first, key=first.__getitem__)
    return Fact("has_terms", True, FOUND, f"clauses on {', '.join(names[:6])}", first[names[0]])

