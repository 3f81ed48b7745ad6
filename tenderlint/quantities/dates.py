"""Calendar dates: "1 March 2025", "Friday 14th March 2025", "March 1, 2025", "01/03/2025",
"2025-03-01". A time of day beside a date ("12:00 noon on 14 March 2025") is left out of the
span: the date is the quantity, and `find_quantities` stops the time's figures becoming numbers.

A date that cannot exist (31 February, a three-digit year) is still returned, with `date=None`
and `valid=False`: in a tender it is a drafting error worth reporting, not something to skip.
"""

from __future__ import annotations

import datetime
import re
from typing import Iterator

from .model import Quantity
from .patterns import FLAGS

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
# Digits stand in for a blank as "x": "XX/XX/XXXX", "1 March 20XX".
_DAY = r"(?:\d{1,2}|x{1,2})"
_END = r"(?![\w]|[/.-]\d)"


def _month(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_NAMES})\b\.?"


_DMY = (
    rf"(?<![\w.,/:])(?P<d1>{_DAY}){_ORD}(?:\sof)?[\s-]{_month('m1')},?[\s-]"
    rf"(?P<y1>\d{{3,4}}|[\dx]{{4}})(?!\w)"
)
_MDY = rf"{_month('m2')},?\s(?P<d2>\d{{1,2}}){_ORD},?\s(?P<y2>\d{{3,4}})(?!\w)"
_NUMERIC = (
    rf"(?<![\w./:-])(?P<a>{_DAY})(?P<sep>[/.-])(?P<b>{_DAY})(?P=sep)"
    rf"(?P<y3>\d{{4}}|[\dx]{{2,4}}){_END}"
)
_ISO = (
    rf"(?<![\w./:-])(?P<y4>\d{{4}})(?P<sep4>[-/])(?P<m4>\d{{1,2}})(?P=sep4)(?P<d4>\d{{1,2}})"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    rf"{_END}"
)
# Two scans, one for dates that start with a word and one for those that start with a figure:
# the leading look-ahead lets each skip most positions cheaply (about 3x faster than one scan).
_WORD_LED = re.compile(
    rf"\b(?=[a-z])(?:{_WEEKDAY},?\s(?:the\s)?)?(?:{_DMY}|{_MDY})", FLAGS
)
_FIGURE_LED = re.compile(rf"(?=[\dx])(?:{_DMY}|{_NUMERIC}|{_ISO})", FLAGS)


def scan_dates(text: str, dayfirst: bool | None = True) -> Iterator[Quantity]:
    """Every date in order. `dayfirst` reads "01/03/2025" as 1 March (UK) rather than 3 January;
    None lets the text decide, from its numeric dates that can only be read one way.

    A numeric date impossible one way but possible the other ("03/25/2025") is read the other
    way, as a person would.
    """
    matches = sorted([*_WORD_LED.finditer(text), *_FIGURE_LED.finditer(text)],
                     key=lambda m: m.start())
    found = [m.groupdict() for m in matches]
    if dayfirst is None:
        dayfirst = _guess_dayfirst(found)
    for m, groups in zip(matches, found):
        start, end = m.start(), m.end()
        day, month, year = _parts(groups, dayfirst)
        if groups.get("sep") in (".", "-") and len(year) != 4:
            continue  # "1.3.10" is a clause or version number, not a date
        if "x" in f"{day}{month}{year}".lower():
            yield Quantity("placeholder", None, None, start, end, text[start:end], expects="date")
            continue
        value = _make_date(int(year), int(month), int(day), len(year))
        yield Quantity("date", None, None, start, end, text[start:end], date=value,
                       valid=value is not None)


def _guess_dayfirst(found: list[dict[str, str | None]]) -> bool:
    """Day first unless more numeric dates show a month first ("3/26/2021") than a day first."""
    votes = 0
    for g in found:
        a, b = g.get("a") or "", g.get("b") or ""
        if a.isdigit() and b.isdigit():
            votes += (int(a) > 12 >= int(b)) - (int(b) > 12 >= int(a))
    return votes >= 0


def _parts(g: dict[str, str | None], dayfirst: bool) -> tuple[str, str, str]:
    """Day, month and year as text; which groups are set says which form matched."""
    if g.get("m1"):
        return str(g["d1"]), _month_number(str(g["m1"])), str(g["y1"])
    if g.get("m2"):
        return str(g["d2"]), _month_number(str(g["m2"])), str(g["y2"])
    if g.get("y4"):
        return str(g["d4"]), str(g["m4"]), str(g["y4"])
    first, second = str(g["a"]), str(g["b"])
    if not dayfirst:
        first, second = second, first
    if first.isdigit() and second.isdigit() and int(second) > 12 >= int(first):
        first, second = second, first
    return first, second, str(g["y3"])


def _month_number(name: str) -> str:
    return str(_MONTHS.index(name[:3].lower()) + 1)


def _make_date(year: int, month: int, day: int, year_digits: int) -> datetime.date | None:
    """The date, or None if it cannot exist; two-digit years pivot at 70 (25: 2025, 99: 1999)."""
    if year_digits == 3:
        return None
    if year_digits == 2:
        year += 2000 if year < 70 else 1900
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
