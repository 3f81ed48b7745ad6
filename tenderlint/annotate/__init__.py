"""The document back, annotated: findings as Word comments in a DOCX, highlights with notes in a PDF.

Pure core (no Flask, Celery, Redis or SQLAlchemy): the CLI's `check --annotate` and the service's
report downloads both call `annotate`.
"""

from __future__ import annotations

from ..errors import TenderlintError
from ..model import Document
from .docx import Annotated
from .notes import SERIOUS, Note, notes_for

ANNOTATABLE = ("docx", "pdf")


class CannotAnnotate(TenderlintError):
    """The file is of a format we cannot hand back annotated (only DOCX and PDF)."""

    code = "cannot-annotate"


def annotate(data: bytes, document: Document, notes: list[Note]) -> Annotated:
    """`data` (the file `document` was parsed from) with the notes placed on their passages."""
    if document.format == "docx":
        from .docx import annotate_docx

        return annotate_docx(data, document, notes)
    if document.format == "pdf":
        from .pdf import annotate_pdf  # pikepdf and pdfium load only for PDFs

        return annotate_pdf(data, document, notes)
    raise CannotAnnotate(
        f"{document.name} is {document.format.upper()}; annotated copies can be made of DOCX and PDF files only."
    )


__all__ = ["ANNOTATABLE", "Annotated", "CannotAnnotate", "Note", "SERIOUS", "annotate", "notes_for"]
