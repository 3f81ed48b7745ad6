"""The extracted document as data (`tenderlint extract`, and the worker's stored extract)."""

from __future__ import annotations

from ..model import Document

EXTRACT_SCHEMA_VERSION = "1.0"


def document_identity(document: Document) -> dict[str, object]:
    """Which document a JSON report or extract is about (its `document` object)."""
    return {
        "name": document.name,
        "format": document.format,
        "pages": document.pages,
        "sha256": document.sha256,
        "words": document.word_count,
    }


def document_json(document: Document) -> dict[str, object]:
    """The `tenderlint extract --format json` document (schema in docs/extract-schema.md)."""
    return {
        "schema_version": EXTRACT_SCHEMA_VERSION,
        "document": {**document_identity(document), "metadata": dict(document.metadata)},
        "blocks": [block.to_json() for block in document.blocks],
    }


def document_text(document: Document) -> str:
    """A readable dump: one line per block, prefixed with where it is."""
    lines = [f"# {document.name} ({document.format}, {document.pages or '?'} pages, sha256 {document.sha256[:16]})"]
    for block in document.blocks:
        where = f"p{block.page}" if block.page else "-"
        label = block.kind.value
        if block.cell is not None:
            label += f" t{block.cell.table}r{block.cell.row}c{block.cell.col}"
        if block.clause:
            label += f" [{block.clause}]"
        lines.append(f"{where}\t{label}\t{block.text}")
    return "\n".join(lines)
