"""The character encoding of an XML part, found the way an XML parser finds it.

The guard against DTDs looks for "<!DOCTYPE" and "<!ENTITY"; in a part saved as UTF-16, UTF-32 or
UTF-7 those bytes never appear as ASCII, yet lxml decodes the part and reads the declarations.
So the guard reads the text in the part's own encoding: a byte-order mark first, then the pattern
of the first bytes, then the encoding the XML declaration names (XML 1.0, appendix F).
"""

from __future__ import annotations

import codecs
import re

# Byte-order marks of UTF-32 and UTF-16 (sniff.decode_text reads text files by them too).
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOMS = (*WIDE_BOMS, (codecs.BOM_UTF8, "utf-8"))
# "<" (or "<?") in each encoding that is not ASCII-compatible, when there is no BOM.
_FIRST_BYTES = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"\x4c\x6f\xa7\x94", "cp500"),  # "<?xm" in EBCDIC
)
_DECLARED = re.compile(rb"""^<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]{0,39})["']""")


class UnknownEncoding(LookupError):
    """The XML declaration names an encoding Python cannot decode."""


def xml_encoding(data: bytes) -> str:
    """Python's name for the encoding of `data` ("utf-8" when nothing says otherwise).

    Raises UnknownEncoding for a declared encoding Python does not know."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    for first, encoding in _FIRST_BYTES:
        if data.startswith(first):
            return encoding
    declared = _DECLARED.match(data)
    if not declared:
        return "utf-8"
    name = declared.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise UnknownEncoding(name) from None
