"""The readiness endpoints' part of the OpenAPI document (merged into openapi.PATHS/SCHEMAS).

Kept beside openapi.py rather than in it so that file stays readable; the helpers are imported
lazily because openapi.py imports this module at its end.
"""

from __future__ import annotations

from typing import Any

from tenderlint.readiness import JSON_SCHEMA, load_checklist
from tenderlint.readiness.definitions import RAG_VALUES

from .openapi_parts import INT, PAGING, STR, TIME, URL, nullable, obj, op, page_of, path_param, query, ref

EXPORT_FORMATS = ("json", "csv", "html")


def _export_schema(item_ids: list[str]) -> dict[str, Any]:
    """The export format as the core defines it, with what the service adds on import: the ratings'
    keys limited to this checklist's item ids, and links limited to web addresses (each a 422)."""
    export = {k: v for k, v in JSON_SCHEMA.items() if k != "$schema"}
    ratings = export["properties"]["ratings"]
    rating = ratings["additionalProperties"]
    links = {"type": "array", "items": {"type": "string", "pattern": "^https?://"}}
    rating = {**rating, "properties": {**rating["properties"], "links": links}}
    ratings = {**ratings, "propertyNames": {"enum": item_ids}, "additionalProperties": rating}
    return {**export, "properties": {**export["properties"], "ratings": ratings}}


def schemas() -> dict[str, Any]:
    item_ids = sorted(load_checklist().item_ids())

    counts = {"type": "object", "properties": {r: INT for r in RAG_VALUES}}
    date = {"type": "string", "format": "date"}
    return {
        "ReadinessExport": _export_schema(item_ids),
        "ReadinessSummary": obj(
            ["as_of", "factor_counts", "practice_counts", "question_counts", "priorities"],
            as_of=date, factor_counts=counts, practice_counts=counts, question_counts=counts,
            priorities={"type": "array", "items": obj(
                ["item_id", "title", "rag", "reason", "overdue"], item_id=STR, title=STR, rag=STR,
                reason={"enum": ["red", "overdue", "amber"]}, overdue={"type": "boolean"},
                target_date={"type": ["string", "null"]}, owner=STR, next_action=STR)},
        ),
        "ReadinessAssessment": obj(
            ["id", "url", "date", "status", "created_at", "updated_at", "export_urls", "summary"],
            id=STR, url=URL, date=date, status={"enum": ["draft", "signed_off"]},
            created_by={"type": ["string", "null"]}, signed_off_by={"type": ["string", "null"], "description": "User id"},
            signed_off_at=TIME, created_at=TIME, updated_at=TIME, copied_from={"type": ["string", "null"]},
            imported={"type": "boolean", "description": "Made from an imported file: always a draft, whatever sign-off "
                      "the file claims"},
            export_urls={"type": "object", "additionalProperties": URL},
            summary=ref("ReadinessSummary"),
            assessment={**ref("ReadinessExport"), "description": "The export document (not in lists)"},
        ),
        "ReadinessAssessmentPage": page_of("ReadinessAssessment"),
        "ReadinessCreate": {**obj(
            date={**date, "description": "Defaults to today"}, notes=STR,
            copy_from={**STR, "description": "Start from this signed-off assessment instead of an empty one"},
        ), "additionalProperties": False},
        "ReadinessPatch": {**obj(
            date=date, notes=STR,
            ratings={"type": "object", "description": "Item id -> rating fields to change (merged), or null to remove",
                     "propertyNames": {"enum": item_ids},
                     "additionalProperties": nullable({"type": "object"})},
        ), "additionalProperties": False},
        "ReadinessComparison": obj(
            ["old", "new", "older_date", "newer_date", "changes", "overdue"], old=STR, new=STR, older_date=date,
            newer_date=date, overdue={"type": "array", "items": {"type": "object"}},
            changes={"type": "array", "items": obj(
                ["item_id", "title", "before", "after", "movement"], item_id=STR, title=STR, before=STR, after=STR,
                movement={"enum": ["improved", "worsened", "unchanged", "added", "removed"]})},
        ),
        "ReadinessEvidence": obj(
            ["as_of", "since", "documents", "with_sme_barrier", "share", "trend", "suggested_rating"],
            as_of=date, since=date, documents=INT, with_sme_barrier=INT, share={"type": ["number", "null"]},
            top_rules={"type": "array", "items": obj(["rule_id", "documents"], rule_id=STR, documents=INT)},
            top_families={"type": "array", "items": obj(["family", "documents"], family=STR, documents=INT)},
            months={"type": "array", "items": obj(["month", "documents", "with_sme_barrier"], month=STR, documents=INT,
                                                  with_sme_barrier=INT)},
            trend={"enum": ["improving", "worsening", "steady", "unknown"]},
            by_question={"type": "array", "items": obj(["question_id", "documents"], question_id=STR, documents=INT)},
            suggested_rating=obj(["rag", "reasons"], rag={"enum": list(RAG_VALUES)},
                                 reasons={"type": "array", "items": STR}, note=STR),
        ),
    }


def paths() -> dict[str, Any]:

    one = ref("ReadinessAssessment")
    aid = path_param("assessment_id", "Readiness assessment id")
    json_body = {"application/json": {"schema": ref("ReadinessCreate")}}
    export = {"application/json": {"schema": ref("ReadinessExport")}, "text/csv": {"schema": {"type": "string"}},
              "text/html": {"schema": {"type": "string"}}}
    base = "/readiness/assessments"
    return {
        base: {
            "get": op("listReadinessAssessments", "The organisation's readiness assessments, newest first (without "
                      "the export)", "200", ref("ReadinessAssessmentPage"), ("400",), PAGING),
            "post": {**op("createReadinessAssessment", "Start a draft assessment (empty, or copied from a signed-off one)",
                          "201", one, ("400", "403", "404", "409", "422")),
                     "requestBody": {"required": False, "content": json_body}},
        },
        f"{base}/{{assessment_id}}": {
            "get": op("getReadinessAssessment", "One assessment with its export and summary", "200", one, ("404",), [aid]),
            "patch": op("updateReadinessAssessment", "Change ratings, notes or date of a draft (buyers and managers)", "200",
                        one, ("400", "403", "404", "409", "422"), [aid],
                        body={"application/json": {"schema": ref("ReadinessPatch")}}),
        },
        f"{base}/{{assessment_id}}/sign-off": {
            "post": op("signOffReadinessAssessment", "Sign off a draft (managers only); it becomes read-only", "200", one,
                       ("403", "404", "409"), [aid]),
        },
        f"{base}/{{assessment_id}}/copy": {
            "post": {**op("copyReadinessAssessment", "Start a new draft from a signed-off assessment", "201", one,
                          ("400", "403", "404", "409", "422"), [aid]),
                     "requestBody": {"required": False, "content": json_body}},
        },
        f"{base}/{{assessment_id}}/export": {
            "get": op("exportReadinessAssessment", "Download the assessment as JSON (the import format), CSV or printable HTML",
                      "200", export, ("400", "404"),
                      [aid, query("format", "Export format", {"enum": list(EXPORT_FORMATS), "default": "json"})]),
        },
        f"{base}/import": {
            "post": op("importReadinessAssessment", "Store a JSON export as a new draft assessment of your organisation, "
                       "marked as imported (a sign-off in the file is kept as a claim in the audit record, never taken as "
                       "a sign-off; such a file is a manager's to import)", "201", one,
                       ("400", "403", "422"), body={"application/json": {"schema": ref("ReadinessExport")}}),
        },
        "/readiness/compare": {
            "get": op("compareReadinessAssessments", "What moved between two assessments, and what is overdue", "200",
                      ref("ReadinessComparison"), ("400", "404"),
                      [{**query("old", "Id of the older assessment"), "required": True},
                       {**query("new", "Id of the newer assessment"), "required": True}]),
        },
        "/readiness/template": {
            "get": op("getReadinessTemplate", "The checklist definition, with the export format's JSON Schema", "200",
                      {"type": "object"}),
        },
        "/readiness/evidence": {
            "get": op("getReadinessEvidence", "Evidence for the procurement section from linted tenders, and a suggested "
                      "rating (you decide)", "200", ref("ReadinessEvidence"), ("400", "422"),
                      [query("as_of", "Last day of the 12-month window (default today)", {"type": "string", "format": "date"})]),
        },
    }
