"""Quantities led by an amount: durations, percentages, multiples, trailing-currency money, numbers.

One pattern finds every amount (figure, words, or "sixty (60)") once and then looks at what
follows it, so a 70k-word document is scanned once for all of these kinds rather than once each.
"""

from __future__ import annotations

import math
import re
from typing import Iterator

from .figures import Amount, parse_amount, parse_figure
from .model import Kind, Quantity, Vat
from .patterns import (
    AMOUNT,
    AMOUNT_PLACEHOLDER,
    AMOUNT_START,
    CURRENCY,
    CURRENCY_CODES,
    CURRENCY_WORDS,
    FLAGS,
    FIGURE,
    MONEY_SCALE,
    RANGE_SEP,
    SHORT_SCALE,
    VAT,
    currency_code,
    vat_basis,
)

_PERCENT = r"\s?(?:%(?!\w)|per\s?cent\b|percent\b)"
_UNIT = (
    r"(?:\s?-\s?|\s?)(?:(?P<qual>calendar|working|business|clear|consecutive)[\s-])?"
    r"(?P<u>days?|weeks?|months?|years?|hours?|hrs?|yrs?|mths?|wks?)\b(?:\(s\))?"
)
# "three times a year" is a frequency, not a multiple.
_MULTIPLE = (
    r"\stimes\b(?!\s(?:a|an|per|each|every|in|during|within)\b)"
    r"|\s?[x\u00d7](?!\w)(?!\s?\d)|[\s-]?fold\b"
)
_MONEY_TAIL = (
    rf"(?P<ms>{SHORT_SCALE})?\s?(?P<mw>{CURRENCY_WORDS}\b|{CURRENCY_CODES}|\u20ac)"
    rf"(?:\s?\(\s?(?:{CURRENCY}\s?)?(?P<mfig>{FIGURE}(?:{MONEY_SCALE})?)\s?\))?"
    rf"(?P<mvat>{VAT})?"
)

# The look-ahead (digits, number-word initials, placeholder marks) skips most positions cheaply.
MEASURE = re.compile(
    r"(?=[\d\[{<_.\u2026\u25cf\u2022txzofsenhmba])"
    rf"{AMOUNT_START}(?:(?P<ph>{AMOUNT_PLACEHOLDER})"
    rf"|(?P<lo>{AMOUNT})(?:(?P<lopct>{_PERCENT})?{RANGE_SEP}(?P<hi>{AMOUNT})"
    rf"|(?P<plus>(?:\s?\+\s?{AMOUNT})+))?)"
    rf"(?:(?P<dur>{_UNIT})|(?P<pct>{_PERCENT})|(?P<mul>{_MULTIPLE})|(?P<money>{_MONEY_TAIL}))?",
    FLAGS,
)
_PLUS = re.compile(r"\s?\+\s?")
_SCALE_WORD = re.compile(r"hundred|thousand|million|billion", FLAGS)
_TRAILING_SCALE = re.compile(r"(k|m|mn|bn|b|thousand|million|billion)\W*$", FLAGS)
_UNITS = {"d": "day", "w": "week", "m": "month", "y": "year", "h": "hour"}


def scan_measures(text: str) -> Iterator[Quantity]:
    """Every amount-led quantity, in order; bare amounts only when they are worth a "number"."""
    for m in MEASURE.finditer(text):
        yield from _from_match(text, m)


def _from_match(text: str, m: re.Match[str]) -> Iterator[Quantity]:
    tail = _tail(m)
    if m["ph"] is not None:
        if tail is not None:
            kind, unit = tail
            if kind == "multiple" and m["mul"].strip().lower() == "x":
                return  # "X X", "XX x": letters side by side (a seal, a tick grid), not "[X] times"
            yield _q(text, "placeholder", None, unit, m.start(), m.end(), expects=kind)
        return
    lo = parse_amount(m["lo"])
    if lo is None:
        return
    if tail is None:
        yield from _numbers(text, m)
        return
    kind, unit = tail
    if kind == "multiple" and m["mul"].strip()[:1].lower() in ("x", "\u00d7") and not m["lo"][:1].isdigit():
        yield from _numbers(text, m)  # "two x" is not "2x"
        return
    scale = _money_scale(m) if kind == "money" else 1.0
    if m["plus"]:
        yield from _series(text, m, lo, kind, unit, scale)
        return
    if m["hi"] is None:
        value, consistent = _money_figure(m, lo.value * scale, lo)
        yield _q(text, kind, value, unit, m.start(), m.end(), consistent=consistent,
                 vat=vat_basis(m["mvat"]))
        return
    hi = parse_amount(m["hi"])
    if hi is None:
        return
    low, high = lo.value * scale, hi.value * scale
    if hi.scaled and not lo.scaled:
        borrowed = parse_amount(f"{m['lo']} {_scale_word(m['hi'])}")
        if borrowed is not None and borrowed.value * scale <= high:
            low = borrowed.value * scale  # "5-10 million pounds"
    if low > high or (m["lopct"] and kind != "percent"):
        yield from _split_range(text, m, kind, unit, high, hi)
        return
    value, consistent = _money_figure(m, high, hi)
    yield _q(text, kind, value, unit, m.start(), m.end(), low=low, high=high,
             consistent=consistent and lo.consistent, vat=vat_basis(m["mvat"]))


def _tail(m: re.Match[str]) -> tuple[Kind, str | None] | None:
    if m["dur"] is not None:
        unit = _UNITS[m["u"][0].lower()]
        if unit == "day" and (m["qual"] or "").lower() in ("working", "business"):
            unit = "working_day"
        return "duration", unit
    if m["pct"] is not None:
        return "percent", None
    if m["mul"] is not None:
        return "multiple", None
    if m["money"] is not None:
        return "money", currency_code(m["mw"])
    return None


def _money_scale(m: re.Match[str]) -> float:
    """The multiplier of "5m pounds"; 1 when the scale is already in the amount."""
    if not m["ms"]:
        return 1.0
    return parse_figure("1" + m["ms"].strip()) or 1.0


def _money_figure(m: re.Match[str], value: float, said: Amount) -> tuple[float, bool]:
    """A bracketed figure after trailing-currency money wins over the words before it."""
    figure = parse_figure(m["mfig"]) if m["mfig"] else None
    if figure is None:
        return value, said.consistent
    return figure, said.consistent and math.isclose(figure, value)


def _series(text: str, m: re.Match[str], lo: Amount, kind: Kind, unit: str | None,
            scale: float) -> Iterator[Quantity]:
    """"4+1+1 years": an initial term and extensions; `high` is the longest possible term."""
    parts = [parse_amount(p) for p in _PLUS.split(m["plus"]) if p.strip()]
    if any(p is None for p in parts):
        return
    total = lo.value + sum(p.value for p in parts if p is not None)
    yield _q(text, kind, total * scale, unit, m.start(), m.end(), low=lo.value * scale,
             high=total * scale)


def _split_range(text: str, m: re.Match[str], kind: Kind, unit: str | None, high: float,
                 hi: Amount) -> Iterator[Quantity]:
    """Not a range after all ("2025 - 10 days"): keep each side as what it is on its own."""
    if m["lopct"]:
        lo = parse_amount(m["lo"])
        if lo is not None:
            yield _q(text, "percent", lo.value, None, m.start(), m.end("lopct"))
    else:
        yield from _numbers(text, m, hi_too=False)
    yield _q(text, kind, high, unit, m.start("hi"), m.end(), consistent=hi.consistent,
             vat=vat_basis(m["mvat"]))


def _numbers(text: str, m: re.Match[str], hi_too: bool = True) -> Iterator[Quantity]:
    for group in ("lo", "hi") if hi_too else ("lo",):
        s = m[group]
        if s is None or not _worth_a_number(s):
            continue
        amount = parse_amount(s)
        if amount is not None:
            yield _q(text, "number", amount.value, None, m.start(group), m.end(group),
                     consistent=amount.consistent)


def _worth_a_number(s: str) -> bool:
    """Bare amounts worth reporting: two or more digits, a scale word, or words with a figure.

    A lone "one" or "5" is almost always prose or a list index, so it is left out.
    """
    if "(" in s or _SCALE_WORD.search(s):
        return True
    return s[:1].isdigit() and sum(c.isdigit() for c in s) >= 2


def _scale_word(s: str) -> str:
    match = _TRAILING_SCALE.search(s.strip())
    return match.group(1) if match else ""


def _q(
    text: str,
    kind: Kind,
    value: float | None,
    unit: str | None,
    start: int,
    end: int,
    *,
    low: float | None = None,
    high: float | None = None,
    consistent: bool = True,
    vat: Vat | None = None,
    expects: Kind | None = None,
) -> Quantity:
    return Quantity(kind, value, unit, start, end, text[start:end], vat=vat, low=low, high=high,
                    consistent=consistent, expects=expects)


_WORD_MULTIPLE = re.compile(
    r"\b(?=[tdqf])(?:(?P<adv>twice|thrice)\b"
    r"|(?P<verb>double|treble|triple|quadruple)(?=\s(?:the|its|their|this|that|our|your|what)\b)"
    r"|(?P<fold>two|three|four|five|ten)fold\b)",
    FLAGS,
)
_WORD_MULTIPLES = {
    "twice": 2.0, "thrice": 3.0, "double": 2.0, "treble": 3.0, "triple": 3.0, "quadruple": 4.0,
    "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "ten": 10.0,
}


def scan_word_multiples(text: str) -> Iterator[Quantity]:
    """"twice", "double the ...", "threefold": multiples with no amount to lead them.

    "double" only counts before a determiner ("double the contract value"), so "double-check"
    and "double counting" stay prose.
    """
    for m in _WORD_MULTIPLE.finditer(text):
        key = (m["adv"] or m["verb"] or m["fold"]).lower()
        yield _q(text, "multiple", _WORD_MULTIPLES[key], None, m.start(), m.end())
