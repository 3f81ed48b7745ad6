"""Content-Disposition for every download (reports, questions, readiness exports), per RFC 6266.

HTTP header values are Latin-1, so a file name with "Ŵ" or "Ł" made Werkzeug fail with 500 on
every download of that document. The header now carries an ASCII `filename` that every client
understands and, when the real name differs, `filename*=UTF-8''...` (RFC 5987) with the real name,
which browsers prefer.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath
from urllib.parse import quote

from flask import Response

# RFC 5987 attr-char beyond letters and digits; everything else is percent-encoded.
_ATTR_CHARS = "!#$&+-.^_`|~"
_ASCII_KEEP = "-_."


def download_stem(filename: str, limit: int = 80) -> str:
    """The stem of an uploaded file's name for a download: letters (any script), digits, - and _;
    anything else (spaces, slashes, controls, bidi overrides) becomes '-'."""
    stem = PurePath(filename).stem or "document"
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in stem)[:limit]


def ascii_name(filename: str) -> str:
    """A plain-ASCII stand-in: accents dropped (Ŵ -> W), other characters '-'; never empty."""
    decomposed = unicodedata.normalize("NFKD", filename)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = "".join(c if c.isascii() and (c.isalnum() or c in _ASCII_KEEP) else "-" for c in letters)
    return out.strip(".") or "download"


def content_disposition(filename: str, inline: bool = False) -> str:
    """`attachment` (or `inline`) with the ASCII name, plus `filename*` when that lost anything."""
    kind = "inline" if inline else "attachment"
    fallback = ascii_name(filename)
    value = f'{kind}; filename="{fallback}"'
    if fallback != filename:
        value += f"; filename*=UTF-8''{quote(filename or fallback, safe=_ATTR_CHARS)}"
    return value


def name_download(response: Response, filename: str, inline: bool = False) -> Response:
    response.headers["Content-Disposition"] = content_disposition(filename, inline)
    return response
