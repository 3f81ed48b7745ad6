"""Repair words broken by a font's wrong ToUnicode map (e.g. LibreOffice 5.x ligature bugs).

Some PDF writers map several different glyphs of one font to the same text: in the CCS core
terms (LibreOffice 5.4, Carlito) the "fi", "ff", "ffi" and "ft" ligatures all map to "f", the
"ti" and "tt" ligatures to "t", ")" to "s", and the bold "r" to "ra". Every extractor that
trusts the map, pdfium and pdftotext included, then prints "Defnitonss." and "contraact".

The damage is visible in the font itself, without any word list tuned to a document:

* a code is *suspect* when its text is shared with another code of a different advance width
  (two different glyph shapes cannot both be "f"), or when it maps to several letters that are
  not a known ligature ("ra");
* each suspect code gets candidate texts: its own text, the standard ligatures starting with
  its first letter, the parts of a multi-letter text, and closing brackets whose opening
  partner the font has but which no code maps to;
* the candidates are chosen per code, for the whole document at once, by coordinate ascent on
  how many of the words containing the code become English words (spacy-lookups-data lemma
  tables) or words seen intact elsewhere in the document. Because a code's choice is fixed for
  all its occurrences, common words decide rare ones ("ft" becomes "fit" because "Staf",
  "sufcient" and "benefts" vote for the same glyphs' meaning).

Codes are read from the content streams (content, over pdfminer's object parser and
fonts), which expose the raw character codes that pdfium's text API hides. The result is a
word map (broken word -> repaired word) that `apply_fixes` applies to pdfium's text. A broken
word that stands for different words in different places ("Charges" is also "Charge)") gets
its most frequent reading, and stays as it is on a tie. Only documents with suspect fonts
pay for any of this beyond a scan of their font maps.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfexceptions import PDFException
from pdfminer.pdffont import PDFFont
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFObjRef, dict_value, resolve1
from pdfminer.psexceptions import PSException

from .content import read_page
from .words import english_words

LIGATURES = ("ff", "fi", "fl", "ffi", "ffl", "ft", "fj", "tt", "ti", "tf", "st", "ct")
_PAIRS = {"(": ")", "[": "]", "{": "}", "\u201c": "\u201d", "\u2018": "\u2019"}
_MAX_PAGES = 300  # enough evidence; bounds the cost on long documents
_WORD_GAP = -250  # a TJ displacement (thousandths of an em) wider than this separates words
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_TOKEN = re.compile(r"[^\s\ufffe]+")

# pdfminer raises these (and a few builtins) on malformed input; repair is optional, so a
# document it cannot read is simply left unrepaired.
PDFMINER_ERRORS = (
    PSException,
    PDFException,
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    AssertionError,
    RecursionError,
    struct.error,
    zlib.error,
)

Code = tuple[int, int]  # (id of the pdfminer font object, character code)


@dataclass
class _Suspects:
    texts: dict[Code, str] = field(default_factory=dict)
    candidates: dict[Code, tuple[str, ...]] = field(default_factory=dict)


def find_fixes(doc: PDFDocument) -> dict[str, str]:
    """Broken word -> repaired word for every word drawn with a suspect code."""
    rsrc = PDFResourceManager(caching=True)
    pages = []
    for page in PDFPage.create_pages(doc):
        pages.append(page)
        if len(pages) >= _MAX_PAGES:
            break
    suspects = _suspects(rsrc, pages)
    if not suspects.candidates:
        return {}
    tokens, clean = _read_tokens(rsrc, pages, suspects)
    vocabulary = english_words() | clean
    assignment = _decode(tokens, suspects, vocabulary)
    return _word_map(tokens, suspects, assignment)


def apply_fixes(text: str, fixes: dict[str, str]) -> str:
    """Replace broken words (whitespace-separated, as the map's keys are) in pdfium's text."""
    if not fixes:
        return text
    return _TOKEN.sub(lambda m: fixes.get(m.group(0), m.group(0)), text)


def _suspects(rsrc: PDFResourceManager, pages: list[PDFPage]) -> _Suspects:
    out = _Suspects()
    seen: set[int] = set()
    for page in pages:
        for font in _page_fonts(rsrc, page.resources):
            if id(font) in seen:
                continue
            seen.add(id(font))
            _flag_font(font, out)
    return out


def _page_fonts(rsrc: PDFResourceManager, resources: object, depth: int = 0) -> Iterable[PDFFont]:
    resources = dict_value(resources) if resources else {}
    for spec in dict_value(resources.get("Font", {})).values():
        # Indirect fonts are cached by object id, so the content reader later gets the same object.
        if isinstance(spec, PDFObjRef):
            yield rsrc.get_font(spec.objid, dict_value(spec))
    if depth < 3:
        for xobj in dict_value(resources.get("XObject", {})).values():
            xobj = resolve1(xobj)
            attrs = getattr(xobj, "attrs", {})
            if resolve1(attrs.get("Subtype")) is not None and "Resources" in attrs:
                yield from _page_fonts(rsrc, attrs["Resources"], depth + 1)


def _flag_font(font: PDFFont, out: _Suspects) -> None:
    unicode_map = getattr(font, "unicode_map", None)
    if unicode_map is None:
        return
    cid_text: dict[int, str] = dict(unicode_map.cid2unichr)
    by_text: dict[str, list[int]] = defaultdict(list)
    for cid, text in cid_text.items():
        by_text[text].append(cid)
    flagged: set[int] = set()
    for text, cids in by_text.items():
        if not text or text.isspace():
            continue
        if len(cids) > 1 and len({round(font.char_width(c), 3) for c in cids}) > 1:
            flagged.update(cids)
        if len(text) > 1 and text.isalpha() and text.lower() not in LIGATURES:
            flagged.update(cids)
    if not flagged:
        return
    mapped = set(by_text)
    closers = [close for open_, close in _PAIRS.items() if open_ in mapped and close not in mapped]
    for cid in flagged:
        text = cid_text[cid]
        options = {text, *closers}
        if len(text) > 1:
            options.update(text[:k] for k in range(1, len(text)))
            options.update(text)
        options.update(lig for lig in LIGATURES if lig[0] == text[0])
        key = (id(font), cid)
        out.texts[key] = text
        out.candidates[key] = tuple(sorted(options))
    for cid, text in cid_text.items():
        out.texts.setdefault((id(font), cid), text)


class _Tokens:
    """Collects each drawn word as a sequence of (font, code)."""

    def __init__(self, rsrc: PDFResourceManager, suspects: _Suspects) -> None:
        self.rsrc = rsrc
        self.texts = suspects.texts
        self.counts: Counter[tuple[Code, ...]] = Counter()
        self.current: list[Code] = []

    def load_font(self, spec: object) -> PDFFont | None:
        if not isinstance(spec, PDFObjRef):
            return None
        return self.rsrc.get_font(spec.objid, dict_value(spec))

    def __call__(self, font: PDFFont | None, data: bytes | None) -> None:
        if font is None or data is None:
            self.flush()
            return
        texts = self.texts
        for cid in font.decode(data):
            key = (id(font), cid)
            text = texts.get(key)
            if text is None:
                text = texts[key] = _unichr(font, cid)
            if not text or text.isspace():
                self.flush()
            else:
                self.current.append(key)

    def flush(self) -> None:
        if self.current:
            self.counts[tuple(self.current)] += 1
            self.current = []


def _unichr(font: PDFFont, cid: int) -> str:
    try:
        return font.to_unichr(cid)
    except (KeyError, PDFException, PSException):
        return "\ufffd"


def _read_tokens(
    rsrc: PDFResourceManager, pages: list[PDFPage], suspects: _Suspects
) -> tuple[Counter[tuple[Code, ...]], frozenset[str]]:
    """Words drawn with suspect codes, and the words drawn without any (a document vocabulary)."""
    tokens = _Tokens(rsrc, suspects)
    for page in pages:
        read_page(page, tokens.load_font, tokens, _WORD_GAP)
        tokens.flush()
    suspect_tokens: Counter[tuple[Code, ...]] = Counter()
    clean: set[str] = set()
    for token, count in tokens.counts.items():
        if any(code in suspects.candidates for code in token):
            suspect_tokens[token] = count
        else:
            clean.update(_parts("".join(suspects.texts[c] for c in token)))
    return suspect_tokens, frozenset(p for p in clean if p.isalpha())


def _parts(word: str) -> list[str]:
    core = _EDGE.sub("", word.lower())
    return [p for p in re.split(r"[-/\u2010\u2011]", core) if p]


def _score(word: str, vocabulary: frozenset[str]) -> int:
    score = 0
    for part in _parts(word):
        if not any(ch.isalpha() for ch in part):
            continue
        score += 1 if part.isalpha() and part in vocabulary else -1
    return score


def _decode(
    tokens: Counter[tuple[Code, ...]], suspects: _Suspects, vocabulary: frozenset[str]
) -> dict[Code, str]:
    assignment = {code: suspects.texts[code] for code in suspects.candidates}
    by_code: dict[Code, list[tuple[Code, ...]]] = defaultdict(list)
    frequency: Counter[Code] = Counter()
    for token, count in tokens.items():
        for code in set(token):
            if code in assignment:
                by_code[code].append(token)
                frequency[code] += count
    texts = suspects.texts

    def total(code: Code, option: str) -> int:
        result = 0
        for token in by_code[code]:
            word = "".join(option if c == code else assignment.get(c, texts[c]) for c in token)
            result += tokens[token] * _score(word, vocabulary)
        return result

    for _ in range(4):
        changed = False
        for code, _count in frequency.most_common():
            current = assignment[code]
            scores = {option: total(code, option) for option in suspects.candidates[code]}
            best = max(scores, key=lambda o: (scores[o], o == current))
            if scores[best] > scores[current]:
                assignment[code] = best
                changed = True
        if not changed:
            break
    return assignment


def _word_map(
    tokens: Counter[tuple[Code, ...]], suspects: _Suspects, assignment: dict[Code, str]
) -> dict[str, str]:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for token, count in tokens.items():
        old = "".join(suspects.texts[c] for c in token)
        new = "".join(assignment.get(c, suspects.texts[c]) for c in token)
        votes[old][new] += count
    fixes = {}
    for old, counter in votes.items():
        new, count = counter.most_common(1)[0]
        if new != old and count > counter[old]:
            fixes[old] = new
    return fixes
