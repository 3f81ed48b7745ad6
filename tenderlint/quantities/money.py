"""Money led by a currency: "£5m", "GBP 5,000,000", "€200 000", "$50K", "£5-10m", "£[X]".

Amounts led by a figure or words ("five million pounds (£5,000,000)", "5,000 EUR") are found by
`measures`, which scans every amount once; this module handles what starts at a currency sign.
"""

from __future__ import annotations

import math
import re
from typing import Iterator

from .figures import parse_amount, parse_figure
from .model import Quantity
from .patterns import (
    CURRENCY,
    CURRENCY_WORDS,
    FIGURE,
    FLAGS,
    MONEY_PLACEHOLDER,
    MONEY_SCALE,
    OTHER_CODES,
    RANGE_SEP,
    VAT,
    currency_code,
    vat_basis,
)
from .words import WORDS

MONEY = re.compile(
    rf"(?=[u$\u00a3\u20acge]|c\$|ca[dn]|a\$|au|nz|s\$|hk\$|{OTHER_CODES.lower()})"
    rf"(?P<cur>{CURRENCY})\s?"
    rf"(?:(?P<ph>{MONEY_PLACEHOLDER})"
    rf"|(?P<lo>{FIGURE})(?P<los>{MONEY_SCALE})?"
    rf"(?:{RANGE_SEP}(?P<cur2>{CURRENCY}\s?)?(?P<hi>{FIGURE})(?P<his>{MONEY_SCALE})?)?"
    rf"(?:\s?\(\s?(?P<words>{WORDS})(?:\s{CURRENCY_WORDS})?(?:\sonly)?\s?\))?)"
    rf"(?P<vat>{VAT})?",
    FLAGS,
)


def scan_money(text: str) -> Iterator[Quantity]:
    """Currency-led money and money placeholders, in order; ranges as `low`/`high`."""
    for m in MONEY.finditer(text):
        unit = currency_code(m["cur"])
        vat = vat_basis(m["vat"])
        start, end = m.start(), m.end()
        if m["ph"] is not None:
            yield Quantity("placeholder", None, unit, start, end, text[start:end], vat=vat,
                           expects="money")
            continue
        lo = _scaled(m["lo"], m["los"])
        if lo is None:
            continue
        consistent = True
        if m["words"]:
            said = parse_amount(m["words"])
            consistent = said is None or math.isclose(said.value, lo)
        if m["hi"] is None:
            yield Quantity("money", lo, unit, start, end, text[start:end], vat=vat,
                           consistent=consistent)
            continue
        hi = _scaled(m["hi"], m["his"])
        if hi is None:
            continue
        if m["his"] and not m["los"]:
            borrowed = _scaled(m["lo"], m["his"])
            if borrowed is not None and borrowed <= hi:
                lo = borrowed  # "£5-10m" means £5m to £10m
        if lo > hi:
            # Not a range after all ("£500-£10"): two amounts.
            lo_end = m.end("los") if m["los"] else m.end("lo")
            yield Quantity("money", lo, unit, start, lo_end, text[start:lo_end])
            hi_start = m.start("cur2") if m["cur2"] else m.start("hi")
            yield Quantity("money", hi, unit, hi_start, end, text[hi_start:end], vat=vat)
            continue
        yield Quantity("money", hi, unit, start, end, text[start:end], vat=vat, low=lo, high=hi,
                       consistent=consistent)


def _scaled(figure: str, scale: str | None) -> float | None:
    return parse_figure(figure + (scale or ""))
