"""The pack report as JSON: the pack's own part, and each document's report as `check --format json` gives it."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..pack.report import PackReport
from .json import REPORT_SCHEMA_VERSION, report_json


def pack_json(pack: PackReport) -> dict[str, Any]:
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": "tenderlint", "version": __version__},
        "pack": {
            "name": pack.name,
            "documents": [{"name": name, "doc_types": list(types)} for name, types in pack.doc_types.items()],
            "refused": [refused.to_json() for refused in pack.refused],
            "context": pack.context.to_json(),
            "lacks": list(pack.lacks),
            "findings": [finding.to_json() for finding in pack.findings],
            "rule_results": [result.to_json() for result in pack.rule_results],
            "scores": pack.scores,
        },
        "reports": [report_json(report) for report in pack.reports],
    }


def render_pack_json(pack: PackReport) -> str:
    return json.dumps(pack_json(pack), ensure_ascii=False, indent=1)
