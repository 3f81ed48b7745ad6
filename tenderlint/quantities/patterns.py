"""Regex fragments shared by the finders, kept as text so each finder compiles one pattern once.

Every fragment avoids nested or adjacent unbounded quantifiers over the same characters, so no
input can make a scan backtrack badly: finders run over whole 70k-word documents.
"""

from __future__ import annotations

import re

from .model import Vat
from .words import WORDS

# ASCII classes: faster, no surprise digits from other scripts, and no case-folding of the Kelvin
# sign into "k". Whitespace is expected normalised as in `Document.text` (no-break spaces to spaces).
FLAGS = re.IGNORECASE | re.ASCII

# A figure: "5", "5.5", "1,000,000.00". It may not run on into more digits, a decimal or clause
# part ("3.2.1"), a fraction ("24/7") or a time ("12:00").
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d]|[.,/:]\d)"
# Figures grouped with spaces, as in "EUR 200 000" or "10 000 days" (SI style).
SPACED_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d]|[.,/:]?\d)"
# Where a free-standing figure or number word may start: not inside a word, a figure, a reference
# or a URL escape ("%20").
AMOUNT_START = r"(?<![\w.,/:%#\u00a3\u20ac$])"

SCALE_WORDS = r"(?:thousand|million|billion)"
WORD_SCALE = rf"\s?{SCALE_WORDS}\b"
# "k", "m", "bn" only count as scales next to a currency: elsewhere "5m" may be five metres.
SHORT_SCALE = r"(?:\s?(?:k|m|mn|bn)\b|b\b)"
MONEY_SCALE = rf"(?:{WORD_SCALE}|{SHORT_SCALE})"

FIGURE = rf"(?:{SPACED_DIGITS}|{DIGITS})"
# An amount in words, a figure, or both ("sixty (60)", "60 (sixty)").
AMOUNT = (
    rf"(?:{WORDS}\s?\(\s?{FIGURE}\s?\)"
    rf"|{FIGURE}(?:{WORD_SCALE})?(?:\s?\(\s?{WORDS}\s?\))?"
    rf"|{WORDS})"
)

RANGE_SEP = r"(?:\s?[-\u2013\u2014]\s?|\sto\s)"

# Codes of the currencies tenders outside the UK, US, Canada and Australasia are priced in
# (international organisations, Asia, Europe); `currency.PER_POUND` holds their rates.
OTHER_CODES = "SGD|HKD|CHF|JPY|INR|ZAR"
CURRENCY = (
    r"(?:US\$|C(?:AN?)?\$|AU?\$|NZ\$|S\$|HK\$|(?<![a-z])\$|\u00a3|\u20ac"
    rf"|\b(?:GBP|EUR|USD|CAD|AUD|NZD|{OTHER_CODES})\b)"
)
CURRENCY_CODES = rf"\b(?:GBP|EUR|USD|CAD|AUD|NZD|{OTHER_CODES})\b"
CURRENCY_WORDS = r"(?:pounds?(?:\s(?:sterling))?|sterling|euros?|dollars?)"

# Unfilled template markers standing where a figure should be.
_BRACKETED = r"\[[^\[\]\n]{0,40}\]|\{[^{}\n]{0,40}\}|<[^<>\n]{0,40}>"
_BLANKS = r"_{2,}|\.{3,}|\*{3,}|\u2026|[\u25cf\u2022]+|\b(?:TBC|TBA|TBD)\b"
MONEY_PLACEHOLDER = rf"(?:{_BRACKETED}|{_BLANKS}|\bx{{1,3}}(?:[,.]x{{1,3}})*\b)"
AMOUNT_PLACEHOLDER = rf"(?:{_BRACKETED}|{_BLANKS}|\b(?-i:XX?X?)\b)"

_VAT_PHRASE = (
    r"(?:(?:inclusive|exclusive|including|excluding|incl|inc|excl|exc|ex|plus|net)\.?"
    r"(?:\sof)?[\s-]?VAT\b"
    r"|\+\s?VAT\b"
    r"|VAT[\s-](?:inclusive|exclusive|included|excluded|incl\b\.?|inc\b\.?|excl\b\.?|exc\b\.?))"
)
# "per annum" may come between an amount and its VAT basis: "£1m per annum (excluding VAT)".
_PER_YEAR = r"(?:\s(?:per\s(?:annum|year)|a\syear|p\.a\.|pa\b))?"
VAT = rf"(?:{_PER_YEAR}(?:\s?\(\s?{_VAT_PHRASE}\s?\)|\s?,?\s?{_VAT_PHRASE}))"


def currency_code(symbol: str) -> str:
    """ISO code for a currency symbol, code or word."""
    s = symbol.strip().lower()
    if s.startswith(("\u00a3", "gbp", "pound", "sterling")):
        return "GBP"
    if s.startswith(("\u20ac", "eur")):
        return "EUR"
    if s.startswith(("c$", "ca$", "can$", "cad")):
        return "CAD"
    if s.startswith(("a$", "au$", "aud")):
        return "AUD"
    if s.startswith(("nz$", "nzd")):
        return "NZD"
    if s.startswith(("s$", "sgd")):
        return "SGD"
    if s.startswith(("hk$", "hkd")):
        return "HKD"
    for code in OTHER_CODES.split("|"):
        if s.startswith(code.lower()):
            return code
    return "USD"


def vat_basis(phrase: str | None) -> Vat | None:
    """"inc" or "exc" for a VAT phrase found after an amount."""
    if not phrase:
        return None
    return "inc" if "inc" in phrase.lower() else "exc"
