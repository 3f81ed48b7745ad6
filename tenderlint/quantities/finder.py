"""`find_quantities`: run every finder once, then keep the best non-overlapping reading.

Finders overlap by design ("sixty (60) days" is also the number "sixty (60)"; "12:00 noon on
14 March 2025" contains "12"). The longest candidate wins, so the reading that explains the most
text is kept; ties go to the more specific kind. Bare numbers and references ("clause 12",
"Regulations 2015") compete only for what nothing else claimed, so they never hide a real
quantity, and references stop their figures being reported as numbers.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from functools import lru_cache
from typing import Iterable

from .dates import scan_dates
from .figures import parse_amount
from .measures import scan_measures, scan_word_multiples
from .model import Kind, Quantity
from .money import scan_money
from .patterns import FLAGS, OTHER_CODES
from .words import BASIC_WORD

# Times not next to a date: "10 am", "12:00", "17.00 hrs". Dotted times need a suffix, else
# "1.25" would be read as twenty-five past one.
_TIME = re.compile(
    r"(?=\d)(?<![\d.:])(?:\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s?(?:(?:am|pm|noon|midday|midnight|hrs|hours|h)\b|a\.m\.|p\.m\.))?"
    r"|\d{1,2}(?:\.\d{2})?\s?(?:(?:am|pm|noon|midday|midnight)\b|a\.m\.|p\.m\.)"
    r"|\d{1,2}\.\d{2}\s?(?:hrs|hours|h)\b)",
    FLAGS,
)
_REFERENCE = re.compile(
    r"\b(?=[a-z])(?:clauses?|sections?|paragraphs?|paras?|pages?|pp?\.|schedules?|annex(?:es)?"
    r"|appendix|appendices|lots?|parts?|items?|tables?|figures?|articles?|regulations?|regs?\.?"
    r"|chapters?|questions?|steps?|rules?|volumes?|versions?|forms?|no\.|nos\.|acts?|ppn)"
    r"\s?\d+(?:\.\d+)*[a-z]?\b",
    FLAGS,
)

_TIER_QUANTITY, _TIER_REFERENCE, _TIER_NUMBER = 0, 1, 2
_PRIORITY: dict[str | None, int] = {
    None: 0, "placeholder": 1, "money": 2, "date": 3, "duration": 4, "percent": 5,
    "multiple": 6, "number": 7,
}
Candidate = tuple[int, int, int, int, int, int, Quantity | None]


def find_quantities(text: str, *, dayfirst: bool | None = True) -> list[Quantity]:
    """Every quantity in `text`, in order, non-overlapping, each with its exact span.

    `dayfirst` decides "01/03/2025" (True: 1 March, the UK reading); None infers it from the
    text's unambiguous numeric dates, for documents of unknown origin.
    Several rules and the context read the same sentences, so results are memoised (they are
    frozen values, safe to share).
    """
    if not (_MAYBE_SIGN.search(text) or _MAYBE_WORD.search(text)):
        return []
    return list(_find_quantities(text, dayfirst))


# Every quantity needs a digit, a currency sign or code, a number word, a multiple word or a
# placeholder mark; most sentences have none of these, and two quick searches rule them out.
_MAYBE_SIGN = re.compile(r"[0-9£$€\[_%\u00d7]")
_MAYBE_WORD = re.compile(
    rf"\b(?:GBP|EUR|USD|CAD|AUD|NZD|{OTHER_CODES}|[xX]{{1,3}}\b|{BASIC_WORD}|hundred|thousand|million|billion|twice|thrice"
    r"|double|treble|triple|quadruple|\w*fold\b)",
    FLAGS,  # ASCII word boundaries, as the finder's own patterns use: "\u00batwice" still holds "twice"
)


def may_hold_placeholder(text: str) -> bool:
    """False only when `find_quantities(text)` certainly holds no placeholder and no impossible date.

    A quick test for rules that look for unfilled templates in every sentence: in tenders about
    one sentence in fifty passes it, and it costs a fraction of `find_quantities`. Every placeholder
    holds a blank mark ("[X]", "{..}", "<..>", "___", "...", "***", "\u2026", "\u25cf"), an x that starts
    a word or follows a figure ("XX", "\u00a3x", "xx/xx/2025", "1 March 20XX") or TBC/TBA/TBD.
    An impossible date without an x is written with figures, so it has a date's shape
    (`_DATE_SHAPE`); only then are the dates themselves read.
    """
    if _BLANK_MARK.search(text) or "__" in text or "..." in text or "***" in text:
        return True
    lowered = text.lower()
    if ("x" in lowered or "tb" in lowered) and _X_OR_TBC.search(text):
        return True
    if not _DATE_SHAPE.search(text):
        return False
    return any(q.kind == "placeholder" or not q.valid for q in scan_dates(text))


# Marks of a blank that need no context; "__" and "..." are plain substring tests.
_BLANK_MARK = re.compile("[\\[{<\u2026\u25cf\u2022]")
_X_OR_TBC = re.compile(r"\bx|\dx|\btb[cad]\b", FLAGS)
# A date written in figures, from the last figure of its day (or year) on: a superset of the
# all-figure dates `scan_dates` reads, tried first because most sentences with figures hold none.
_DATE_SHAPE = re.compile(
    r"\d(?:st|nd|rd|th)?(?:\sof)?[\s-](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"  # 31st of Feb
    r"|\d(?:st|nd|rd|th)?,?\s\d{3}"  # the "31, 2025" of "February 31, 2025"
    r"|\d(?:/\d{1,2}/\d|-\d{1,2}-\d|\.\d{1,2}\.\d{4})",  # 31/02/25, 2025-02-30, 31.02.2025 (not 3.1.2)
    FLAGS,
)


@lru_cache(maxsize=32768)
def _find_quantities(text: str, dayfirst: bool | None) -> tuple[Quantity, ...]:
    found: list[Quantity] = [
        *scan_money(text),
        *scan_measures(text),
        *scan_word_multiples(text),
        *scan_dates(text, dayfirst),
    ]
    candidates: list[Candidate] = []
    for q in found:
        if q.value is not None and not math.isfinite(q.value):
            continue
        tier = _TIER_NUMBER if q.kind == "number" else _TIER_QUANTITY
        _add(candidates, tier, q.start, q.end, q.kind, q)
    for m in _TIME.finditer(text):
        _add(candidates, _TIER_QUANTITY, m.start(), m.end(), None, None)
    for m in _REFERENCE.finditer(text):
        _add(candidates, _TIER_REFERENCE, m.start(), m.end(), None, None)
    return tuple(_resolve(candidates))


def _add(candidates: list[Candidate], tier: int, start: int, end: int, kind: Kind | None,
         q: Quantity | None) -> None:
    if end > start:
        rank = (tier, start - end, _PRIORITY[kind], start)
        candidates.append((*rank, end, len(candidates), q))


def _resolve(candidates: list[Candidate]) -> list[Quantity]:
    """Greedy interval selection in rank order; blockers (q is None) claim text but are dropped."""
    candidates.sort()
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Quantity | None] = []
    for *_, start, end, _index, q in candidates:
        i = bisect_right(starts, start)
        if (i > 0 and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.insert(i, q)
    return [q for q in kept if q is not None]


def _of(kinds: Iterable[str], found: list[Quantity]) -> list[Quantity]:
    wanted = set(kinds)
    return [q for q in found if q.kind in wanted or q.expects in wanted]


def find_money(text: str) -> list[Quantity]:
    """Money amounts, and money placeholders ("£[X]") so a rule can report them as missing."""
    return _of(["money"], find_quantities(text))


def find_durations(text: str) -> list[Quantity]:
    """Durations, and duration placeholders ("[X] days")."""
    return _of(["duration"], find_quantities(text))


def find_percents(text: str) -> list[Quantity]:
    """Percentages, and percentage placeholders ("XX%")."""
    return _of(["percent"], find_quantities(text))


def find_multiples(text: str) -> list[Quantity]:
    """Multiples: "twice", "3 times", "2x", "double the ..."."""
    return _of(["multiple"], find_quantities(text))


def find_dates(text: str, *, dayfirst: bool | None = True) -> list[Quantity]:
    """Dates (valid or not), and date placeholders ("XX/XX/XXXX")."""
    return _of(["date"], find_quantities(text, dayfirst=dayfirst))


def parse_money(s: str) -> float | None:
    """The amount of a money string ("£5.5M", "five million pounds", "EUR 200 000", "250k").

    None for placeholders and for text that holds no amount.
    """
    for q in find_quantities(s):
        if q.kind == "money":
            return q.value
        if q.kind == "placeholder":
            return None
    amount = parse_amount(s)
    return amount.value if amount is not None else None


def clear_cache() -> None:
    """Forget memoised results (benchmarks call this so every timed run starts cold)."""
    _find_quantities.cache_clear()
