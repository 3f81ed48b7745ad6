"""CSV cells that a spreadsheet will not run as formulas.

Quotes from uploaded documents and free-text evidence end up in CSV exports that people open
in Excel; a cell starting with = + - @ (or a tab/CR) would be evaluated as a formula there.
Such cells get a leading apostrophe, which spreadsheets show as plain text.
"""

from __future__ import annotations

from typing import Any, Iterable

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]
