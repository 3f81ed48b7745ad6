"""Acronyms a document uses, and whether it spells each one out.

A reader outside the buyer's organisation cannot guess what "CAFM", "FVRA" or "TDEC" stand for; a
bid team inside a large firm has met them before. Catalogue §0.5 item 65: an acronym counts as
defined if it is expanded anywhere in the document or its glossary, and universal ones (UK, EU,
IT, PDF, VAT, currency codes) are ignored. Read from the words alone, so it is cheap and works on
every format.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from .model import BlockKind, Document

# Three to seven capitals (digits and "&" inside), an optional plural "s": "SLA", "SLAs", "M&E" is
# too short to be sure of, "ISO27001" is a standard's name and keeps its digits.
_TOKEN = r"([A-Z][A-Z0-9&]{2,6})s?"
# Patterns searched over whole texts open with the capital, so the regex engine skips straight to
# capitals; what may not precede the word is tested after it ("(?<!\w[A-Z])" is "\b" before it).
_STARTS_WORD = r"(?<!\w[A-Z])"
_WORD_TOKEN = rf"([A-Z]{_STARTS_WORD}[A-Z0-9&]{{2,6}})s?"
# "MBE/WBE" is two acronyms: a slash parts them, where a hyphen or a dot joins a code ("SV-4", "U.S.C.").
# A capitalised word may close it, as in "HUBZone" (Historically Underutilized Business Zone), but
# not an English suffix on a word in capitals ("RESTful").
_ACRONYM = re.compile(r"([A-Z](?<![\w&.-][A-Z])(?:[A-Z0-9&]{2,6}|[A-Z]{2,5}(?!ful|ing|ish|ed\b|ly\b|er\b)[a-z]{2,6}))s?(?![\w&-])")
# Known to every reader, or not acronyms at all (company forms, emphasis); Roman numerals apart.
UNIVERSAL = frozenset({
    "USA", "PDF", "VAT", "GBP", "USD", "EUR", "CAD", "AUD", "NZD", "TBC", "TBD", "FAQ", "URL", "HTML", "XML",
    "CSV", "SMS", "GPS", "LLC", "LTD", "INC", "PLC", "LLP", "CEO", "CFO", "DVD", "USB", "ATM", "FAX", "AKA",
    "ASAP", "ISBN", "PIN", "WIFI", "ZIP", "EST", "EDT", "CST", "CDT", "PST", "PDT", "GMT", "BST", "UTC",
    "JPEG", "PNG", "GIF", "MP3", "MP4", "DOCX", "XLSX", "ODT", "RTF", "TXT", "API", "ICT",
    # names every reader of a tender knows (the invitation's own name, RFP or ITT, is not: labellers
    # reading as a newcomer counted it among the undefined)
    "NHS", "ISO", "GOV", "JSON", "USC", "IBM", "SQL",
    # words set in capitals for emphasis
    "NOT", "AND", "ALL", "ANY", "MUST", "THE", "FOR", "ONLY", "YES", "NONE", "SHALL", "WILL", "MAY", "NOTE",
    "JAN", "FEB", "MAR", "APR", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC",
    "JANUARY", "FEBRUARY", "MARCH", "APRIL", "JUNE", "JULY", "AUGUST", "OCTOBER",
})
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_SHOUTING = 0.5  # a block whose letters are mostly capitals is a title or heading set in capitals
_STOP_WORDS = r"(?:and|of|for|the|in|on|to|&|de|des|du|la|le)"


@dataclass(frozen=True)
class Acronym:
    text: str
    uses: int
    start: int  # where it is first used


def undefined_acronyms(document: Document, min_uses: int = 2) -> list[Acronym]:
    """Acronyms used at least `min_uses` times in running text and never spelt out, most used first."""
    uses: Counter[str] = Counter()
    first: dict[str, int] = {}
    for block in document.blocks:
        if block.kind is BlockKind.HEADER_FOOTER or _shouting(block.text):
            continue
        if _ACRONYM.fullmatch(block.text.strip()):
            continue  # a cell or line holding the acronym alone: a glossary entry or a form's label
        for match in _ACRONYM.finditer(block.text):
            word = match.group(1)
            if word in UNIVERSAL or _ROMAN.match(word) or sum(c.isalpha() for c in word) < 3:
                continue
            if _in_capitals_run(block.text, match.start(), match.end()):
                continue
            uses[word] += 1
            first.setdefault(word, block.start + match.start(1))
    if not any(count >= min_uses for count in uses.values()):
        return []
    spelt = _Spellings(document.text)
    glossary = _glossary_entries(document)
    found = [
        Acronym(word, count, first[word])
        for word, count in uses.items()
        if count >= min_uses and word not in glossary and not spelt.also_a_word(word) and not spelt.defines(word)
    ]
    return sorted(found, key=lambda a: (-a.uses, a.start))


_CAPS_WORD_BEFORE = re.compile(r"\b[A-Z]{2,}[\W\d]{0,3}\s+$")
_CAPS_WORD_AFTER = re.compile(r"^\s+[\W\d]{0,3}[A-Z]{2,}\b")


def _in_capitals_run(text: str, start: int, end: int) -> bool:
    """Inside words set in capitals ("SIGN AND RETURN THIS FORM"), not an acronym in running text.
    Capitals on one side only are two acronyms side by side ("the EPA RRP certificate")."""
    return bool(_CAPS_WORD_BEFORE.search(text[max(0, start - 30):start]) and _CAPS_WORD_AFTER.match(text[end:end + 30]))


_SMALL_LETTERS = bytes(range(ord("a"), ord("z") + 1))


def _shouting(text: str) -> bool:
    raw = text.encode()
    if 2 * (len(raw) - len(raw.translate(None, _SMALL_LETTERS))) >= len(text):
        return False  # half its characters are small letters (most blocks): settled without a Python loop
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > _SHOUTING


def _glossary_entries(document: Document) -> frozenset[str]:
    """Acronyms that open a glossary line ("CAFM - computer-aided facilities management", "FVRA:")
    or stand alone in a table cell beside their expansion."""
    entries: set[str] = set()
    for block in document.blocks:
        head = block.text.strip()[:40]
        match = _GLOSSARY_LINE.match(head)
        if match and (block.kind in (BlockKind.TABLE_CELL, BlockKind.LIST_ITEM) or len(head) > len(match.group(0))):
            entries.add(match.group(1))
    return frozenset(entries)


_GLOSSARY_LINE = re.compile(rf"^[\"“']?{_TOKEN}[\"”']?(?:\s*[:\-–—=\t|]|\s+(?:means|stands\s+for)\b|$)")
_AFTER_EXPANSION = re.compile(rf"\(\s*(?:the\s+)?[\"“'‘]?{_TOKEN}[\"”'’]?\s*[),;]")  # "... Management (CAFM)"
_BEFORE_EXPANSION = re.compile(rf"{_WORD_TOKEN}\s*\(\s*[A-Za-z][a-z]+\s+[A-Za-z]")  # "CAFM (computer-aided ..."
_MEANS = re.compile(rf"{_WORD_TOKEN}[\"”']?\s+(?:means|shall\s+mean|stands\s+for|is\s+short\s+for|refers\s+to)\b")
# Runs of capitalised words, small words allowed between them: "Computer Aided Facilities Management".
_CAPITALISED_RUN = re.compile(rf"[A-Z][\w'’]*(?:(?:\s+{_STOP_WORDS})*[\s-]+[A-Z][\w'’]*)+")
_RUN_WORD = re.compile(rf"(?<![\w'’])(?!{_STOP_WORDS}\b)[A-Za-z][\w'’]*")
_ANY_RUN_WORD = re.compile(r"(?<![\w'’])[A-Za-z][\w'’]*")


class _Spellings:
    """Everything in a text that spells an acronym out, each read in one pass, so that judging a
    candidate is a set lookup rather than another search of a long document."""

    def __init__(self, text: str) -> None:
        self.words = frozenset(re.findall(r"[A-Za-z]+", text))
        self.explicit = frozenset(
            m.group(1) for pattern in (_AFTER_EXPANSION, _BEFORE_EXPANSION, _MEANS) for m in pattern.finditer(text)
        )
        # Each run's initials, runs kept apart by a space: an acronym of 3-7 letters is spelt out
        # where it is a substring, i.e. the initials of consecutive words of one run.
        self._runs = [run.group(0) for run in _CAPITALISED_RUN.finditer(text)]
        self.initials = " ".join("".join(w[0] for w in _RUN_WORD.findall(run)).upper() for run in self._runs)

    @cached_property
    def whole_initials(self) -> frozenset[str]:
        """Initials that keep the small words' letters ("Request for Quotation", RFQ), of whole runs
        only: such longer initials match by chance inside long runs. A run may reach over a line
        break into the next line's first word, so each line's part counts too. Read only for an
        acronym the other spellings leave undefined."""
        parts = [part for run in self._runs for part in {run, *run.splitlines()}]
        return frozenset("".join(w[0] for w in _ANY_RUN_WORD.findall(part)).upper() for part in parts)

    def also_a_word(self, word: str) -> bool:
        """The document also writes it as an ordinary word or a name ("not", "Section", "Splunk"):
        set in capitals for emphasis or as a title, it is no acronym."""
        stem = word.rstrip("0123456789")
        return stem.lower() in self.words or stem.capitalize() in self.words

    def defines(self, word: str) -> bool:
        """Spelt out: "(CAFM)" after its expansion, "CAFM (computer-aided ...)", "CAFM means", or the
        capitalised words whose initials make it, wherever they stand."""
        letters = "".join(c for c in word if c.isupper())  # "HUBZone" is spelt out by four words
        return word in self.explicit or (len(letters) >= 3 and (letters in self.initials or letters in self.whole_initials))
