"""The buyer's own name in one document: "MHMR reserves the right", "the APEC Secretariat may terminate".

Rules ask "does the buyer ..." through the shared `@buyer` term set (Authority, Council, City,
Government ...). Many tenders never use such a word: the buyer calls itself by its name or its
initials throughout ("the Tribe", "SRMT", "the Court"). A fixed list cannot hold every buyer, and a
list of every capitalised word would catch the supplier, the law and the product too. So the name is
read from how the document uses it: a name that is the subject of what only a buyer does (reserves
the right, will evaluate or award, may terminate, is soliciting proposals) at least twice, or once
where the document also defines it as a short name ('... Tarrant County ("MHMR")'), is the buyer.
"""

from __future__ import annotations

import re
from typing import Iterable

from spacy.tokens import Doc

# One to four capitalised words or initials, joined by spaces, "of", "&" or "-": "APEC Secretariat",
# "MHMR", "Saint Regis Mohawk Tribe", "Port of Tacoma".
_WORD = r"[A-Z][A-Za-z]*(?:[.&'-][A-Za-z]+)*"
_NAME = rf"{_WORD}(?:[ \t]+(?:of[ \t]+|&[ \t]+)?{_WORD}){{0,3}}"

# What only the buyer does in a tender: the subject of these is the buyer.
_BUYER_ACTS = (
    r"reserves?\s+the\s+right|retains?\s+the\s+right|"
    r"(?:will|shall|may)\s+(?:not\s+)?(?:evaluate|award|select|terminate|cancel|reject|own|"
    r"consider|accept|negotiate|review\s+(?:all|the|each|proposals|responses|submissions))\b|"
    r"(?:is|are)\s+(?:seeking|soliciting|requesting|inviting)\b|intends?\s+to\s+(?:award|select|contract|enter|procure)|"
    r"invites\b|is\s+not\s+(?:liable|responsible|obligated|bound)\b|(?:shall|will)\s+not\s+be\s+(?:liable|responsible|obligated|bound)\b"
)
# Found from the act backwards: scanning for names first tries every capital letter of the text.
_ACT = re.compile(rf"[ \t]+(?:{_BUYER_ACTS})")
_SUBJECT_BEFORE = re.compile(rf"(?<![\w'])(?:[Tt]he[ \t]+)?({_NAME})$")
_NAME_REACH = 80  # characters before an act where its subject's name can start
# A short name the document defines: ("MHMR"), (the "Tribe"), (hereinafter "SRMT").
_DEFINED = re.compile(r"\(\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+)?|the\s+)?[\"']\s*(?:the\s+)?([A-Z][\w&.' -]{0,40}?)\s*[\"']")

# Capitalised words that are never the buyer: the other party, the documents, the law, pronouns,
# and words that start a sentence before a buyer act ("Each", "This").
_NOT_BUYER = frozenset(
    """bidder tenderer supplier contractor subcontractor offeror proposer proponent respondent applicant
    vendor consultant provider seller operator quoter firm company team partner insurer surety
    proposal bid tender submission response quote quotation offer application rfp rfq rfi itt ifb rft rfqu
    contract agreement order call-off task solicitation invitation document documents addendum
    section article clause part schedule appendix annex attachment exhibit act law regulation
    we us you it its they he she this that these those each any all no either neither every such both one
    if when where failure nothing none notwithstanding however also further
    """.split()
)


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[ \t]+", name) if w]


def _is_candidate(name: str, generic: frozenset[str]) -> bool:
    words = _words(name)
    if not words or len(name) < 2:
        return False
    lowered = {w.lower().rstrip("s") for w in words} | {w.lower() for w in words}
    if lowered & _NOT_BUYER:
        return False
    # a name the shared @buyer set already covers ("City", "State of Alaska") needs no help
    return words[-1].lower() not in generic


def buyer_names(text: str, generic: Iterable[str] = ()) -> list[str]:
    """The names this document gives its buyer, longest first; `generic` are buyer words already matched."""
    known = frozenset(w.lower() for w in generic)
    acts: dict[str, int] = {}
    for act in _ACT.finditer(text):
        match = _SUBJECT_BEFORE.search(text, max(0, act.start() - _NAME_REACH), act.start())
        if match is None:
            continue
        name = match.group(1)
        if _is_candidate(name, known):
            acts[name] = acts.get(name, 0) + 1
    defined = {m.group(1).strip() for m in _DEFINED.finditer(text)}
    names = [name for name, count in acts.items() if count >= 2 or (count == 1 and name in defined)]
    return sorted(names, key=len, reverse=True)


def buyer_spans(doc: Doc, names: Iterable[str], text: str | None = None) -> list[tuple[int, int]]:
    """Token spans (start, end) of every mention of the names, as written (case matters: "Tribe").

    `text` is the string the Doc was made from, when the caller has it (Doc.text is rebuilt per call)."""
    text = doc.text if text is None else text
    spans: list[tuple[int, int]] = []
    taken: set[int] = set()
    for name in names:
        pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
        for match in pattern.finditer(text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None or span.start in taken:
                continue
            taken.update(range(span.start, span.end))
            spans.append((span.start, span.end))
    return spans
