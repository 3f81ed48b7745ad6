"""Word paragraph styles and automatic numbering, replayed in document order.

Word never stores "14.2" in the text: a paragraph points (directly or through its style) at a
list definition in numbering.xml and the label is computed when the page is drawn. Tenders cite
clause numbers everywhere, so we redo that computation: counters per abstract list, `w:start`,
`w:startOverride`, restarts of deeper levels, `w:lvlText` templates and number formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VAL = W + "val"
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)
_NUMERIC_LABEL = re.compile(r"^(\d{1,4}(?:\.\d{1,4})*)[.)]?$")
_PLACEHOLDER = re.compile(r"%([1-9])")
_MAX_CHAIN = 32  # basedOn / numStyleLink hops; real files use a handful, loops must not hang us


def val(el: etree._Element | None, default: str | None = None) -> str | None:
    """The `w:val` attribute of an optional element."""
    if el is None:
        return default
    return el.get(VAL, default)


def on(el: etree._Element | None) -> bool | None:
    """A WordprocessingML on/off property: absent -> None, `<w:b/>` -> True, `w:val="0"` -> False."""
    if el is None:
        return None
    return el.get(VAL, "true").lower() not in ("0", "false", "off", "none")


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Style:
    """What a paragraph or run inherits from its style chain (basedOn already resolved)."""

    name: str = ""
    heading_level: int | None = None  # 1 = top; None for body text
    num_id: str | None = None
    ilvl: int | None = None
    bold: bool | None = None


@dataclass
class _RawStyle:
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None
    bold: bool | None


class Styles:
    """styles.xml, with inheritance resolved lazily and memoised (documents reuse few styles)."""

    def __init__(self, root: etree._Element | None) -> None:
        self._raw: dict[str, _RawStyle] = {}
        self._resolved: dict[str, Style] = {}
        self.default_paragraph: str | None = None
        if root is None:
            return
        for el in root.iterchildren(W + "style"):
            style_id = el.get(W + "styleId")
            if not style_id:
                continue
            ppr = el.find(W + "pPr")
            num = ppr.find(W + "numPr") if ppr is not None else None
            rpr = el.find(W + "rPr")
            self._raw[style_id] = _RawStyle(
                name=val(el.find(W + "name"), "") or "",
                based_on=val(el.find(W + "basedOn")),
                outline=_int(val(ppr.find(W + "outlineLvl"))) if ppr is not None else None,
                num_id=val(num.find(W + "numId")) if num is not None else None,
                ilvl=_int(val(num.find(W + "ilvl"))) if num is not None else None,
                bold=on(rpr.find(W + "b")) if rpr is not None else None,
            )
            if el.get(W + "type") == "paragraph" and el.get(W + "default") in ("1", "true", "on"):
                self.default_paragraph = style_id

    def get(self, style_id: str | None) -> Style:
        """The resolved style; unknown or missing ids give the document's default paragraph style."""
        if style_id is None or style_id not in self._raw:
            style_id = self.default_paragraph
            if style_id is None or style_id not in self._raw:
                return Style()
        cached = self._resolved.get(style_id)
        if cached is None:
            cached = self._resolved[style_id] = self._resolve(style_id)
        return cached

    def _resolve(self, style_id: str) -> Style:
        chain: list[_RawStyle] = []
        seen: set[str] = set()
        current: str | None = style_id
        while current and current in self._raw and current not in seen and len(chain) < _MAX_CHAIN:
            seen.add(current)
            chain.append(self._raw[current])
            current = self._raw[current].based_on
        first = chain[0]
        heading = None
        for raw in chain:  # nearest style that says anything about outline level wins
            level = _outline_of(raw)
            if level is not None:
                heading = level if level > 0 else None
                break
        num_id = ilvl = None
        for raw in chain:
            if raw.num_id is not None:
                num_id, ilvl = raw.num_id, raw.ilvl
                break
        bold = next((raw.bold for raw in chain if raw.bold is not None), None)
        return Style(name=first.name, heading_level=heading, num_id=num_id, ilvl=ilvl, bold=bold)

    def char_bold(self, style_id: str) -> bool | None:
        """Whether a character style makes its runs bold; None when unknown or silent."""
        return self.get(style_id).bold if style_id in self._raw else None

    def num_id_of(self, style_id: str) -> str | None:
        """The list a numbering style points at (for `w:numStyleLink`)."""
        raw = self._raw.get(style_id)
        return raw.num_id if raw else None


def _outline_of(raw: _RawStyle) -> int | None:
    """1-based heading level, 0 for "explicitly body text", None when this style does not say."""
    if raw.outline is not None:
        return raw.outline + 1 if 0 <= raw.outline < 9 else 0
    match = _HEADING_NAME.match(raw.name.strip())
    if match:
        return int(match.group(1))
    if raw.name.strip().lower() == "title":
        return 1
    return None


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: None = after any shallower level, 0 = never
    legal: bool = False  # w:isLgl: show every placeholder as decimal
    style: str | None = None  # w:pStyle: the paragraph style tied to this level


@dataclass(frozen=True)
class Label:
    """A rendered list label such as "14.2", "(a)" or a bullet glyph."""

    text: str
    bullet: bool

    @property
    def clause(self) -> str | None:
        """The clause number this label denotes, for decimal labels only ("14.2." -> "14.2")."""
        if self.bullet:
            return None
        match = _NUMERIC_LABEL.match(self.text.strip())
        return match.group(1) if match else None


@dataclass
class _Num:
    abstract: str
    overrides: dict[int, Level] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)


class Numbering:
    """numbering.xml plus the running counters; call `next_label` once per numbered paragraph."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self._styles = styles
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._links: dict[str, str] = {}  # abstract id -> numbering style it defers to
        self._nums: dict[str, _Num] = {}
        if root is not None:
            self._load(root)
        self.reset()

    def reset(self) -> None:
        """Forget all counters (headers, footers and notes are numbered apart from the body)."""
        self._counters: dict[str, list[int | None]] = {}
        self._used: set[str] = set()

    def _load(self, root: etree._Element) -> None:
        for el in root.iterchildren(W + "abstractNum"):
            abstract_id = el.get(W + "abstractNumId")
            if abstract_id is None:
                continue
            self._abstracts[abstract_id] = _levels(el)
            link = val(el.find(W + "numStyleLink"))
            if link:
                self._links[abstract_id] = link
        for el in root.iterchildren(W + "num"):
            num_id = el.get(W + "numId")
            abstract = val(el.find(W + "abstractNumId"))
            if num_id is None or abstract is None:
                continue
            num = _Num(abstract)
            for override in el.iterchildren(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"))
                if ilvl is None or not 0 <= ilvl < 9:
                    continue
                start = _int(val(override.find(W + "startOverride")))
                if start is not None:
                    num.starts[ilvl] = start
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    num.overrides[ilvl] = _level(lvl)
            self._nums[num_id] = num

    def _abstract_of(self, num_id: str) -> str | None:
        """Follow num -> abstractNum, and numStyleLink -> numbering style -> num -> abstractNum."""
        num = self._nums.get(num_id)
        abstract = num.abstract if num else None
        for _ in range(_MAX_CHAIN):
            if abstract is None or abstract not in self._links:
                break
            linked = self._styles.num_id_of(self._links[abstract])
            target = self._nums.get(linked) if linked else None
            if target is None or target.abstract == abstract:
                break
            abstract = target.abstract
        return abstract if abstract in self._abstracts else None

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        """The level whose `w:pStyle` is this style (how heading styles pick their level)."""
        abstract = self._abstract_of(num_id)
        if abstract is not None and style_id:
            for ilvl, level in self._abstracts[abstract].items():
                if level.style == style_id:
                    return ilvl
        return 0

    def _level(self, num: _Num, abstract: str, ilvl: int) -> Level | None:
        return num.overrides.get(ilvl) or self._abstracts[abstract].get(ilvl)

    def next_label(self, num_id: str | None, ilvl: int | None) -> Label | None:
        """Advance the counters for one paragraph of list `num_id` and render its label."""
        if not num_id or num_id == "0" or num_id not in self._nums:
            return None
        abstract = self._abstract_of(num_id)
        if abstract is None:
            return None
        ilvl = min(max(ilvl or 0, 0), 8)
        num = self._nums[num_id]
        level = self._level(num, abstract, ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(abstract, [None] * 9)
        if num_id not in self._used:
            self._used.add(num_id)
            for restarted in num.starts:  # "Restart numbering" in Word is a startOverride
                counters[restarted] = None
        current = counters[ilvl]
        counters[ilvl] = self._start(num, abstract, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            deeper_level = self._level(num, abstract, deeper)
            restart = deeper_level.restart if deeper_level else None
            if restart is None or (restart > 0 and ilvl < restart):
                counters[deeper] = None
        if level.fmt == "bullet":
            return Label(level.text, bullet=True)
        return Label(self._render(num, abstract, level, counters), bullet=False)

    def _start(self, num: _Num, abstract: str, ilvl: int) -> int:
        if ilvl in num.starts:
            return num.starts[ilvl]
        level = self._level(num, abstract, ilvl)
        return level.start if level else 1

    def _render(self, num: _Num, abstract: str, level: Level, counters: list[int | None]) -> str:
        def placeholder(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = self._level(num, abstract, index)
            value = counters[index]
            if value is None:  # a shallower level never used: Word shows its start value
                value = self._start(num, abstract, index)
            fmt = shown.fmt if shown else "decimal"
            if level.legal and fmt != "none":
                fmt = "decimal"
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(placeholder, level.text)


def _levels(abstract: etree._Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in abstract.iterchildren(W + "lvl"):
        ilvl = _int(lvl.get(W + "ilvl"))
        if ilvl is not None and 0 <= ilvl < 9:
            levels[ilvl] = _level(lvl)
    return levels


def _level(lvl: etree._Element) -> Level:
    return Level(
        start=_int(val(lvl.find(W + "start")), 1) or 0,
        fmt=val(lvl.find(W + "numFmt"), "decimal") or "decimal",
        text=val(lvl.find(W + "lvlText"), "") or "",
        restart=_int(val(lvl.find(W + "lvlRestart"))),
        legal=bool(on(lvl.find(W + "isLgl"))),
        style=val(lvl.find(W + "pStyle")),
    )


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter past z: 27 -> "aa", 28 -> "bb".
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter value in a `w:numFmt`; unusual formats fall back to decimal."""
    if fmt == "none":
        return ""
    if n <= 0 or n > 5000:
        return str(n)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return str(n)
