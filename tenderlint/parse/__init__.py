"""bytes -> Document. The format is sniffed from content; each format has its own module."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import DocumentTooLarge
from ..model import Document
from .limits import DEFAULT_LIMITS, Limits
from .sniff import sniff

Parser = Callable[[bytes, str, Limits], Document]


def _parser_for(fmt: str) -> Parser:
    # Imported lazily: the PDF stack costs time and memory a DOCX upload never needs.
    if fmt == "pdf":
        from .pdf import parse_pdf as parser
    elif fmt == "docx":
        from .docx import parse_docx as parser
    elif fmt == "odt":
        from .odt import parse_odt as parser
    elif fmt == "doc":
        from .doc import parse_doc as parser
    elif fmt == "html":
        from .html import parse_html as parser
    elif fmt == "markdown":
        from .text import parse_markdown as parser
    else:
        from .text import parse_text as parser
    return parser


READERS = ("pdf", "docx", "odt", "doc", "html", "markdown", "text")


def load_readers() -> None:
    """Import every format's reader now. A process that forks workers calls this first, so they
    share the readers' libraries instead of each importing them on its first document."""
    for fmt in READERS:
        _parser_for(fmt)


def parse_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse an uploaded file. Raises a `DocumentError` subclass for anything we cannot read."""
    if len(data) > limits.max_bytes:
        raise DocumentTooLarge(
            f"{name} is {len(data) / (1024 * 1024):.1f} MB; the limit is "
            f"{limits.max_bytes / (1024 * 1024):.0f} MB."
        )
    fmt = sniff(data, name)
    document = _parser_for(fmt)(data, name, limits)
    if len(document.text) > limits.max_text_chars:
        raise DocumentTooLarge(
            f"{name} holds {len(document.text):,} characters of text; the limit is "
            f"{limits.max_text_chars:,} characters. Split it into smaller documents."
        )
    return document


def parse_path(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    path = Path(path)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise DocumentTooLarge(
            f"{path.name} is {size / (1024 * 1024):.1f} MB; the limit is "
            f"{limits.max_bytes / (1024 * 1024):.0f} MB."
        )
    return parse_bytes(path.read_bytes(), path.name, limits)


__all__ = ["parse_bytes", "parse_path", "sniff", "Limits", "DEFAULT_LIMITS"]
