"""Formats are decided by content; bad inputs get their own error codes."""

from __future__ import annotations

import io
import zipfile

import pytest

from tenderlint.errors import CorruptDocument, DocumentTooLarge, EmptyDocument, UnsupportedFormat
from tenderlint.parse import Limits, parse_bytes, sniff


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"# Invitation to tender\n\nText.", "markdown"),
        (b"Invitation to tender\n====================\n\nText.", "markdown"),
        (b"INVITATION TO TENDER\n\n1. Scope\n\nThe supplier shall.", "text"),
        ("Price in \u00a3 and \u20ac".encode("utf-16"), "text"),
        ("Caf\u00e9 in cp1252".encode("cp1252"), "text"),
    ],
)
def test_sniff_by_content(data: bytes, expected: str) -> None:
    assert sniff(data, "anything.pdf") == expected


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x7fELF\x02\x01\x01\x00" + bytes(200), "executable"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "executable"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "image"),
        (bytes(range(256)) * 20, "not a recognised"),
    ],
)
def test_non_documents_are_refused_with_a_reason(data: bytes, what: str) -> None:
    with pytest.raises(UnsupportedFormat) as caught:
        parse_bytes(data, "tender.pdf")
    assert caught.value.code == "unsupported-format"
    assert what in caught.value.message


@pytest.mark.parametrize("data", [b"", b"   \n\n\t "])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(EmptyDocument) as caught:
        parse_bytes(data, "empty.docx")
    assert caught.value.code == "empty-file"


def test_too_large_is_refused_before_parsing() -> None:
    with pytest.raises(DocumentTooLarge) as caught:
        parse_bytes(b"x" * 2048, "big.txt", Limits(max_bytes=1024))
    assert "limit" in caught.value.message


def test_other_office_zips_are_unsupported() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedFormat, match="not a Word document"):
        parse_bytes(buffer.getvalue(), "prices.docx")


def test_truncated_zip_is_corrupt() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>" * 1000)
    with pytest.raises(CorruptDocument) as caught:
        parse_bytes(buffer.getvalue()[:60], "draft.docx")
    assert caught.value.code == "corrupt-file"
