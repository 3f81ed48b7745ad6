"""Limits that keep one hostile or oversized upload from exhausting a worker."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024
# Characters of text the language pipeline takes in one document (spaCy's max_length is set to it).
MAX_TEXT_CHARS = 5_000_000


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MB
    max_pages: int = 1000
    # Uncompressed size of all members of a DOCX/ODT zip, and the worst compression ratio we accept.
    max_unzipped_bytes: int = 300 * MB
    max_zip_ratio: int = 200
    # Text a document may hold once parsed; ODT cell repeats are counted against it while parsing.
    max_text_chars: int = MAX_TEXT_CHARS
    # Wall-clock budget for external converters such as antiword.
    converter_timeout_s: float = 30.0


DEFAULT_LIMITS = Limits()
