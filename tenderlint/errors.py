"""One exception hierarchy with stable codes, so every entry point can report bad input the same way.

The CLI prints `error[CODE]: message`, the API returns the code in a problem document and the
worker stores it on the job. Codes never change once published; messages are for people.
"""

from __future__ import annotations

# Reported for anything that is not a TenderlintError: a bug or a broken installation, never the
# user's input. Not an exception class: such errors are by definition ones nobody raised on purpose.
INTERNAL_ERROR = "internal-error"


class TenderlintError(Exception):
    """Base of every error the core raises on purpose."""

    code = "tenderlint-error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DocumentError(TenderlintError):
    """The input file cannot be read as a tender; retrying will not help."""

    code = "document-error"


class EmptyDocument(DocumentError):
    code = "empty-file"


class UnsupportedFormat(DocumentError):
    code = "unsupported-format"


class EncryptedDocument(DocumentError):
    code = "encrypted"


class NoTextLayer(DocumentError):
    """A scanned or image-only PDF: we do not run OCR."""

    code = "no-text-layer"

    def __init__(self, message: str, pages: list[int]) -> None:
        super().__init__(message)
        self.pages = pages


class CorruptDocument(DocumentError):
    code = "corrupt-file"


class DocumentTooLarge(DocumentError):
    """Too many bytes, or more text than the language pipeline takes (the message names the limit)."""

    code = "too-large"


class TooManyPages(DocumentError):
    code = "too-many-pages"


class ZipBomb(DocumentError):
    code = "zip-bomb"


class HostileXml(DocumentError):
    code = "hostile-xml"


class ConverterMissing(TenderlintError):
    """A helper program (e.g. antiword for legacy .doc) is not installed on this machine."""

    code = "converter-missing"


class RuleError(TenderlintError):
    """A rule file is invalid; the message names the file and line."""

    code = "rule-error"

    def __init__(self, message: str, path: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
