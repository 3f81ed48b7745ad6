"""What one document states about the key facts two documents of a pack can contradict.

The deadline, value and term come from the document's context (the extractor already chose the
statement that sets each, with its quote). The lot structure and insurance levels are not context
facts, so they are read here: "divided into 3 lots", "public liability insurance of £5 million".
A document that states one of these with several values (a level per lot, lots of different
sizes) is left out for that fact: only a document that states one value can contradict another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..analysis import Analysis
from ..quantities import find_quantities
from .facts import MemberFacts

# Context facts compared across documents, with the words shown in a finding.
COMPARED_FACTS = {
    "tender_deadline": "tender deadline",
    "value_total": "total value",
    "term_years": "contract term (years)",
    "extension_years": "extension (years)",
}
_NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_LOTS = re.compile(r"\b(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s*(?:\(\d{1,2}\)\s*)?(?:separate\s+|distinct\s+)?lots\b", re.I)
_INSURANCE_TYPES = {
    "employer's liability": re.compile(r"employer[’']?s[’']? liability", re.I),
    "public liability": re.compile(r"public liability", re.I),
    "professional indemnity": re.compile(r"professional indemnity", re.I),
    "product liability": re.compile(r"products? liability", re.I),
}


@dataclass(frozen=True)
class Statement:
    """One document's value for one key fact, where it says so, and the words shown for it."""

    key: str
    label: str
    value: Any
    shown: str
    document: str
    quote: str
    start: int
    end: int


def statements(analysis: Analysis, member: MemberFacts) -> tuple[Statement, ...]:
    """The key facts this document states once, each with the passage that states it."""
    found = [s for s in (_fact_statement(analysis, member, name) for name in COMPARED_FACTS) if s]
    found += _single_valued(_lot_statements(analysis, member.name) + _insurance_statements(analysis, member.name))
    return tuple(found)


def _fact_statement(analysis: Analysis, member: MemberFacts, name: str) -> Statement | None:
    fact = member.stated(name)
    if fact is None or fact.start is None:
        return None
    start, end = _sentence_span(analysis, fact.start)
    value = fact.value
    shown = f"{value:,.0f}" if name == "value_total" else f"{value:g}" if isinstance(value, float) else str(value)
    return Statement(name, COMPARED_FACTS[name], value, shown, member.name, analysis.document.text[start:end], start, end)


def _sentence_span(analysis: Analysis, start: int) -> tuple[int, int]:
    for sentence in analysis.sentences:
        if sentence.start_char <= start < max(sentence.end_char, sentence.start_char + 1):
            return sentence.start_char, sentence.end_char
    return start, start


def _lot_statements(analysis: Analysis, name: str) -> list[Statement]:
    found = []
    for sentence in analysis.sentences:
        for match in _LOTS.finditer(sentence.text):
            word = match.group(1).lower()
            count = int(word) if word.isdigit() else _NUMBER_WORDS[word]
            if count >= 1:
                found.append(Statement("lots", "number of lots", count, str(count), name, sentence.text,
                                       sentence.start_char, sentence.end_char))
    return found


def _insurance_statements(analysis: Analysis, name: str) -> list[Statement]:
    found = []
    for sentence in analysis.sentences:
        text = sentence.text
        if "nsurance" not in text and "indemnity" not in text.lower():
            continue
        kinds = [kind for kind, pattern in _INSURANCE_TYPES.items() if pattern.search(text)]
        amounts = [q for q in find_quantities(text) if q.kind == "money" and q.valid and q.value]
        if len(kinds) == 1 and len(amounts) == 1:
            found.append(Statement(f"insurance/{kinds[0]}", f"{kinds[0]} insurance level", amounts[0].value,
                                   amounts[0].text, name, text, sentence.start_char, sentence.end_char))
    return found


def _single_valued(found: list[Statement]) -> list[Statement]:
    """The first statement of each key whose every statement in the document agrees."""
    by_key: dict[str, list[Statement]] = {}
    for statement in found:
        by_key.setdefault(statement.key, []).append(statement)
    return [group[0] for group in by_key.values() if len({s.value for s in group}) == 1]
