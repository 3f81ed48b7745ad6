"""Legacy Word 97-2003 `.doc` through antiword's DocBook output.

antiword is a small, mature C program (Debian package `antiword`) that reads the binary
format without running any macro; its DocBook output keeps chapters, lists and tables,
which plain-text output flattens. It runs in a subprocess with a time limit, so a hostile
file can neither crash nor hang the caller.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

from lxml import etree

from ..errors import ConverterMissing, CorruptDocument, EncryptedDocument
from ..model import BlockKind, Cell, Document
from .assemble import RawBlock, build_document, clean_text, leading_clause
from .limits import Limits

_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>", re.S)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
_SECTIONS = {"chapter", "sect1", "sect2", "sect3", "sect4", "sect5", "section", "sect"}
_PLACEHOLDER = {"[pic]", "[image]"}
# antiword's plain text shows list labels ("a)", "2.") that its DocBook output leaves implicit.
_LABEL = re.compile(r"^ +((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6})[.)]) (\S.*)$", re.M | re.I)


def parse_doc(data: bytes, name: str, limits: Limits) -> Document:
    xml = _run_antiword(data, name, limits, ["-x", "db"])
    labels = _list_labels(_run_antiword(data, name, limits, ["-w", "0", "-m", "UTF-8.txt"]).decode("utf-8", "replace"))
    root = etree.fromstring(_DOCTYPE.sub(b"", xml, count=1), _PARSER)
    if root is None:
        raise CorruptDocument(f"{name} could not be read as a Word document.")
    metadata = {}
    title = root.findtext("bookinfo/title") or root.findtext("title")
    if title and title.strip():
        metadata["title"] = title.strip()
    date = root.findtext("bookinfo/date")
    if date:
        metadata["date"] = date.strip()
    blocks = list(_walk(root, depth=0, tables=[0], labels=labels))
    # The binary format stores no reliable page boundaries, so pages stay unknown.
    return build_document(name=name, fmt="doc", data=data, pages=None, raw_blocks=blocks, metadata=metadata)


def _list_labels(plain: str) -> list[tuple[str, str]]:
    """(label, first words) of each labelled list line, in document order."""
    return [(m.group(1), clean_text(m.group(2))[:24]) for m in _LABEL.finditer(plain)]


def _take_label(labels: list[tuple[str, str]], text: str) -> str | None:
    """Pop the label whose line starts like `text`, skipping a few unmatched ones."""
    for index, (label, start) in enumerate(labels[:6]):
        if text.startswith(start[:16]):
            del labels[: index + 1]
            return label
    return None


def _run_antiword(data: bytes, name: str, limits: Limits, options: list[str]) -> bytes:
    binary = shutil.which("antiword")
    if binary is None:
        raise ConverterMissing(
            "Reading legacy Word .doc files needs the 'antiword' program, which is not installed "
            "(apt-get install antiword). Save the file as DOCX or PDF instead."
        )
    with tempfile.TemporaryDirectory(prefix="tenderlint-doc-") as tmp:
        path = Path(tmp) / "input.doc"
        path.write_bytes(data)
        try:
            done = subprocess.run(
                [binary, *options, str(path)],
                capture_output=True,
                timeout=limits.converter_timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise CorruptDocument(
                f"{name} took longer than {limits.converter_timeout_s:.0f} s to read; it may be damaged."
            ) from exc
    message = done.stderr.decode("utf-8", "replace").strip()
    if "encrypt" in message.lower():
        raise EncryptedDocument(f"{name} is password-protected; remove the password and upload it again.")
    if done.returncode != 0 or not done.stdout.strip():
        detail = message.splitlines()[-1] if message else "no text could be read"
        raise CorruptDocument(f"{name} is not a readable Word document ({detail}).")
    return done.stdout


def _text_of(element: etree._Element) -> str:
    return clean_text("".join(element.itertext()))


def _is_bold_only(element: etree._Element) -> bool:
    """A paragraph made only of bold text reads as a heading in these documents."""
    children = list(element)
    if not children or (element.text or "").strip():
        return False
    for child in children:
        if child.tag != "emphasis" or child.get("role") != "bold" or (child.tail or "").strip():
            return False
    return True


def _walk(
    element: etree._Element, depth: int, tables: list[int], labels: list[tuple[str, str]]
) -> Iterator[RawBlock]:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SECTIONS:
            yield from _walk(child, depth + 1, tables, labels)
        elif tag == "title" and element.tag in _SECTIONS:
            text = _text_of(child)
            if text:
                kind = BlockKind.HEADING if len(text.split()) <= 20 else BlockKind.PARAGRAPH
                yield RawBlock(kind, text, level=max(depth, 1), clause=leading_clause(text))
        elif tag in ("informaltable", "table"):
            yield from _table(child, tables)
        elif tag == "listitem":
            for para in child:
                if para.tag in ("informaltable", "table"):
                    yield from _table(para, tables)
                else:
                    text = _text_of(para)
                    if not text:
                        continue
                    label = _take_label(labels, text) if element.tag == "orderedlist" else None
                    if label:
                        text = f"{label} {text}"
                    yield RawBlock(BlockKind.LIST_ITEM, text, clause=leading_clause(text))
        elif tag in ("itemizedlist", "orderedlist"):
            yield from _walk(child, depth, tables, labels)
        elif tag == "para":
            nested = child.find(".//informaltable")
            if nested is not None:
                yield from _walk(child, depth, tables, labels)
                continue
            text = _text_of(child)
            if not text or text in _PLACEHOLDER:
                continue
            if _is_bold_only(child) and len(text.split()) <= 15 and not text.endswith((".", ",", ";")):
                yield RawBlock(BlockKind.HEADING, text, level=depth + 1, clause=leading_clause(text))
            else:
                yield RawBlock(BlockKind.PARAGRAPH, text, clause=leading_clause(text))


def _table(table: etree._Element, tables: list[int]) -> Iterator[RawBlock]:
    index = tables[0]
    tables[0] += 1
    for row_index, row in enumerate(table.iter("row")):
        for col_index, entry in enumerate(row.findall("entry")):
            text = _text_of(entry)
            if text:
                yield RawBlock(BlockKind.TABLE_CELL, text, cell=Cell(index, row_index, col_index))
