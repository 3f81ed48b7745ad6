"""The JSON report: the contract the API, the worker and other tools read (docs/report-schema.md)."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..engine import Report
from .assumed import assumptions_json
from .document import document_identity

REPORT_SCHEMA_VERSION = "1.0"


def report_json(report: Report) -> dict[str, Any]:
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": "tenderlint", "version": __version__, "rule_pack": report.pack_digest, "profile": report.profile},
        "document": document_identity(report.document),
        "assumed": assumptions_json(report.context, report.document, report.rule_results),
        "context": report.context.to_json(),
        "findings": [finding.to_json() for finding in report.findings],
        "rule_results": [result.to_json() for result in report.rule_results],
        "clauses": [clause.to_json() for clause in report.clauses],
        "metrics": dict(report.metrics),
        "scores": report.scores,
    }


def render_json(reports: list[Report]) -> str:
    """One report as an object; several as {"schema_version", "reports": [...]}."""
    if len(reports) == 1:
        return json.dumps(report_json(reports[0]), ensure_ascii=False, indent=1)
    return json.dumps(
        {"schema_version": REPORT_SCHEMA_VERSION, "reports": [report_json(r) for r in reports]},
        ensure_ascii=False,
        indent=1,
    )
