"""Numbers written in words: "sixty", "twenty-one", "one hundred and twenty", "a million".

Tenders state key figures twice ("sixty (60) days") and sometimes only in words, so words must
parse to the same value as digits. The parser is strict on purpose: "one two" or "twenty ninety"
is not a number, which keeps ordinary prose from turning into quantities.
"""

from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}
TEENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_SPLIT = re.compile(r"[\s\-]+")


def _alternation(words: list[str]) -> str:
    # Longest first so "fourteen" is tried before "four": fewer backtracks on every scan.
    return "|".join(sorted(words, key=len, reverse=True))


BASIC_WORD = f"(?:{_alternation([*UNITS, *TEENS, *TENS])})"
SCALE_WORD = "(?:hundred|thousand|million|billion)"
# "and" may only follow a scale word ("one hundred and twenty"), so "between one and two" splits.
_JOIN = r"(?:(?:(?<=hundred)|(?<=thousand)|(?<=illion))\s+and\s+|-|\s+)"
_WORD = rf"(?:{BASIC_WORD}|{SCALE_WORD})"
# Regex text for a run of number words; validate a match with `parse_number_words`.
WORDS = rf"\b(?:an?\s+(?={SCALE_WORD}\b))?{_WORD}\b(?:{_JOIN}{_WORD}\b)*"


def parse_number_words(s: str) -> float | None:
    """The value of a number in words, or None if `s` is not exactly one well-formed number.

    A leading figure is allowed before scale words ("2.5 million"), as is "a"/"an" before one
    ("a hundred"). British "and" is accepted after hundred/thousand/million.
    """
    tokens = [t.rstrip(",") for t in _SPLIT.split(s.strip().lower()) if t]
    if not tokens:
        return None
    total = 0.0
    group = 0.0
    last = ""  # class of the previous token: unit, teen, tens, hundred, scale, figure, and
    last_scale = float("inf")
    for i, token in enumerate(tokens):
        if i == 0 and token in ("a", "an"):
            group, last = 1, "a"
        elif i == 0 and _DIGITS.fullmatch(token):
            group, last = float(token.replace(",", "")), "figure"
        elif token == "and":
            if last not in ("hundred", "scale") or i == len(tokens) - 1:
                return None
            last = "and"
        elif token in UNITS:
            if token == "zero":
                if len(tokens) != 1:
                    return None
            elif last == "tens" and group % 10 == 0:
                group += UNITS[token]
            elif last in ("hundred", "and") and group % 100 == 0:
                group += UNITS[token]
            elif last in ("", "scale", "and"):
                group = UNITS[token]
            else:
                return None
            last = "unit"
        elif token in TEENS or token in TENS:
            value = TEENS.get(token) or TENS[token]
            if last in ("hundred", "and") and group % 100 == 0:
                group += value
            elif last in ("", "scale", "and"):
                group = value
            else:
                return None
            last = "teen" if token in TEENS else "tens"
        elif token == "hundred":
            if last not in ("unit", "teen", "tens", "a") or group >= 100 or group == 0:
                return None
            if last == "tens" and group % 10 == 0:
                return None  # "twenty hundred" is not a number
            group *= 100
            last = "hundred"
        elif token in SCALES:
            scale = SCALES[token]
            if last in ("", "scale", "and") or group == 0 or scale >= last_scale:
                return None
            total += group * scale
            group, last, last_scale = 0, "scale", scale
        else:
            return None
    if last in ("a", "figure", "and"):
        return None
    return total + group
