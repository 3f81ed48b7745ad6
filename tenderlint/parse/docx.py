"""DOCX -> Document by walking WordprocessingML ourselves, every part read through SafeZip.

We walk the same lxml elements python-docx would hand us, but parse each part we need once,
through SafeZip's guarded parser, instead of letting python-docx open the package: it parses
every related part (settings, comments, custom XML...) with a parser whose settings are not
ours, and would double the parse time. Its high-level API also skips what tenders rely on:
content controls, tracked insertions, nested tables, text boxes, form checkboxes and the
rendered list numbers ("14.2") that clauses are cited by.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from lxml import etree

from ..errors import CorruptDocument, UnsupportedFormat
from ..model import BlockKind, Cell, Document
from .assemble import RawBlock, build_document, clean_text, header_footer_blocks, leading_clause, reads_as_prose
from .limits import Limits
from .numbering import W, Numbering, Styles, on, val
from .safezip import SafeZip

_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_STRICT = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"

P, R, T, TBL, TR, TC = (W + t for t in ("p", "r", "t", "tbl", "tr", "tc"))
SDT, SDT_CONTENT, SDT_PR = W + "sdt", W + "sdtContent", W + "sdtPr"
PPR, RPR, TCPR, TRPR = W + "pPr", W + "rPr", W + "tcPr", W + "trPr"
ALT, CHOICE, FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
TXBX = W + "txbxContent"
# Wrappers whose children are shown as if they were ours; w:del / w:moveFrom are not shown.
_TRANSPARENT = {W + t for t in ("ins", "moveTo", "customXml", "smartTag", "hyperlink", "fldSimple", "bdo", "dir")}
_SPACES = {W + t for t in ("tab", "br", "cr", "ptab")}
_GRAPHICS = {W + "drawing", W + "pict", W + "object"}
_MATH_BLOCKS = {_MATH + "oMath", _MATH + "oMathPara"}
_NOTE_SKIP = {"separator", "continuationSeparator", "continuationNotice"}
CHECKED, UNCHECKED = "☒", "☐"
# Checkbox and tick glyphs drawn with w:sym from the Wingdings fonts (private-use code points).
_SYMBOLS = {
    "wingdings": {0xA8: UNCHECKED, 0x6F: UNCHECKED, 0x71: UNCHECKED, 0xFE: CHECKED, 0xFD: CHECKED,
                  0x78: CHECKED, 0xFC: "✓", 0xFB: "✗"},
    "wingdings 2": {0x2A: UNCHECKED, 0xA3: UNCHECKED, 0x52: CHECKED, 0x54: CHECKED, 0x50: "✓", 0x4F: "✗"},
}
_CORE_KEYS = ("title", "creator", "modified", "created", "subject", "lastModifiedBy")
_PSEUDO_HEADING_WORDS = 12
_SENTENCE_END = re.compile(r"[.;,]$")
_RENDERED_BREAK = W + "lastRenderedPageBreak"
_PAGE_MARK = "\f"  # stands for a page break inside a paragraph's collected text


def parse_docx(data: bytes, name: str, limits: Limits, *, number_labels: bool = True) -> Document:
    """Parse a DOCX. `number_labels=False` leaves list labels out of the text (for word audits)."""
    archive = SafeZip(data, name, limits)
    package = Package(archive)
    main = package.main_root()
    body = main.find(W + "body")
    if body is None:
        if main.tag.startswith(_STRICT):
            raise UnsupportedFormat(f"{name} is saved as Strict Open XML; save it as a normal Word document.")
        raise CorruptDocument(f"{name}: {package.main} has no document body.")
    walker = _walker(package, number_labels)
    numbering = walker.numbering

    body_blocks = walker.body(body, paginated=body.find(".//" + _RENDERED_BREAK) is not None)
    notes: list[RawBlock] = []
    for kind, tag in (("footnotes", W + "footnote"), ("endnotes", W + "endnote")):
        root = package.related_root(kind)
        numbering.reset()
        for note in root.iterchildren(tag) if root is not None else ():
            if note.get(W + "type") not in _NOTE_SKIP:
                walker.container(note, notes)
    numbering.reset()
    headers = _headers_footers(package, body, walker)

    metadata, pages = _metadata(package)
    body_blocks = _trusted_pages(body_blocks, pages)
    return build_document(
        name=name,
        fmt="docx",
        data=data,
        pages=pages,
        raw_blocks=[*headers, *body_blocks, *notes],
        metadata=metadata,
    )


def walk_body(package: Package, body: etree._Element) -> list[RawBlock]:
    """The raw blocks of a w:body as `parse_docx` reads them (list labels in, no page numbers), for
    code that maps the parsed text back to its XML: `body` may be a marked copy of the package's."""
    return _walker(package, True).body(body)


def _walker(package: Package, number_labels: bool) -> _Walker:
    """A walker with the package's styles and list numbering."""
    styles = Styles(package.related_root("styles"))
    return _Walker(styles, Numbering(package.related_root("numbering"), styles), number_labels)


# Word stops recording rendered breaks once other software edits a file, so the count can fall
# short of the page total Word saved; below this share of it, page numbers would mislead.
_TRUSTED_PAGE_SHARE = 0.9


def _trusted_pages(blocks: list[RawBlock], pages: int | None) -> list[RawBlock]:
    """Blocks with the pages counted from rendered breaks, or with none when the count disagrees
    with the page total the file states (a page shown must be the page a reader finds)."""
    counted = max((b.page for b in blocks if b.page), default=None)
    if counted is None or not pages:
        return blocks
    if counted < _TRUSTED_PAGE_SHARE * pages:
        return [replace(b, page=None) for b in blocks]
    return [replace(b, page=min(b.page, pages)) if b.page else b for b in blocks]


class Package:
    """Finds parts through the package relationships, the way Word does, not by fixed names."""

    def __init__(self, archive: SafeZip) -> None:
        self.archive = archive
        root_rels = _by_type(self._targets(""))
        self.main = root_rels.get("officeDocument", ["word/document.xml"])[0]
        if not archive.has(self.main):
            raise CorruptDocument(
                f"{archive.name} has no main document part ({self.main}); it is not a usable DOCX."
            )
        self._package_rels = root_rels
        main_targets = self._targets(self.main)
        self._main_rels = _by_type(main_targets)
        self._ids = {rel_id: member for rel_id, _, member in main_targets}

    def main_root(self) -> etree._Element:
        return self.archive.xml(self.main)

    def _rels_root(self, part: str) -> etree._Element | None:
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        return self.archive.xml(rels) if self.archive.has(rels) else None

    def _targets(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type suffix, member name) for each internal relationship of a part."""
        root = self._rels_root(part)
        out = []
        for rel in root.iterchildren(_RELS) if root is not None else ():
            target = rel.get("Target")
            if not target or rel.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                member = posixpath.normpath(target.lstrip("/"))
            else:
                member = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
            out.append((rel.get("Id", ""), (rel.get("Type") or "").rsplit("/", 1)[-1], member))
        return out

    def related_parts(self, kind: str) -> list[str]:
        """The members the main document relates to as a kind (styles, numbering, comments...)."""
        return self._main_rels.get(kind, [])

    def related_root(self, kind: str) -> etree._Element | None:
        """The main document's related part of a kind (styles, numbering...), if present."""
        for member in self.related_parts(kind):
            if self.archive.has(member):
                return self.archive.xml(member)
        return None

    def package_root(self, kind: str) -> etree._Element | None:
        for member in self._package_rels.get(kind, []):
            if self.archive.has(member):
                return self.archive.xml(member)
        return None

    def by_id(self, rel_id: str) -> etree._Element | None:
        member = self._ids.get(rel_id)
        return self.archive.xml(member) if member and self.archive.has(member) else None


def _by_type(targets: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    by_type: dict[str, list[str]] = {}
    for _, kind, member in targets:
        by_type.setdefault(kind, []).append(member)
    return by_type


def _headers_footers(package: Package, body: etree._Element, walker: _Walker) -> list[RawBlock]:
    """One block per distinct header/footer text, in section order (Word repeats them per page)."""
    seen_ids: set[str] = set()
    parts: list[list[RawBlock]] = []
    for tag in (W + "headerReference", W + "footerReference"):
        for ref in body.iter(tag):
            rel_id = ref.get(_R_ID)
            if not rel_id or rel_id in seen_ids:
                continue
            seen_ids.add(rel_id)
            root = package.by_id(rel_id)
            if root is not None:
                parts.append(list(walker.flat(root)))
    return header_footer_blocks(parts)


def _metadata(package: Package) -> tuple[dict[str, str], int | None]:
    metadata: dict[str, str] = {}
    core = package.package_root("core-properties")
    for el in core if core is not None else ():
        key = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if key in _CORE_KEYS and (el.text or "").strip():
            metadata[key] = el.text.strip()
    pages = None
    app = package.package_root("extended-properties")
    for el in app if app is not None else ():
        if isinstance(el.tag, str) and etree.QName(el).localname == "Pages":
            count = (el.text or "").strip()
            pages = int(count) if count.isdigit() and int(count) > 0 else None
    if pages:
        metadata["pages_as_saved"] = str(pages)
    return metadata, pages


class _Walker:
    """Turns body-level content into RawBlocks in reading order; counts tables document-wide."""

    def __init__(self, styles: Styles, numbering: Numbering, number_labels: bool) -> None:
        self.styles = styles
        self.numbering = numbering
        self.number_labels = number_labels
        self.tables = 0
        self._top: list[RawBlock] | None = None
        self._candidates: list[int] = []  # bold one-liners that may stand in for headings
        self._page: int | None = None  # set while walking a body that Word paginated
        self._break_pending = False

    def body(self, body: etree._Element, paginated: bool = False) -> list[RawBlock]:
        """The body's blocks. With no styled headings at all, short all-bold lines become headings.

        `paginated`: Word saved the page breaks it rendered (w:lastRenderedPageBreak), so each block
        gets the page it starts on. Without them we do not guess: page numbers stay unknown."""
        out: list[RawBlock] = []
        self._top = out
        self._page = 1 if paginated else None
        self.container(body, out)
        self._top = None
        self._page = None
        if not any(block.kind is BlockKind.HEADING for block in out):
            for index in self._candidates:
                out[index] = replace(out[index], kind=BlockKind.HEADING, level=out[index].level or 1)
        return out

    def flat(self, root: etree._Element) -> list[RawBlock]:
        """Blocks of a header/footer part; its tables are read as plain text, not as cells."""
        out: list[RawBlock] = []
        saved = self.tables
        self.container(root, out)
        self.tables = saved
        return out

    def container(self, el: etree._Element, out: list[RawBlock]) -> None:
        """Walk body-like content: body, cell, content control, text box, note, header."""
        for child in el:
            tag = child.tag
            if tag == P:
                self.paragraph(child, out)
            elif tag == TBL:
                self.table(child, out)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.container(content, out)
            elif tag in _TRANSPARENT:
                self.container(child, out)
            elif tag == ALT:
                branch = _branch(child)
                if branch is not None:
                    self.container(branch, out)

    def paragraph(self, p: etree._Element, out: list[RawBlock]) -> None:
        ppr = p.find(PPR)
        style_id = val(ppr.find(W + "pStyle")) if ppr is not None else None
        style = self.styles.get(style_id)
        texts: list[str] = []
        boxes: list[etree._Element] = []
        _inline(p, texts, boxes)
        text = "".join(texts)
        page = self._paginate(text, ppr)
        text = text.replace(_PAGE_MARK, "")
        if not text.strip() and not boxes and _mark_deleted(ppr):
            return  # a tracked deletion of a whole paragraph: Word shows (and numbers) nothing

        level = style.heading_level
        outline = ppr.find(W + "outlineLvl") if ppr is not None else None
        if outline is not None:
            raw = val(outline, "9") or "9"
            level = int(raw) + 1 if raw.isdigit() and int(raw) < 9 else None

        num_id, ilvl = self._numbering_of(ppr, style_id, style.num_id, style.ilvl)
        label = self.numbering.next_label(num_id, ilvl) if num_id else None
        clause = label.clause if label else None
        if label and label.text.strip() and not label.bullet and self.number_labels:
            text = f"{label.text.strip()} {text}"
        if clause is None:
            clause = leading_clause(clean_text(text))

        if level is not None and reads_as_prose(clean_text(text)):
            level = None  # a numbered clause in a heading style: running text, not a section title
        if level is not None:
            kind = BlockKind.HEADING
        elif label is not None and (label.bullet or label.text.strip()):
            kind = BlockKind.LIST_ITEM
        else:
            kind = BlockKind.PARAGRAPH
        block = RawBlock(kind, text, page=page, level=level, clause=clause)
        out.append(block)
        candidate = out is self._top and kind is not BlockKind.HEADING
        if candidate and self._looks_like_heading(p, bool(style.bold), text):
            self._candidates.append(len(out) - 1)
            if label is not None and not label.bullet:
                out[-1] = replace(block, level=(ilvl or 0) + 1)
        for box in boxes:
            self.container(box, out)

    def _paginate(self, text: str, ppr: etree._Element | None) -> int | None:
        """The page this paragraph starts on, moving the count past the breaks inside it.

        Word marks a new page in several ways at once (a hard break ending one paragraph, then a
        rendered break opening the next; "page break before"; a next-page section break), so the
        breaks met between two pieces of visible text count as one page."""
        if self._page is None:
            return None
        if ppr is not None and on(ppr.find(W + "pageBreakBefore")):
            self._break_pending = True
        pieces = text.split(_PAGE_MARK)
        if len(pieces) > 1 and not pieces[0].strip():
            self._break_pending = True
        visible = [i for i, piece in enumerate(pieces) if piece.strip()]
        if visible and self._break_pending:
            self._page += 1
            self._break_pending = False
        page = self._page
        self._page += max(0, len(visible) - 1)  # each run of breaks between two texts: one page
        if visible and visible[-1] < len(pieces) - 1:
            self._break_pending = True
        section = ppr.find(W + "sectPr") if ppr is not None else None
        if section is not None and val(section.find(W + "type"), "nextPage") != "continuous":
            self._break_pending = True
        return page

    def _numbering_of(
        self, ppr: etree._Element | None, style_id: str | None, style_num: str | None, style_ilvl: int | None
    ) -> tuple[str | None, int | None]:
        """Direct numPr wins over the style's; a missing ilvl comes from the style or its list level."""
        num = ppr.find(W + "numPr") if ppr is not None else None
        num_id = val(num.find(W + "numId")) if num is not None else None
        raw_ilvl = val(num.find(W + "ilvl")) if num is not None else None
        ilvl = int(raw_ilvl) if raw_ilvl and raw_ilvl.isdigit() else None
        if num_id is None:
            num_id = style_num
        if not num_id or num_id == "0":
            return None, None
        if ilvl is None:
            ilvl = style_ilvl if style_ilvl is not None else self.numbering.level_for_style(num_id, style_id)
        return num_id, ilvl

    def _looks_like_heading(self, p: etree._Element, style_bold: bool, text: str) -> bool:
        """A short line whose visible runs are all bold: how many forms mark headings without styles."""
        words = text.split()
        if not words or len(words) > _PSEUDO_HEADING_WORDS or _SENTENCE_END.search(text.strip()):
            return False
        for run in p.iter(R):
            if not any((t.text or "").strip() for t in run.iterchildren(T)):
                continue
            rpr = run.find(RPR)
            bold = on(rpr.find(W + "b")) if rpr is not None else None
            if bold is None and rpr is not None:
                char_style = val(rpr.find(W + "rStyle"))
                bold = self.styles.char_bold(char_style) if char_style else None
            if not (style_bold if bold is None else bold):
                return False
        return True

    def table(self, tbl: etree._Element, out: list[RawBlock]) -> None:
        """Each cell once, row by row, at its grid column (gridBefore and gridSpan counted)."""
        index = self.tables
        self.tables += 1
        row = 0
        for tr in _children(tbl, TR):
            trpr = tr.find(TRPR)
            if trpr is not None and trpr.find(W + "del") is not None:
                continue
            before = val(trpr.find(W + "gridBefore")) if trpr is not None else None
            col = int(before) if before and before.isdigit() else 0
            for tc in _children(tr, TC):
                tcpr = tc.find(TCPR)
                span = val(tcpr.find(W + "gridSpan")) if tcpr is not None else None
                inner: list[RawBlock] = []
                self.container(tc, inner)
                own = [block for block in inner if block.cell is None]
                text = "\n".join(block.text for block in own)
                clause = next((block.clause for block in own if block.clause), None)
                # A vMerge/hMerge continuation is normally empty and so yields no block; if one
                # does hold text, we keep it rather than lose words.
                page = next((block.page for block in own if block.text.strip()), None)
                if text.strip():
                    out.append(
                        RawBlock(BlockKind.TABLE_CELL, text, page=page, clause=clause, cell=Cell(index, row, col))
                    )
                out.extend(block for block in inner if block.cell is not None)
                col += int(span) if span and span.isdigit() and int(span) > 0 else 1
            row += 1


def _children(el: etree._Element, tag: str):
    """Rows of a table / cells of a row, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in _TRANSPARENT:
            yield from _children(child, tag)


def _branch(alt: etree._Element) -> etree._Element | None:
    """One branch of mc:AlternateContent (both hold the same text; reading both duplicates it)."""
    return alt.find(CHOICE) if alt.find(CHOICE) is not None else alt.find(FALLBACK)


def _inline(el: etree._Element, texts: list[str], boxes: list[etree._Element]) -> None:
    """Visible text of a paragraph's runs, in order; text boxes are collected for later."""
    for child in el:
        tag = child.tag
        if tag == T:
            if child.text:
                texts.append(child.text)
        elif tag == R or tag in _TRANSPARENT:
            _inline(child, texts, boxes)
        elif tag == _RENDERED_BREAK:
            texts.append(_PAGE_MARK)
        elif tag == W + "br" and child.get(W + "type") == "page":
            texts.append(" " + _PAGE_MARK)  # the author's break also parts words, as w:br does
        elif tag in _SPACES:
            texts.append(" ")
        elif tag == W + "noBreakHyphen":
            texts.append("-")
        elif tag == W + "sym":
            texts.append(_symbol(child))
        elif tag == W + "fldChar":
            texts.append(_form_field(child))
        elif tag == SDT:
            box = _sdt_checkbox(child)
            if box:
                texts.append(box)
            else:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    _inline(content, texts, boxes)
        elif tag == ALT:
            branch = _branch(child)
            if branch is not None:
                _inline(branch, texts, boxes)
        elif tag in _GRAPHICS:
            boxes.extend(_outer_boxes(child))
        elif tag in _MATH_BLOCKS:
            texts.append(" " + "".join(t.text or "" for t in child.iter(_MATH + "t")) + " ")
        elif tag == W + "ruby":
            base = child.find(W + "rubyBase")
            if base is not None:
                _inline(base, texts, boxes)


def _outer_boxes(graphic: etree._Element) -> list[etree._Element]:
    """Text boxes in a drawing, minus those nested in another box (walked with their parent)."""
    boxes = []
    for box in graphic.iter(TXBX):
        parent = box.getparent()
        while parent is not None and parent is not graphic and parent.tag != TXBX:
            parent = parent.getparent()
        if parent is graphic or parent is None:
            if not _in_fallback(box, graphic):
                boxes.append(box)
    return boxes


def _in_fallback(el: etree._Element, stop: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == FALLBACK:
            return True
        parent = parent.getparent()
    return False


def _symbol(sym: etree._Element) -> str:
    font = (sym.get(W + "font") or "").lower()
    try:
        code = int(sym.get(W + "char") or "", 16)
    except ValueError:
        return ""
    if code >= 0xF000:
        code -= 0xF000
    return f" {_SYMBOLS[font][code]} " if code in _SYMBOLS.get(font, {}) else ""


def _mark_deleted(ppr: etree._Element | None) -> bool:
    rpr = ppr.find(RPR) if ppr is not None else None
    return rpr is not None and rpr.find(W + "del") is not None


def _form_field(fld: etree._Element) -> str:
    """Legacy form checkboxes and drop-downs show their value only through ffData; render it."""
    if fld.get(W + "fldCharType") != "begin":
        return ""
    data = fld.find(W + "ffData")
    if data is None:
        return ""
    box = data.find(W + "checkBox")
    if box is not None:
        state = on(box.find(W + "checked"))
        if state is None:
            state = bool(on(box.find(W + "default")))
        return f" {CHECKED if state else UNCHECKED} "
    choices = data.find(W + "ddList")
    if choices is not None:
        entries = [val(entry, "") or "" for entry in choices.iterchildren(W + "listEntry")]
        picked = val(choices.find(W + "result")) or val(choices.find(W + "default")) or "0"
        index = int(picked) if picked.isdigit() else 0
        return f" {entries[index]} " if index < len(entries) else ""
    return ""


def _sdt_checkbox(sdt: etree._Element) -> str:
    """A content-control checkbox: its state lives in sdtPr, the glyph in the content may be any font."""
    box = sdt.find(SDT_PR + "/" + _W14 + "checkbox")
    if box is None:
        return ""
    checked = box.find(_W14 + "checked")
    state = checked is not None and checked.get(_W14 + "val", "1").lower() in ("1", "true", "on")
    return f" {CHECKED if state else UNCHECKED} "
