"""Page numbers for every paginated list, API and pages alike.

The bound keeps `(page - 1) * per_page` inside a 64-bit integer (SQLite and PostgreSQL refuse
larger OFFSETs with an overflow, which surfaced as HTTP 500) with a wide margin; no real list
comes near a million pages of 100.
"""

from __future__ import annotations

import re

MAX_PAGE = 1_000_000
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
_DIGITS = re.compile(r"-?[0-9]+")
_TOO_LONG = 20  # digits; anything longer is out of every bound (and int() of 5,000 digits raises)


def whole_number(raw: str) -> int | None:
    """ASCII digits only (int() would also take '٣', ' 2', '+2' and '1_0'); None if not a number."""
    if not _DIGITS.fullmatch(raw):
        return None
    if len(raw.lstrip("-")) > _TOO_LONG:
        return -(10**_TOO_LONG) if raw.startswith("-") else 10**_TOO_LONG
    return int(raw)


def page_number(raw: str | None) -> int:
    """The page for web pages, which are lenient: anything not a valid page number shows page 1."""
    value = whole_number(raw or "")
    return value if value is not None and 1 <= value <= MAX_PAGE else 1
