"""ODT -> Document: content.xml (body), styles.xml (headers, footers, styles), meta.xml.

Every part is read through SafeZip, so a zip bomb or an entity-laden part is refused before it
is parsed. OpenDocument keeps text in lxml `.text` and `.tail`, spaces in `text:s`, and list
labels only when the writer chose to store them (`text:number`), so we walk the tree ourselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree

from ..errors import CorruptDocument, DocumentTooLarge, EncryptedDocument
from ..model import BlockKind, Cell, Document
from .assemble import RawBlock, build_document, clean_text, header_footer_blocks, leading_clause, reads_as_prose
from .limits import Limits
from .numbering import Label
from .safezip import SafeZip

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"

P, H, SPAN, NUMBER = _TEXT + "p", _TEXT + "h", _TEXT + "span", _TEXT + "number"
LIST, LIST_ITEM, LIST_HEADER = _TEXT + "list", _TEXT + "list-item", _TEXT + "list-header"
TABLE, ROW = _TABLE + "table", _TABLE + "table-row"
CELL, COVERED = _TABLE + "table-cell", _TABLE + "covered-table-cell"
NOTE, NOTE_BODY = _TEXT + "note", _TEXT + "note-body"
STYLE_NAME = _TEXT + "style-name"
_SPACES = {_TEXT + "s", _TEXT + "tab", _TEXT + "line-break"}
_ROW_GROUPS = {_TABLE + t for t in ("table-header-rows", "table-rows", "table-row-group")}
# Not shown as text: deleted text of tracked changes, comments, declarations, index templates.
_HIDDEN = {
    _TEXT + "tracked-changes", _OFFICE + "annotation", _OFFICE + "annotation-end", _OFFICE + "forms",
    _TEXT + "note-citation", _TEXT + "ruby-text", _TEXT + "soft-page-break", _TEXT + "sequence-decls",
    _TEXT + "variable-decls", _TEXT + "user-field-decls", _TEXT + "dde-connection-decls",
    _TABLE + "table-columns", _TABLE + "table-column", _TABLE + "table-column-group",
}
_HEADER_FOOTER = {
    _STYLE + t for t in ("header", "header-left", "header-first", "footer", "footer-left", "footer-first")
}
_MAX_REPEAT = 100  # a non-empty repeated cell/row is shown repeatedly; beyond this it is an attack
_PSEUDO_HEADING_WORDS = 12
_SENTENCE_END = re.compile(r"[.;,]$")


def parse_odt(data: bytes, name: str, limits: Limits) -> Document:
    """Parse an ODT: body in reading order, then footnotes; page headers/footers first, once each."""
    archive = SafeZip(data, name, limits)
    if archive.has("META-INF/manifest.xml"):
        manifest = archive.xml("META-INF/manifest.xml")
        if next(manifest.iter(_MANIFEST + "encryption-data"), None) is not None:
            raise EncryptedDocument(f"{name} is password-protected; save an unprotected copy and upload that.")
    if not archive.has("content.xml"):
        raise CorruptDocument(f"{name} has no content.xml; it is not a usable OpenDocument text file.")
    content = archive.xml("content.xml")
    body = content.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise CorruptDocument(f"{name}: content.xml has no text body.")
    styles_root = archive.xml("styles.xml") if archive.has("styles.xml") else None

    common = _Styles()
    if styles_root is not None:
        common.load(styles_root.find(_OFFICE + "styles"))
    body_styles = common.extended(content.find(_OFFICE + "automatic-styles"))
    walker = _Walker(body_styles, _CellBudget(name, limits.max_text_chars))
    blocks = walker.body(body)
    notes: list[RawBlock] = []
    for note in walker.notes:
        walker.container(note, notes)

    headers = _page_furniture(styles_root, common, walker.budget) if styles_root is not None else []
    metadata, pages = _metadata(archive)
    return build_document(
        name=name, fmt="odt", data=data, pages=pages, raw_blocks=[*headers, *blocks, *notes], metadata=metadata
    )


def _page_furniture(styles_root: etree._Element, common: _Styles, budget: _CellBudget) -> list[RawBlock]:
    """Headers and footers of the master pages (they live in styles.xml), one block per distinct text."""
    walker = _Walker(common.extended(styles_root.find(_OFFICE + "automatic-styles")), budget)
    parts: list[list[RawBlock]] = []
    for part in styles_root.iter(*_HEADER_FOOTER):
        inner: list[RawBlock] = []
        walker.container(part, inner)
        parts.append(inner)
    return header_footer_blocks(parts)


def _metadata(archive: SafeZip) -> tuple[dict[str, str], int | None]:
    metadata: dict[str, str] = {}
    pages = None
    if not archive.has("meta.xml"):
        return metadata, pages
    meta = archive.xml("meta.xml").find(_OFFICE + "meta")
    if meta is None:
        return metadata, pages
    for key, tag in (("title", _DC + "title"), ("creator", _DC + "creator"), ("modified", _DC + "date"),
                     ("created", _META + "creation-date"), ("initial_creator", _META + "initial-creator")):
        el = meta.find(tag)
        if el is not None and (el.text or "").strip():
            metadata[key] = el.text.strip()
    stats = meta.find(_META + "document-statistic")
    count = stats.get(_META + "page-count", "") if stats is not None else ""
    if count.isdigit() and int(count) > 0:
        pages = int(count)
        metadata["pages_as_saved"] = str(pages)
    return metadata, pages


@dataclass(frozen=True)
class _Style:
    parent: str | None
    bold: bool | None
    outline: int | None


class _Styles:
    """Paragraph and text styles by (family, name), with parent chains for boldness and outline level."""

    def __init__(self, styles: dict[tuple[str, str], _Style] | None = None) -> None:
        self._styles = dict(styles or {})

    def load(self, root: etree._Element | None) -> None:
        if root is None:
            return
        for el in root.iterchildren(_STYLE + "style"):
            name, family = el.get(_STYLE + "name"), el.get(_STYLE + "family")
            if not name or family not in ("paragraph", "text"):
                continue
            props = el.find(_STYLE + "text-properties")
            weight = props.get(_FO + "font-weight") if props is not None else None
            outline = el.get(_STYLE + "default-outline-level")
            self._styles[(family, name)] = _Style(
                parent=el.get(_STYLE + "parent-style-name"),
                bold=None if weight is None else (weight == "bold" or (weight.isdigit() and int(weight) >= 600)),
                outline=int(outline) if outline and outline.isdigit() and 0 < int(outline) <= 10 else None,
            )

    def extended(self, automatic: etree._Element | None) -> _Styles:
        """These common styles plus a part's automatic styles (content.xml and styles.xml each have some)."""
        out = _Styles(self._styles)
        out.load(automatic)
        return out

    def _chain(self, family: str, name: str | None):
        seen: set[str] = set()
        while name and name not in seen and len(seen) < 32 and (family, name) in self._styles:
            seen.add(name)
            style = self._styles[(family, name)]
            yield style
            name = style.parent

    def bold(self, family: str, name: str | None) -> bool | None:
        return next((s.bold for s in self._chain(family, name) if s.bold is not None), None)

    def outline(self, name: str | None) -> int | None:
        return next((s.outline for s in self._chain("paragraph", name) if s.outline is not None), None)


class _CellBudget:
    """Characters of table-cell text shown so far, repeats included, against the document's text limit.

    A 500-byte file can repeat a 10,000-character cell 100 x 100 times in each of many rows;
    counting while walking refuses it before the copies are built, so memory stays bounded."""

    def __init__(self, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit
        self.used = 0

    def spend(self, characters: int) -> None:
        self.used += characters
        if self.used > self.limit:
            raise DocumentTooLarge(
                f"{self.name}: its table cells, with their repeats, hold more than {self.limit:,} characters "
                f"of text; the limit is {self.limit:,} characters."
            )


class _Walker:
    def __init__(self, styles: _Styles, budget: _CellBudget) -> None:
        self.styles = styles
        self.budget = budget
        self.tables = 0
        self.notes: list[etree._Element] = []
        self._top: list[RawBlock] | None = None
        self._candidates: list[int] = []

    def body(self, body: etree._Element) -> list[RawBlock]:
        """Body blocks; with no headings at all, short all-bold lines stand in for them (as in DOCX)."""
        out: list[RawBlock] = []
        self._top = out
        self.container(body, out)
        self._top = None
        if not any(block.kind is BlockKind.HEADING for block in out):
            for index in self._candidates:
                out[index] = replace(out[index], kind=BlockKind.HEADING, level=1)
        return out

    def container(self, el: etree._Element, out: list[RawBlock], list_level: int = 0) -> None:
        """Block content: paragraphs, headings, lists, tables; sections, indexes and frames are looked through."""
        for child in el:
            tag = child.tag
            if tag == P or tag == H:
                self.paragraph(child, out, list_level)
            elif tag == LIST:
                self.container(child, out, list_level + 1)
            elif tag == LIST_ITEM or tag == LIST_HEADER:
                self.container(child, out, list_level)
            elif tag == TABLE:
                self.table(child, out)
            elif isinstance(tag, str) and tag not in _HIDDEN and not tag.endswith("-source"):
                self.container(child, out, list_level)

    def paragraph(self, p: etree._Element, out: list[RawBlock], list_level: int) -> None:
        texts: list[str] = []
        boxes: list[etree._Element] = []
        if p.text:
            texts.append(p.text)
        self._inline(p, texts, boxes)
        text = "".join(texts)
        number = p.find(NUMBER)
        label = Label(clean_text("".join(number.itertext())), bullet=False) if number is not None else None
        if label and label.text:
            text = f"{label.text} {text}"
        clause = (label.clause if label else None) or leading_clause(clean_text(text))

        style = p.get(STYLE_NAME)
        level = None
        if p.tag == H:
            raw = p.get(_TEXT + "outline-level", "")
            level = int(raw) if raw.isdigit() and int(raw) > 0 else (self.styles.outline(style) or 1)
        elif self.styles.outline(style):
            level = self.styles.outline(style)
        if level and reads_as_prose(text):
            level = None  # a numbered clause in a heading style: running text, not a section title
        kind = BlockKind.HEADING if level else BlockKind.LIST_ITEM if list_level else BlockKind.PARAGRAPH
        out.append(RawBlock(kind, text, level=level, clause=clause))
        if out is self._top and kind is BlockKind.PARAGRAPH and self._looks_like_heading(p, style, text):
            self._candidates.append(len(out) - 1)
        for box in boxes:
            self.container(box, out)

    def _inline(self, el: etree._Element, texts: list[str], boxes: list[etree._Element]) -> None:
        """Text of an element's children and their tails; notes and frames are set aside."""
        for child in el:
            tag = child.tag
            if tag in _SPACES:
                texts.append(" ")  # text:s c="1000000" is still just whitespace to us
            elif tag == NOTE:
                body = child.find(NOTE_BODY)
                if body is not None:
                    self.notes.append(body)
            elif isinstance(tag, str) and tag.startswith(_DRAW):
                boxes.append(child)
            elif tag == NUMBER or tag in _HIDDEN or not isinstance(tag, str):
                pass
            else:  # spans, links, fields (page number, date, reference...) show their content
                if child.text:
                    texts.append(child.text)
                self._inline(child, texts, boxes)
            if child.tail:
                texts.append(child.tail)

    def _looks_like_heading(self, p: etree._Element, style: str | None, text: str) -> bool:
        words = text.split()
        if not words or len(words) > _PSEUDO_HEADING_WORDS or _SENTENCE_END.search(text.strip()):
            return False
        return self._all_bold(p, bool(self.styles.bold("paragraph", style)))

    def _all_bold(self, el: etree._Element, bold: bool) -> bool:
        if (el.text or "").strip() and not bold:
            return False
        for child in el:
            if child.tag == SPAN:
                span_bold = self.styles.bold("text", child.get(STYLE_NAME))
                if not self._all_bold(child, bold if span_bold is None else span_bold):
                    return False
            if (child.tail or "").strip() and not bold:
                return False
        return True

    def table(self, tbl: etree._Element, out: list[RawBlock]) -> None:
        """Cells in row order; repeated empty rows/cells only advance the counters."""
        index = self.tables
        self.tables += 1
        row = 0
        for tr in _rows(tbl):
            rows = _repeat(tr, _TABLE + "number-rows-repeated")
            col = 0
            shown: list[RawBlock] = []  # this row in reading order, nested tables after their cell
            own: list[RawBlock] = []  # this table's cells only, for repeating the row
            for tc in tr:
                if tc.tag not in (CELL, COVERED):
                    continue
                cols = _repeat(tc, _TABLE + "number-columns-repeated")
                if tc.tag == CELL:
                    inner: list[RawBlock] = []
                    self.container(tc, inner)
                    text = "\n".join(block.text for block in inner if block.cell is None)
                    clause = next((block.clause for block in inner if block.cell is None and block.clause), None)
                    if text.strip():
                        self.budget.spend(len(text) * min(cols, _MAX_REPEAT))
                        for k in range(min(cols, _MAX_REPEAT)):
                            cell = Cell(index, row, col + k)
                            own.append(RawBlock(BlockKind.TABLE_CELL, text, clause=clause, cell=cell))
                            shown.append(own[-1])
                    shown.extend(block for block in inner if block.cell is not None)
                col += cols
            out.extend(shown)
            if own:
                self.budget.spend(sum(len(cell.text) for cell in own) * (min(rows, _MAX_REPEAT) - 1))
            for k in range(1, min(rows, _MAX_REPEAT) if own else 0):
                out.extend(replace(cell, cell=Cell(index, row + k, cell.cell.col)) for cell in own if cell.cell)
            row += rows


def _rows(el: etree._Element):
    for child in el:
        if child.tag == ROW:
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _repeat(el: etree._Element, attr: str) -> int:
    raw = el.get(attr, "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1
