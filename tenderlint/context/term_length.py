"""The contract's term: the initial period and its extensions ("two further periods of 12 months",
"4+2 years"), not the notice periods and limits that are durations too."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis import Sentence
from ..quantities import Quantity, parse_number_words
from .facts import FOUND, Fact, short_quote

# --- Term cues ---
_TERM_CUE = re.compile(
    r"initial (?:contract )?(?:term|period)|contract (?:term|period|duration)"
    r"|(?:term|duration|period|length) of (?:the|this) (?:contract|agreement|framework|call-off)"
    r"|(?:contract|agreement|framework) (?:will|shall) (?:run|last|be in place)|\b\d\s?\+\s?\d(?:\s?\+\s?\d)*\s?years?"
    r"|option to (?:extend|renew)|(?:renewal|extension) options?|(?:further|additional) (?:periods?|terms?) of",
    re.I,
)
_EXTENSION_CUE = re.compile(
    r"\bextend|\bextension|\brenew|\bfurther\b|\badditional\b|\boption",
    re.I,
)
_NUMBER_WORD = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten"
# "two further periods of" just before a duration: how many extensions of that length.
_COUNT_BEFORE = re.compile(
    rf"(?P<n>{_NUMBER_WORD})(?:\s?\(\d+\))?\s+(?:further |additional |optional |annual |renewal |extension )*"
    r"(?:periods?|extensions?|options?|renewals?|terms?)\b[^.;]{0,20}$",
    re.I,
)
_ANNUAL_OPTIONS = re.compile(
    rf"\b(?P<n>{_NUMBER_WORD})(?:\s?\(\d+\))?\s+(?:annual|yearly) (?:renewal|extension) (?:options?|periods?)", re.I
)
_LIMIT_BEFORE = re.compile(
    r"(?:no (?:more|longer) than|limited to|not (?:to )?exceed(?:ing)?|within|after|before|prior to)\s*$", re.I
)
_NOTICE_AFTER = re.compile(r"^[’'s]*\s*(?:written\s+)?notice", re.I)


_TERM_WORDS = ("term", "period", "duration", "+", "run", "last", "extend", "extension", "renew")

@dataclass(frozen=True)
class Term:
    initial_years: float | None
    extension_years: float | None


def term_cued(text: str, low: str) -> bool:
    """Cheap substring tests first, so the cue regex sees few sentences."""
    return any(w in low for w in _TERM_WORDS) and bool(_TERM_CUE.search(text))


def read_term(text: str, quantities: list[Quantity]) -> Term | None:
    """Initial term before any extension wording, extensions after it ("two further periods of 12 months")."""
    durations = [q for q in quantities if q.kind == "duration" and q.days and _is_term_length(text, q)]
    split = _EXTENSION_CUE.search(text)
    cut = split.start() if split else len(text)
    initial = next((q for q in durations if q.end <= cut and (q.days or 0) >= 90), None)
    if initial is not None and initial.low is not None and "+" in initial.text:
        first = _years(initial) * initial.low / (initial.value or 1)  # "2+1+1 years": 2, then 2 more
        return Term(round(first, 2), round(_years(initial) - first, 2) or None)
    extension = sum(_extension_years(text, q) for q in durations if q.start >= cut) if split else 0.0
    extension += _annual_options(text)
    if initial is None and not extension:
        return None
    return Term(_years(initial) if initial else None, extension or None)


def _annual_options(text: str) -> float:
    """Years of "three (3) annual renewal options", which name no duration."""
    match = _ANNUAL_OPTIONS.search(text)
    return _count(match["n"]) if match else 0.0


def _count(word: str) -> float:
    return float(word) if word.isdigit() else (parse_number_words(word) or 1.0)


def _is_term_length(text: str, q: Quantity) -> bool:
    """Not a notice period ("3 Months' written notice") nor a limit or deadline ("no more than 1-year")."""
    before = text[max(0, q.start - 25) : q.start]
    return not _NOTICE_AFTER.match(text[q.end :]) and not _LIMIT_BEFORE.search(before)


def _years(q: Quantity) -> float:
    return round((q.days or 0) / 365.2425, 2)


def _extension_years(text: str, q: Quantity) -> float:
    counted = _COUNT_BEFORE.search(text[max(0, q.start - 60) : q.start])
    return round((_count(counted["n"]) if counted else 1.0) * _years(q), 2)


def term_facts(terms: list[tuple[Term, Sentence]]) -> list[Fact]:
    facts = []
    initial = next(((t, s) for t, s in terms if t.initial_years), None)
    if initial:
        term, sentence = initial
        facts.append(Fact("term_years", term.initial_years, FOUND, short_quote(sentence.text), sentence.start_char))
    extension = next(((t, s) for t, s in terms if t.extension_years), None)
    if extension:
        term, sentence = extension
        quote, start = short_quote(sentence.text), sentence.start_char
        facts.append(Fact("extension_years", term.extension_years, FOUND, quote, start))
    return facts
