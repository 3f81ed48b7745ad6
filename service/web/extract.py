"""The extracted blocks of a job's document: the worker's stored extract, or a fresh parse."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tenderlint.errors import DocumentError
from tenderlint.parse import parse_bytes

from ..db import db
from ..models import Job, Report
from ..storage import get_blob


@dataclass(frozen=True)
class ShownBlock:
    kind: str
    text: str
    page: int | None
    level: int | None
    clause: str | None
    start: int
    table: int | None = None
    row: int = 0


def _from_json(item: dict[str, Any]) -> ShownBlock:
    return ShownBlock(str(item.get("kind", "paragraph")), str(item.get("text", "")), item.get("page"),
                      item.get("level"), item.get("clause"), int(item.get("start", 0)),
                      item.get("table"), int(item.get("row") or 0))


def job_blocks(job: Job) -> list[ShownBlock]:
    row = db.session.get(Report, (job.id, "extract"))
    if row is not None:
        data = json.loads(row.content)
        items = data.get("blocks", []) if isinstance(data, dict) else data
        return [_from_json(item) for item in items]
    version = job.version
    try:
        document = parse_bytes(get_blob(version.blob_sha256), version.filename)
    except (DocumentError, LookupError):
        return []
    return [ShownBlock(b.kind.value, b.text, b.page, b.level, b.clause, b.start,
                       b.cell.table if b.cell else None, b.cell.row if b.cell else 0) for b in document.blocks]


def group_tables(items: list[tuple[ShownBlock, Any]]) -> list[dict[str, Any]]:
    """Runs of cells of one table become {"table": rows of (block, extra)}; other blocks stay single."""
    out: list[dict[str, Any]] = []
    for block, extra in items:
        if block.table is None:
            out.append({"block": block, "extra": extra})
            continue
        last = out[-1] if out else None
        if last is None or last.get("table_id") != block.table:
            last = {"table_id": block.table, "block": block, "rows": {}}
            out.append(last)
        last["rows"].setdefault(block.row, []).append((block, extra))
    for item in out:
        if "rows" in item:
            item["rows"] = [item["rows"][r] for r in sorted(item["rows"])]
    return out
