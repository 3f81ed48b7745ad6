"""Decide a file's format from its bytes, never from its name.

A council's "spec.pdf" may really be a Word file, and an attacker's "tender.pdf" may be an
executable; the name is only used in messages. A signature at offset 0 always wins: only when
there is none is a PDF header looked for further into the first kilobyte (readers accept junk
before it), so an executable or a zip that mentions "%PDF-" early is not taken for a PDF.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    UnsupportedFormat,
)
from .ole import SIGNATURE as _OLE
from .ole import stream_names
from .xml_encoding import WIDE_BOMS

_EXECUTABLES = {
    b"\x7fELF": "a Linux executable",
    b"MZ": "a Windows executable",
    b"\xcf\xfa\xed\xfe": "a macOS executable",
    b"\xce\xfa\xed\xfe": "a macOS executable",
    b"\xca\xfe\xba\xbe": "a macOS executable",
    b"#!": "a script",
}
_TEXT_LOOKALIKES = {b"MZ", b"#!"}  # short signatures a text file can also start with
_ENCRYPTED_PACKAGE = {"EncryptionInfo", "EncryptedPackage"}  # [MS-OFFCRYPTO]: a password-protected OOXML file
_WORD_STREAM = "WordDocument".encode("utf-16-le")
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
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data, name)
    if data.startswith(_OLE):
        return _sniff_ole(data, name)
    for magic, what in {**_EXECUTABLES, **_IMAGES}.items():
        if data.startswith(magic) and not (magic in _TEXT_LOOKALIKES and _looks_like_text(data)):
            raise UnsupportedFormat(
                f"{name or 'The file'} is {what}, not a document. "
                "Upload PDF, DOCX, ODT, DOC, HTML, Markdown or text."
            )
    if b"%PDF-" in data[:1024]:
        return "pdf"
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
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM, else Windows-1252.

    What is invalid in the encoding a BOM names (an odd byte count, a lone surrogate) becomes
    U+FFFD, as in the Windows-1252 fallback: the reader gets the rest of the text, not an error."""
    for bom, encoding in WIDE_BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith(tuple(bom for bom, _ in WIDE_BOMS)):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) * 0.01


def _sniff_ole(data: bytes, name: str) -> str:
    names = stream_names(data)
    if _ENCRYPTED_PACKAGE <= names:
        raise EncryptedDocument(
            f"{name or 'The file'} is a password-protected Office file; save an unprotected copy and upload that."
        )
    if "WordDocument" in names or _WORD_STREAM in data[:1_000_000]:  # the scan, for damaged directories
        return "doc"
    raise UnsupportedFormat(
        f"{name or 'The file'} is an Office binary file but not a Word document "
        "(e.g. an Excel or PowerPoint file). Upload PDF, DOCX, ODT, DOC, HTML, Markdown or text."
    )


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
