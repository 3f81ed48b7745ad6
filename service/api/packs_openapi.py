"""The OpenAPI paths and schemas of tender packs (service/api/packs.py)."""

from __future__ import annotations

from typing import Any

from ..pack_models import PackStatus
from ..triage import DISMISSAL_REASONS, MAX_REASON, STATUSES as REVIEW_STATUSES
from .openapi_parts import INT, PAGING, STR, TIME, URL, choice, obj, op, page_of, path_param, ref

PACK_ID = path_param("pack_id", "Pack id (from GET /packs)")
NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1},
          "description": "Version number of the pack, from 1"}
STATUSES = (PackStatus.READING, PackStatus.LINTING, PackStatus.JUDGING, PackStatus.DONE, PackStatus.FAILED)
NULLABLE_URL = {"type": ["string", "null"], "format": "uri-reference"}
LINK = obj(["id", "url"], id=STR, url=URL)
COUNTS = obj(["error", "warning", "info"], error=INT, warning=INT, info=INT)
REFUSED = obj(["name", "code", "message"], name=STR, code=STR, message=STR)
BODY = {"multipart/form-data": {"schema": ref("PackUpload"), "encoding": {"file": {"contentType": "application/octet-stream"}}}}
UPLOAD_ERRORS = ("400", "403", "413", "422")


def schemas() -> dict[str, Any]:
    return {
        "PackUpload": obj(
            ["file"],
            file={"type": "array", "minItems": 1, "items": {"type": "string", "contentMediaType": "application/octet-stream"},
                  "description": "The tender's documents, one 'file' part each, or one zip of them (its hostile or "
                                 "non-document members are refused one by one; the rest is checked)"},
            title={**STR, "maxLength": 300, "description": "New packs only; defaults to the zip's name or 'N files'"},
            value_total={"type": "number", "minimum": 0, "description": "Contract value over its whole term, GBP (every document)"},
            value_annual={"type": "number", "minimum": 0},
            regime={"enum": ["pcr-2015", "pa-2023", "non-uk"]},
            profile={"enum": ["good-practice", "uk-pcr-2015", "uk-procurement-act-2023"]},
        ),
        "PackDocument": obj(
            ["name", "document", "version", "job", "error", "findings"], name=STR,
            document={"oneOf": [LINK, {"type": "null"}]},
            version={"oneOf": [obj(["id", "number", "url"], id=STR, number=INT, url=URL), {"type": "null"}]},
            job={"oneOf": [obj(["id", "url", "status", "stage"], id=STR, url=URL, status=STR, stage=STR), {"type": "null"}]},
            error={"oneOf": [obj(["code", "message"], code=STR, message=STR), {"type": "null"}]},
            findings=COUNTS,
        ),
        "PackVersion": obj(
            ["number", "url", "status", "source", "created_at", "finished_at", "report_url", "comparison_url", "refused"],
            number=INT, url=URL, status=choice(STATUSES, description="reading: documents' facts being read; linting: "
                                               "documents checked with the pack's facts; judging: the pack report"),
            source=STR, created_at=TIME, finished_at=TIME, report_url=NULLABLE_URL, comparison_url=NULLABLE_URL,
            refused={"type": "array", "items": REFUSED, "description": "Files refused before any check"},
            documents={"type": "array", "items": ref("PackDocument")},
            scores={"type": ["object", "null"]},
        ),
        "Pack": obj(
            ["id", "url", "title", "created_at", "latest_version"], id=STR, url=URL, title=STR, created_at=TIME,
            latest_version={"oneOf": [ref("PackVersion"), {"type": "null"}]},
            versions={"type": "array", "items": ref("PackVersion")},
        ),
        "PackPage": page_of("Pack"),
        "PackReport": obj(
            ["pack", "findings", "rule_results", "lacks", "refused", "document_reports"],
            pack=obj(["id", "title", "version"], id=STR, title=STR, version=INT),
            name=STR, documents={"type": "array"}, context={"type": "object"},
            findings={"type": "array", "items": ref("PackFinding")},
            rule_results={"type": "array"}, lacks={"type": "array", "items": STR}, scores={"type": "object"},
            refused={"type": "array", "items": REFUSED},
            document_reports={"type": "array", "items": obj(["name", "report_url"], name=STR, report_url=URL)},
        ),
        "PackFinding": {
            **obj(["kind", "document", "rule_id", "fingerprint", "others", "review_status", "review"],
                  kind=choice(("absence", "consistency")), document=STR, rule_id=STR, fingerprint=STR,
                  others={"type": "array", "items": {"type": "object"}, "description": "The other documents' passages"},
                  review_status=choice(REVIEW_STATUSES),
                  review={"oneOf": [ref("Review"), {"type": "null"}], "description": "The decision, null if none yet"}),
            "description": "A finding (as in a document report) placed on one document of the pack, with the decision "
                           "on it (kept per pack and fingerprint, so it holds for later versions of the pack)",
        },
        "PackReviewRequest": {
            **obj(["review_status"], review_status=choice(REVIEW_STATUSES),
                  dismissal_reason={**choice(DISMISSAL_REASONS), "description": "Why it is dismissed, from a fixed list"},
                  comment={**STR, "maxLength": MAX_REASON, "description": "An optional comment kept with the decision"},
                  reason={**STR, "maxLength": MAX_REASON, "description": "Older name of `comment`"}),
            "additionalProperties": False,
            "not": {"required": ["comment", "reason"]},
            # what check_decision refuses: dismissing without a reason code or a comment that has some text
            "if": {"properties": {"review_status": {"const": "dismissed"}}, "required": ["review_status"]},
            "then": {"anyOf": [{"required": ["dismissal_reason"]},
                               {"required": ["comment"], "properties": {"comment": {"pattern": "\\S"}}},
                               {"required": ["reason"], "properties": {"reason": {"pattern": "\\S"}}}]},
        },
        "PackComparison": obj(
            ["previous_version", "new", "gone", "kept", "counts"], previous_version=INT,
            new={"type": "array", "items": {"type": "object"}}, gone={"type": "array", "items": {"type": "object"}},
            kept=INT, counts=obj(["new", "gone", "kept"], new=INT, gone=INT, kept=INT),
        ),
    }


def paths() -> dict[str, Any]:
    version = [PACK_ID, NUMBER]
    finding = [*version, path_param("fingerprint", "The finding's fingerprint, as the pack report gives it")]
    return {
        "/packs": {
            "get": op("listPacks", "The organisation's tender packs, newest first", "200", ref("PackPage"), ("400",), PAGING),
            "post": op("createPack", "Upload a tender pack (several files or one zip) and queue its documents' checks "
                       "(not read-only users)", "201", ref("Pack"), UPLOAD_ERRORS, body=BODY),
        },
        "/packs/{pack_id}": {
            "get": op("getPack", "A pack with all its versions", "200", ref("Pack"), ("404",), [PACK_ID]),
        },
        "/packs/{pack_id}/versions": {
            "post": op("createPackVersion", "Upload the pack again as its next version: documents matched by name, then "
                       "content (not read-only users)", "201", ref("Pack"), (*UPLOAD_ERRORS, "404"), [PACK_ID], body=BODY),
        },
        "/packs/{pack_id}/versions/{number}": {
            "get": op("getPackVersion", "A pack version's status, with each document's job and findings counts", "200",
                      ref("PackVersion"), ("404",), version),
        },
        "/packs/{pack_id}/versions/{number}/report": {
            "get": op("getPackReport", "The pack report: absences judged once, inconsistencies across documents, "
                      "missing kinds of document; 409 until every document is checked", "200", ref("PackReport"),
                      ("404", "409"), version),
        },
        "/packs/{pack_id}/versions/{number}/findings/{fingerprint}": {
            "get": op("getPackFinding", "One finding of the pack report with the decision on it", "200", ref("PackFinding"),
                      ("404",), finding),
            "patch": op("reviewPackFinding", "Confirm, dismiss (with a reason) or reopen a pack finding; the decision "
                        "carries over to later versions of the pack that still have it. Reviewers, managers and admins "
                        "only", "200", ref("PackFinding"), ("400", "403", "404"), finding,
                        body={"application/json": {"schema": ref("PackReviewRequest")}}),
        },
        "/packs/{pack_id}/versions/{number}/comparison": {
            "get": op("getPackComparison", "Findings new in this version, gone since the previous one, and kept, over "
                      "every document and the pack's own; 409 without a checked previous version", "200",
                      ref("PackComparison"), ("404", "409"), version),
        },
    }
