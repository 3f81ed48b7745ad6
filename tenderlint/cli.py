"""The `tenderlint` command: a thin shell over the core, like the web app and the worker.

Exit codes: 0 success, 1 findings at or above --fail-on (for `check`), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import TenderlintError
from .model import Document
from .parse import parse_path

EXTRACT_SCHEMA_VERSION = "1.0"


def document_json(document: Document) -> dict[str, object]:
    """The `tenderlint extract --format json` document (schema in docs/extract-schema.md)."""
    return {
        "schema_version": EXTRACT_SCHEMA_VERSION,
        "document": {
            "name": document.name,
            "format": document.format,
            "pages": document.pages,
            "sha256": document.sha256,
            "words": document.word_count,
            "metadata": dict(document.metadata),
        },
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


def _cmd_extract(args: argparse.Namespace) -> int:
    document = parse_path(args.file)
    if args.format == "json":
        json.dump(document_json(document), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(document_text(document) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tenderlint", description=__doc__)
    parser.add_argument("--version", action="version", version=f"tenderlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print the document model of a file")
    extract.add_argument("file", type=Path)
    extract.add_argument("--format", choices=("json", "text"), default="json")
    extract.set_defaults(run=_cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except TenderlintError as exc:
        print(f"error[{exc.code}]: {exc.message}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error[file-not-found]: {exc.filename} does not exist.", file=sys.stderr)
        return 2
    except IsADirectoryError as exc:
        print(f"error[file-not-found]: {exc.filename} is a directory, not a file.", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
