"""Decide a file's format from its bytes, never from its name.

A council's "spec.pdf" may really be a Word file, and an attacker's "tender.pdf" may be an
executable; the name is only used in messages.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import CorruptDocument, EmptyDocument, UnsupportedFormat

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXECUTABLES = {
    b"\x7fELF": "a Linux executable",
    b"MZ": "a Windows executable",
    b"\xcf\xfa\xed\xfe": "a macOS executable",
    b"#!": "a script",
}
_IMAGES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
}
_MD_HEADING = re.compile(r"^#{1,6}[ \t]*\w|^\S.*\n(=+|-+)[ \t]*$", re.M)
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.I)

TEXT_FORMATS = ("text", "markdown", "html")


def sniff(data: bytes, name: str = "") -> str:
    """Return one of: pdf, docx, odt, doc, html, markdown, text. Raise a DocumentError otherwise."""
    if not data.strip():
        raise EmptyDocument(f"{name or 'The file'} is empty.")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data, name)
    if data.startswith(_OLE):
        if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data[:1_000_000]:
            return "doc"
        raise UnsupportedFormat(
            f"{name or 'The file'} is an Office binary file but not a Word document "
            "(e.g. an Excel or PowerPoint file). Upload PDF, DOCX, ODT, DOC, HTML, Markdown or text."
        )
    for magic, what in {**_EXECUTABLES, **_IMAGES}.items():
        if data.startswith(magic) and not (magic == b"#!" and _looks_like_text(data)):
            raise UnsupportedFormat(
                f"{name or 'The file'} is {what}, not a document. "
                "Upload PDF, DOCX, ODT, DOC, HTML, Markdown or text."
            )
    if not _looks_like_text(data):
        raise UnsupportedFormat(
            f"{name or 'The file'} is not a recognised document type. "
            "Upload PDF, DOCX, ODT, DOC, HTML, Markdown or text."
        )
    if _HTML.match(data[:2048]):
        return "html"
    text = decode_text(data)
    if _MD_HEADING.search(text[:200_000]):
        return "markdown"
    return "text"


def decode_text(data: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) * 0.01


def _sniff_zip(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].strip()
                if mimetype == b"application/vnd.oasis.opendocument.text":
                    return "odt"
                raise UnsupportedFormat(
                    f"{name or 'The file'} is an OpenDocument file of type "
                    f"{mimetype.decode('ascii', 'replace')!r}, not a text document."
                )
            if "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names:
                raise UnsupportedFormat(
                    f"{name or 'The file'} is an Office file but not a Word document "
                    "(e.g. Excel or PowerPoint)."
                )
    except zipfile.BadZipFile as exc:
        raise CorruptDocument(
            f"{name or 'The file'} looks like a zip-based Office file but is damaged or truncated ({exc})."
        ) from exc
    raise UnsupportedFormat(f"{name or 'The file'} is a zip archive, not a document.")
