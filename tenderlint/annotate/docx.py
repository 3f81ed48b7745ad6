"""A DOCX back with a Word comment anchored on each finding's passage, and nothing else changed.

python-docx 1.2 can add comments, but saving through it re-serialises every XML part of the
package (styles, numbering, settings, headers...), so the file would no longer be the buyer's
file byte for byte. We therefore write the comments ourselves: the zip's members are copied as
they are, except document.xml (comment markers, and runs split where a comment starts or ends
inside one), comments.xml (created, or extended if the document already has comments), the main
part's relationships and [Content_Types].xml. In document.xml only the elements holding a new
marker are re-serialised (see splice.py); everything else keeps its original bytes.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from lxml import etree

from ..model import Document
from ..parse.docx import R, RPR, TXBX, Package, T
from ..parse.limits import DEFAULT_LIMITS
from ..parse.numbering import W
from ..parse.safezip import SafeZip, parse_xml
from .docx_map import Source, TextMap, build_text_map
from .notes import AUTHOR, Note
from .splice import Spans

COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_P = W + "p"
_ID = W + "id"


@dataclass
class Annotated:
    """The annotated file and what could not be placed (a passage with no text in the body)."""

    data: bytes
    placed: list[Note] = field(default_factory=list)
    unplaced: list[Note] = field(default_factory=list)


def annotate_docx(data: bytes, document: Document, notes: list[Note]) -> Annotated:
    """`data` with one comment per note placed on its passage; `document` is `parse_bytes(data)`."""
    archive = SafeZip(data, document.name, DEFAULT_LIMITS)
    package = Package(archive)
    raw = archive.read(package.main)  # read once: the map edits its tree, splice keeps its bytes
    text_map = build_text_map(package, parse_xml(raw, f"{document.name}: {package.main}"), document)
    result = Annotated(data)
    anchors: list[tuple[Note, Source, Source]] = []
    opening = _opening(document, text_map)
    for note in notes:
        span = text_map.span(note.start, note.end) if note.end > note.start else opening
        if span is None:
            result.unplaced.append(note)
        else:
            anchors.append((note, *span))
    if not anchors:
        return result

    spans = Spans(raw, text_map.root)
    comments_part, comments_root = _comments_part(archive, package)
    next_id = _free_id(text_map.root, comments_root)

    segments = _split_runs(text_map, anchors)
    edited: set[etree._Element] = set()
    for note, first, last in anchors:
        comment_id = str(next_id)
        next_id += 1
        start_run = segments.run_starting(first)
        end_run = segments.run_ending(last)
        if start_run is None or end_run is None or _paragraph(start_run) is None:
            result.unplaced.append(note)
            continue
        if _story(end_run) is not _story(start_run) or _paragraph(end_run) is None:
            end_run = _last_run(start_run)  # a passage running into a text box: the comment stops at its edge
        start_run.addprevious(_element("commentRangeStart", comment_id))
        end_run.addnext(_element("commentRangeEnd", comment_id))
        paragraph = _paragraph(end_run)
        top = end_run.getnext()  # the commentRangeEnd
        while top.getparent() is not paragraph:
            top = top.getparent()
        top.addnext(_reference_run(comment_id))
        edited.update({_paragraph(start_run), paragraph})
        comments_root.append(_comment(comment_id, note))
        result.placed.append(note)
    edited.update(segments.edited)

    replaced = {
        package.main: spans.write(text_map.root, edited),
        comments_part: etree.tostring(comments_root, xml_declaration=True, encoding="UTF-8", standalone=True),
    }
    rels_part = posixpath.join(posixpath.dirname(package.main), "_rels", posixpath.basename(package.main) + ".rels")
    if not archive.has(comments_part):
        target = posixpath.relpath(comments_part, posixpath.dirname(package.main))
        replaced[rels_part] = _add_relationship(archive.read(rels_part) if archive.has(rels_part) else None, target)
        replaced["[Content_Types].xml"] = _add_override(archive.read("[Content_Types].xml"), "/" + comments_part)
    result.placed.sort(key=lambda n: (n.start, n.end, n.rule_id))
    result.data = _rezip(data, replaced)
    return result


def _opening(document: Document, text_map: TextMap) -> tuple[Source, Source] | None:
    """Where a finding about the whole document (no passage) is anchored: the body's first block."""
    for block in document.blocks:
        span = text_map.span(block.start, block.end)
        if span is not None:
            return span
    return None


class _Segments:
    """The run holding each piece of a w:t after the runs were split at every comment boundary."""

    def __init__(self) -> None:
        self.pieces: dict[int, list[tuple[int, int, etree._Element]]] = {}  # node -> (start, end, run)
        self.edited: set[etree._Element] = set()

    def run_starting(self, source: Source) -> etree._Element | None:
        node, offset = source
        return next((run for start, _, run in self.pieces.get(node, ()) if start == offset), None)

    def run_ending(self, source: Source) -> etree._Element | None:
        node, offset = source
        return next((run for _, end, run in self.pieces.get(node, ()) if end == offset + 1), None)


def _split_runs(text_map: TextMap, anchors: list[tuple[Note, Source, Source]]) -> _Segments:
    """Split each run where a comment starts or ends inside it; each piece keeps the run's formatting."""
    cuts: dict[int, set[int]] = defaultdict(set)
    for _, (first_node, first_offset), (last_node, last_offset) in anchors:
        cuts[first_node].add(first_offset)
        cuts[last_node].add(last_offset + 1)
    segments = _Segments()
    for node_index, offsets in cuts.items():
        node = text_map.nodes[node_index]
        text = node.text or ""
        inner = sorted((o for o in offsets if 0 < o < len(text)), reverse=True)
        pieces = []
        end = len(text)
        current = node
        for offset in inner:  # right to left, so the offsets still count from the node's start
            current, right = _split_at(current, offset)
            pieces.append((offset, end, right.getparent()))
            end = offset
        pieces.append((0, end, current.getparent()))
        segments.pieces[node_index] = pieces
        if inner:
            paragraph = _paragraph(current)
            segments.edited.add(paragraph if paragraph is not None else current.getparent())
    return segments


def _split_at(t: etree._Element, offset: int) -> tuple[etree._Element, etree._Element]:
    """Cut the run holding `t` so that t's text splits at `offset`: two runs, same properties."""
    run = t.getparent()
    if run is None or run.tag != R:
        raise ValueError("a w:t outside a w:r")
    after = etree.Element(R, attrib=dict(run.attrib), nsmap=None)
    properties = run.find(RPR)
    if properties is not None:
        after.append(copy.deepcopy(properties))  # the same formatting, byte for byte
    right = etree.SubElement(after, T)
    right.text = t.text[offset:]
    right.set(_XML_SPACE, "preserve")
    t.text = t.text[:offset]
    t.set(_XML_SPACE, "preserve")
    for sibling in list(t.itersiblings()):
        after.append(sibling)  # the rest of the run (tabs, breaks, more text) follows the cut
    run.addnext(after)
    after.tail, run.tail = run.tail, None
    return t, right


def _paragraph(element: etree._Element) -> etree._Element | None:
    return next((a for a in element.iterancestors(_P)), None)


def _story(element: etree._Element) -> etree._Element | None:
    """The text box holding an element, or None in the body: a comment must not cross between them."""
    return next((a for a in element.iterancestors(TXBX)), None)


def _last_run(run: etree._Element) -> etree._Element:
    """The last run of `run`'s paragraph in the same story (the paragraph's end, short of text boxes)."""
    story = _story(run)
    paragraph = _paragraph(run)
    assert paragraph is not None, "a run always sits in a paragraph"
    return [r for r in paragraph.iter(R) if _story(r) is story][-1]


def _element(local: str, comment_id: str) -> etree._Element:
    element = etree.Element(W + local)
    element.set(_ID, comment_id)
    return element


def _reference_run(comment_id: str) -> etree._Element:
    run = etree.Element(R)
    run.append(_element("commentReference", comment_id))
    return run


def _comment(comment_id: str, note: Note) -> etree._Element:
    comment = etree.Element(W + "comment")
    comment.set(_ID, comment_id)
    comment.set(W + "author", AUTHOR)
    comment.set(W + "initials", "TL")
    for text in note.paragraphs:
        paragraph = etree.SubElement(comment, _P)
        run = etree.SubElement(paragraph, R)
        t = etree.SubElement(run, T)
        t.text = text
        t.set(_XML_SPACE, "preserve")
    return comment


def _comments_part(archive: SafeZip, package: Package) -> tuple[str, etree._Element]:
    """The document's comments part and its root (a new, empty one under a free name if it has none)."""
    for member in package.related_parts("comments"):
        if archive.has(member):
            return member, archive.xml(member)
    folder = posixpath.dirname(package.main)
    name = posixpath.join(folder, "comments.xml")
    serial = 1
    while archive.has(name):
        serial += 1
        name = posixpath.join(folder, f"comments{serial}.xml")
    return name, etree.Element(W + "comments", nsmap={"w": W[1:-1]})


def _free_id(document_root: etree._Element, comments_root: etree._Element) -> int:
    """One past every numeric w:id in use: annotation ids (comments, revisions, bookmarks) never clash."""
    used = [int(v) for root in (document_root, comments_root) for el in root.iter(etree.Element)
            if (v := el.get(_ID)) is not None and v.isdigit()]
    return max(used, default=-1) + 1


def _add_relationship(rels: bytes | None, target: str) -> bytes:
    """The main part's relationships with one to the comments part, added as text before the end tag."""
    if rels is None:
        rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
    ids = set(re.findall(rb'Id="([^"]+)"', rels))
    serial = 1
    while b"rIdTenderlintComments%d" % serial in ids:
        serial += 1
    entry = b'<Relationship Id="rIdTenderlintComments%d" Type="%s" Target="%s"/>' % (
        serial, COMMENTS_TYPE.encode(), target.encode())
    return _insert_before_end(rels, b"Relationships", entry)


def _add_override(types: bytes, part_name: str) -> bytes:
    entry = b'<Override PartName="%s" ContentType="%s"/>' % (part_name.encode(), COMMENTS_CONTENT_TYPE.encode())
    return _insert_before_end(types, b"Types", entry)


def _insert_before_end(xml: bytes, local: bytes, entry: bytes) -> bytes:
    ends = list(re.finditer(rb"</(?:[\w.-]+:)?" + local + rb"\s*>", xml))
    if not ends:
        raise ValueError(f"no </{local.decode()}> in the package part")
    at = ends[-1].start()
    parse_xml(xml[:at] + entry + xml[at:], local.decode())  # still well-formed
    return xml[:at] + entry + xml[at:]


def _rezip(data: bytes, replaced: dict[str, bytes]) -> bytes:
    """The package with some members replaced or added; every other member copied unchanged, in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            content = replaced.pop(info.filename, None)
            target.writestr(member, content if content is not None else source.read(info))
        for name, content in replaced.items():
            added = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            added.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(added, content)
    return out.getvalue()
