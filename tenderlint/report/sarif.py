"""SARIF 2.1.0, so findings show up in code-scanning dashboards and editors."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..engine import Report

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif_log(reports: list[Report]) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    runs_results: list[dict[str, Any]] = []
    for report in reports:
        for finding in report.findings:
            rules.setdefault(
                finding.rule_id,
                {
                    "id": finding.rule_id,
                    "name": finding.rule_name,
                    "shortDescription": {"text": finding.message},
                    "fullDescription": {"text": finding.why},
                    "help": {"text": finding.fix},
                    "defaultConfiguration": {"level": _LEVEL[finding.severity]},
                    "properties": {"category": finding.category, "audiences": list(finding.audiences)},
                },
            )
            region: dict[str, Any] = {"charOffset": finding.location.start, "charLength": max(0, finding.location.end - finding.location.start)}
            if finding.quote:
                region["snippet"] = {"text": finding.quote}
            location: dict[str, Any] = {
                "physicalLocation": {"artifactLocation": {"uri": report.document.name}, "region": region}
            }
            if finding.location.section:
                location["logicalLocations"] = [{"name": " > ".join(finding.location.section), "kind": "section"}]
            related = [
                {
                    "id": number,
                    "physicalLocation": {
                        "artifactLocation": {"uri": report.document.name},
                        "region": {"charOffset": place.location.start, "charLength": max(0, place.location.end - place.location.start), "snippet": {"text": place.quote}},
                    },
                    "message": {"text": "the same cause again"},
                }
                for number, place in enumerate(finding.also, 1)
            ]
            runs_results.append(
                {
                    "ruleId": finding.rule_id,
                    "level": _LEVEL[finding.severity],
                    "message": {"text": finding.message},
                    "locations": [location],
                    **({"relatedLocations": related} if related else {}),
                    "partialFingerprints": {"tenderlint/v1": finding.fingerprint},
                    "properties": {"page": finding.location.page, "clause": finding.location.clause, "confidence": finding.confidence},
                }
            )
    ordered = sorted(rules.values(), key=lambda r: r["id"])
    index = {rule["id"]: i for i, rule in enumerate(ordered)}
    for result in runs_results:
        result["ruleIndex"] = index[result["ruleId"]]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "tenderlint", "version": __version__, "informationUri": "https://example.invalid/tenderlint", "rules": ordered}},
                "artifacts": [{"location": {"uri": r.document.name}, "hashes": {"sha-256": r.document.sha256}} for r in reports],
                "results": runs_results,
            }
        ],
    }


def render_sarif(reports: list[Report]) -> str:
    return json.dumps(sarif_log(reports), ensure_ascii=False, indent=1)
