"""GET /openapi.json: the OpenAPI 3.1 description of this API.

Written by hand next to the views (not generated) so it carries real descriptions; a test walks
Flask's url_map and fails if a route and this document disagree.
"""

from __future__ import annotations

from typing import Any

from tenderlint.report import assumed

from ..problems import PROBLEM_JSON
from ..serialize import REPORT_FORMATS
from ..triage import DISMISSAL_REASONS, STATUSES as REVIEW_STATUSES
from ..uploads import CONTEXT_KEYS
from . import portfolio_openapi, readiness_openapi, team_openapi
from . import bid_openapi
from . import packs_openapi
from .blueprint import bp
from .jobs import STATUSES
from ..paging import MAX_PAGE
from ..families import AUDIENCES, FAMILIES, SEVERITIES
from .openapi_parts import INT, PAGING, STR, TIME, URL, choice, nullable, obj, op, page_of, path_param, problem_ref, query, ref


SCHEMAS: dict[str, Any] = {
    "Problem": {
        **obj(
            ["type", "title", "status", "detail"],
            type={**URL, "description": "about:blank, or urn:tenderlint:problem:<code>"},
            title=STR,
            status=INT,
            detail=STR,
            instance=STR,
            code={**STR, "description": "Stable machine code (e.g. unsupported-format, empty-file, too-large, not-ready)"},
            job=ref("JobLink"),
        ),
        "additionalProperties": True,
    },
    "TokenRequest": obj(["email", "password"], email={**STR, "format": "email", "minLength": 1},
                        password={**STR, "minLength": 1}, label={**STR, "maxLength": 100}),
    "Token": obj(
        ["token", "token_type", "user"],
        token={**STR, "description": "Shown once; only its hash is stored"},
        token_type={"const": "Bearer"},
        user=obj(["id", "email", "role", "organisation_id"], id=STR, email=STR, role=STR, organisation_id=STR),
    ),
    "Upload": obj(
        ["file"],
        file={"type": "string", "contentMediaType": "application/octet-stream",
              "description": "PDF, DOCX, ODT, DOC, HTML, Markdown or text; the type is read from the content"},
        title={**STR, "maxLength": 300, "description": "New documents only; defaults to the file name"},
        value_total={"type": "number", "minimum": 0, "description": "Contract value over its whole term, GBP: a finite "
                     "amount (nan, inf and numbers too large for a float such as 1e309 are refused with 422)"},
        value_annual={"type": "number", "minimum": 0, "description": "Yearly value, GBP; finite, as value_total"},
        regime={"enum": ["pcr-2015", "pa-2023", "non-uk"]},
        profile={"enum": ["good-practice", "uk-pcr-2015", "uk-procurement-act-2023"]},
    ),
    "JobLink": obj(["id", "url"], id=STR, url=URL),
    "Progress": obj(["stage", "done", "total", "percent"], stage=STR, done=INT, total=INT,
                    percent={"type": "integer", "minimum": 0, "maximum": 100}),
    "Job": obj(
        ["id", "url", "status", "progress", "error", "timings", "version", "report_urls"],
        id=STR,
        url=URL,
        status={"enum": list(STATUSES)},
        progress=ref("Progress"),
        error=nullable(obj(["code", "message"], code=STR, message=STR)),
        attempts=INT,
        rule_pack={"type": ["string", "null"], "description": "Digest of the rule pack used"},
        timings=obj(
            ["queued_at", "started_at", "finished_at"],
            queued_at=TIME, started_at=TIME, finished_at=TIME,
            wait_ms={"type": ["integer", "null"]}, run_ms={"type": ["integer", "null"]},
            parse_ms={"type": ["integer", "null"]}, lint_ms={"type": ["integer", "null"]},
        ),
        version=obj(["id", "url"], id=STR, url=URL),
        report_urls={"type": "object", "additionalProperties": URL, "description": "Per format; empty until done"},
        given_facts=nullable({**obj(["facts", "given_by"], facts=ref("RecheckFacts"),
                                    given_by={"type": ["string", "null"], "description": "Id of the person who gave them"}),
                              "description": "A re-check's corrected facts (POST /versions/{id}/recheck); null otherwise"}),
    ),
    "RecheckFacts": {
        **obj(None,
              doc_types={"type": "array", "minItems": 1, "items": {"enum": list(assumed.DOC_TYPES)},
                         "description": "What kind of document it is"},
              regime={"enum": list(assumed.REGIMES)},
              procedure={"enum": list(assumed.PROCEDURES)},
              value_total={"type": "number", "minimum": 0, "description": "Contract value over its whole term, GBP"},
              term_years={"type": "number", "exclusiveMinimum": 0, "maximum": 100, "description": "Initial term in years"},
              is_it={"type": "boolean", "description": "Whether it is an IT contract"}),
        "minProperties": 1,
        "additionalProperties": False,
        "description": "Facts to check with, over the ones the document states; unknown names are refused (400 invalid-facts)",
    },
    "Version": obj(
        ["id", "url", "document_id", "number", "filename", "size", "sha256", "context", "created_at", "job"],
        id=STR,
        url=URL,
        document_id=STR,
        number=INT,
        filename=STR,
        size=INT,
        sha256=STR,
        context={"type": "object", "description": f"Overrides given at upload: {', '.join(CONTEXT_KEYS)}"},
        uploaded_by={"type": ["string", "null"]},
        created_at=TIME,
        findings_url=URL,
        report_urls={"type": "object", "additionalProperties": URL},
        job={**nullable(ref("Job")), "description": "The latest job"},
        document=obj(["id", "title", "url"], id=STR, title=STR, url=URL),
        approval={"oneOf": [ref("Approval"), {"type": "null"}], "description": "GET /versions/{id} only: its sign-off"},
    ),
    "Document": obj(
        ["id", "url", "title", "created_at", "version_count", "latest_version"],
        id=STR,
        url=URL,
        title=STR,
        created_by={"type": ["string", "null"]},
        created_at=TIME,
        version_count=INT,
        latest_version=nullable(ref("Version")),
        versions={"type": "array", "items": ref("Version"), "description": "GET /documents/{id} only"},
    ),
    "UploadResult": {
        "allOf": [
            ref("Document"),
            obj(["version", "job"], version=ref("Version"), job=ref("JobLink")),
        ]
    },
    "Finding": {
        **obj(
            ["id", "rule_id", "severity", "category", "message", "fingerprint", "review_status"],
            id=STR, rule_id=STR, severity=STR, category=STR, message=STR, quote=STR,
            page={"type": ["integer", "null"]}, clause={"type": ["string", "null"]},
            start=INT, end=INT, fingerprint=STR, review_status=STR, job_id=STR, version_id=STR,
        ),
        "description": "Also every field of the finding as in the JSON report (why, fix, sources, location, ...)",
        "additionalProperties": True,
    },
    "Review": obj(
        ["status", "reason", "reviewed_by", "reviewed_at"],
        status={"enum": list(REVIEW_STATUSES)}, reason={**STR, "description": "The comment (older name of `comment`)"},
        comment=STR, dismissal_reason={"oneOf": [choice(DISMISSAL_REASONS), {"type": "null"}]},
        reviewed_by={"type": ["string", "null"]}, reviewed_by_name={"type": ["string", "null"]}, reviewed_at=TIME,
        assignee_id={"type": ["string", "null"]}, assignee_name={"type": ["string", "null"]},
    ),
    "FindingWithReview": {
        "allOf": [ref("Finding"), obj(["review"], review={"oneOf": [ref("Review"), {"type": "null"}],
                                                            "description": "The decision on this finding's passage, null if none yet"})]
    },
    "QueuedFinding": {
        "allOf": [
            ref("Finding"),
            obj(["document", "version_number"], document=obj(["id", "title", "url"], id=STR, title=STR, url=URL),
                version_number=INT),
        ]
    },
    "ReviewRequest": {
        **obj(None, review_status={"enum": list(REVIEW_STATUSES)},
              dismissal_reason={**choice(DISMISSAL_REASONS), "description": "Why it is dismissed, from a fixed list"},
              comment={**STR, "maxLength": 2000, "description": "An optional comment kept with the decision"},
              reason={**STR, "maxLength": 2000, "description": "Older name of `comment` (a reason code here is taken "
                      "as dismissal_reason)"},
              assignee_id={"type": ["string", "null"], "description": "A person of your organisation, or null"}),
        "additionalProperties": False,
        "anyOf": [{"required": ["review_status"]}, {"required": ["assignee_id"]}],
        "not": {"required": ["comment", "reason"]},
        # what decide() refuses: dismissing without a reason code or a comment that has some text
        "if": {"properties": {"review_status": {"const": "dismissed"}}, "required": ["review_status"]},
        "then": {"anyOf": [{"required": ["dismissal_reason"]},
                           {"required": ["comment"], "properties": {"comment": {"pattern": "\\S"}}},
                           {"required": ["reason"], "properties": {"reason": {"pattern": "\\S"}}}]},
    },
    "BulkReviewResult": obj(["updated", "ids"], updated=INT, ids={"type": "array", "items": STR}),
    "Changes": obj(
        ["version", "previous_version", "new", "gone", "unchanged"],
        version=obj(["id", "number"], id=STR, number=INT), previous_version=obj(["id", "number"], id=STR, number=INT),
        new={"type": "array", "items": ref("Finding")}, gone={"type": "array", "items": ref("Finding")}, unchanged=INT,
    ),
    "Question": obj(
        ["number", "rule_id", "where", "quote", "question"],
        number=INT, rule_id=STR, rule_name=STR, where={**STR, "description": "Section path, clause and page; empty for the whole document"},
        quote=STR, question=STR, finding_id={"type": ["string", "null"]},
    ),
    "QuestionList": obj(["items", "total", "job"], items={"type": "array", "items": ref("Question")}, total=INT, job=ref("JobLink")),
    "TokenInfo": obj(
        ["id", "label", "created_at", "last_used_at", "revoked_at", "current"],
        id=STR, label=STR, created_at=TIME, last_used_at=TIME, revoked_at=TIME,
        current={"type": "boolean", "description": "The token this request was made with"},
    ),
    "TokenList": obj(["items"], items={"type": "array", "items": ref("TokenInfo")}),
    "Rule": obj(
        ["id", "name", "severity", "category", "message"],
        id=STR, name=STR, status=STR, severity=STR, category=STR,
        implements={"type": "array", "items": STR}, audiences={"type": "array", "items": STR},
        doc_types={"type": "array", "items": STR}, jurisdiction=STR, kind=STR, message=STR, why=STR, fix=STR,
        sources={"type": "array", "items": {"type": "object"}},
        examples=obj(bad={"type": "array", "items": STR}, good={"type": "array", "items": STR}),
    ),
    "RuleList": obj(["items", "total", "pack_digest"], items={"type": "array", "items": ref("Rule")}, total=INT, pack_digest=STR),
    "DocumentPage": page_of("Document"),
    "VersionPage": page_of("Version"),
    "JobPage": page_of("Job"),
    "FindingPage": {"allOf": [page_of("Finding"), obj(["job"], job=ref("JobLink"))]},
    "QueuedFindingPage": page_of("QueuedFinding"),
}

PROBLEMS = {
    "400": "Malformed request: bad JSON, wrong content type, missing or empty file, or a bad query parameter: "
           "a value outside its enum or bounds (page 1 to " f"{MAX_PAGE:,}" ", per_page 1 to 100), a non-digit number, "
           "an empty value (`?status=`, code empty-parameter) or a parameter repeated (code repeated-parameter)",
    "401": "No valid bearer token",
    "403": "Your role does not allow this (code forbidden)",
    "404": "Not found, or it belongs to another organisation",
    "405": "Method not allowed",
    "409": "Not possible in the current state: the version has no finished lint job yet (see `job` to poll), "
           "or the readiness assessment is signed off",
    "413": "File over the upload limit",
    "415": "The file's content is not a supported document type",
    "422": "A field has an invalid value (`field` names it for readiness assessments)",
    "429": "Too many wrong passwords for this email address (`Retry-After` says when to try again)",
    "500": "Internal error",
    "503": "The job queue did not answer: the file is stored and its job (`job`) will be queued when the queue is "
           "back, so do not upload it again (code queue-unavailable, `Retry-After`)",
}
RESPONSES = {code: {"description": text, "content": {PROBLEM_JSON: {"schema": ref("Problem")}}} for code, text in PROBLEMS.items()}


DOC_ID = path_param("document_id", "Document id")
VERSION_ID = path_param("version_id", "Version id")
FINDING_ID = path_param("finding_id", "Finding id")


UPLOAD_BODY = {"multipart/form-data": {"schema": ref("Upload"), "encoding": {"file": {"contentType": "application/octet-stream"}}}}
UPLOAD_ERRORS = ("400", "413", "415", "422", "503")
REPORT_CONTENT = {
    "application/json": {"schema": {"type": "object", "description": "tenderlint JSON report"}},
    "application/sarif+json": {"schema": {"type": "object", "description": "SARIF 2.1.0 log"}},
    "text/csv": {"schema": STR},
    "text/html": {"schema": STR},
}
FINDING_FILTERS = [
    query("severity", "Only findings with this severity", choice(SEVERITIES)),
    query("rule_id", "Only findings of this rule (e.g. PP-RISK-001)"),
    query("category", "Only findings of this rule family", choice(FAMILIES)),
    query("review_status", "Only findings with this decision", choice(REVIEW_STATUSES)),
]

PATHS: dict[str, Any] = {
    "/tokens": {"post": op("createToken", "Create an API token", "201", ref("Token"), ("400", "401", "429"), public=True,
                           body={"application/json": {"schema": ref("TokenRequest")}}),
                "get": op("listTokens", "Your API tokens, newest first (ids and labels; token values are never stored)", "200",
                          ref("TokenList"))},
    "/tokens/{token_id}": {
        "delete": {
            "operationId": "revokeToken",
            "summary": "Revoke one of your tokens; it stops working at once",
            "parameters": [path_param("token_id", "Token id (from GET /tokens)")],
            "responses": {"204": {"description": "Revoked"}, "401": problem_ref("401"), "404": problem_ref("404")},
        },
    },
    "/documents": {
        "get": op("listDocuments", "List the organisation's documents, newest first", "200", ref("DocumentPage"), ("400",), PAGING),
        "post": op("createDocument", "Upload a new document (its first version) and queue its lint (not read-only users)",
                   "201", ref("UploadResult"), (*UPLOAD_ERRORS, "403"), body=UPLOAD_BODY),
    },
    "/documents/{document_id}": {
        "get": op("getDocument", "A document with all its versions", "200", ref("Document"), ("404",), [DOC_ID]),
    },
    "/documents/{document_id}/versions": {
        "get": op("listVersions", "A document's versions, newest first", "200", ref("VersionPage"), ("400", "404"), [DOC_ID, *PAGING]),
        "post": op("createVersion", "Upload a new version of a document and queue its lint (not read-only users)", "201",
                   ref("UploadResult"), (*UPLOAD_ERRORS, "403", "404"), [DOC_ID], body=UPLOAD_BODY),
    },
    "/versions/{version_id}": {
        "get": op("getVersion", "A version with its latest job", "200", ref("Version"), ("404",), [VERSION_ID]),
    },
    "/versions/{version_id}/report": {
        "get": op("getReport", "The report of the version's latest finished job", "200", REPORT_CONTENT, ("400", "404", "409"),
                  [VERSION_ID, query("format", "Report format", {"enum": list(REPORT_FORMATS), "default": "json"})]),
    },
    "/versions/{version_id}/report.{fmt}": {
        "get": op("getReportAs", "The report in the format named by the extension", "200", REPORT_CONTENT, ("404", "409"),
                  [VERSION_ID, {**path_param("fmt", "Report format"), "schema": {"enum": list(REPORT_FORMATS)}}]),
    },
    "/versions/{version_id}/annotated": {
        "get": op("getAnnotatedDocument", "The uploaded DOCX with a Word comment on each finding's passage (message, why, "
                  "fix, rule id, link), or the PDF with a highlight and note per finding; dismissed findings left out. "
                  "415 cannot-annotate for other formats", "200",
                  {"application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"schema": {"type": "string", "format": "binary"}},
                   "application/pdf": {"schema": {"type": "string", "format": "binary"}}}, ("400", "404", "409", "415"),
                  [VERSION_ID, query("severity", "all (default), or serious: errors and warnings only",
                                     {"enum": ["all", "serious"], "default": "all"})]),
    },
    "/versions/{version_id}/findings": {
        "get": op("listFindings", "Findings of the version's latest finished job", "200", ref("FindingPage"),
                  ("400", "404", "409"), [VERSION_ID, *FINDING_FILTERS, *PAGING]),
    },
    "/findings": {
        "get": op("listOrganisationFindings",
                  "Triage queue: the current findings of every document (newest linted version), most severe first",
                  "200", ref("QueuedFindingPage"), ("400",),
                  [*FINDING_FILTERS, query("document_id", "Only this document's findings"), *PAGING]),
    },
    "/findings/{finding_id}": {
        "get": op("getFinding", "One finding with the decision on it", "200", ref("FindingWithReview"), ("404",), [FINDING_ID]),
        "patch": op("reviewFinding", "Confirm, dismiss (with a reason) or reopen a finding; the decision carries over "
                    "to later versions that still contain the passage; and/or assign it to a person (assignee_id; 404 "
                    "assignee-not-found if no active person of your organisation has it). "
                    "Reviewers, managers and admins only", "200", ref("FindingWithReview"), ("400", "403", "404"),
                    [FINDING_ID], body={"application/json": {"schema": ref("ReviewRequest")}}),
    },
    "/documents/{document_id}/findings/bulk-review": {
        "post": op("bulkReviewFindings", "One decision and/or assignee for every current finding of the document "
                   "that the filters select, e.g. dismiss all findings of one rule with one reason. assignee_id of no "
                   "active person of your organisation: 404 assignee-not-found. Reviewers, managers and admins only",
                   "200", ref("BulkReviewResult"), ("400", "403", "404"), [DOC_ID, *FINDING_FILTERS],
                   body={"application/json": {"schema": ref("ReviewRequest")}}),
    },
    "/versions/{version_id}/changes": {
        "get": op("getChanges", "Findings new in this version and the previous version's findings it no longer has "
                  "(matched by fingerprint); 409 no-previous when there is no earlier linted version", "200",
                  ref("Changes"), ("404", "409"), [VERSION_ID]),
    },
    "/versions/{version_id}/questions": {
        "get": op("listQuestions", "Clarification questions a supplier could send, drafted from the findings for suppliers "
                  "(dismissed findings left out); Markdown or text with format=md|text", "200",
                  {"application/json": {"schema": ref("QuestionList")}, "text/markdown": {"schema": STR},
                   "text/plain": {"schema": STR}}, ("400", "404", "409"),
                  [VERSION_ID, query("format", "json (default), md or text", {"enum": ["json", "md", "text"], "default": "json"}),
                   query("review_status", "Only findings with this decision (e.g. confirmed)", choice(REVIEW_STATUSES))]),
    },
    "/jobs": {
        "get": op("listJobs", "The organisation's lint jobs, newest first", "200", ref("JobPage"), ("400",),
                  [query("status", "Only jobs in this status", {"enum": list(STATUSES)}),
                   query("version_id", "Only jobs of this version"), *PAGING]),
    },
    "/jobs/{job_id}": {
        "get": op("getJob", "A job's status, progress, error and timings", "200", ref("Job"), ("404",),
                  [path_param("job_id", "Job id")]),
    },
    "/jobs/{job_id}/report": {
        "get": op("getJobReport", "This job's own report (an earlier check stays readable after a re-check); "
                  "409 not-ready until the job is done", "200", REPORT_CONTENT, ("400", "404", "409"),
                  [path_param("job_id", "Job id"),
                   query("format", "Report format", {"enum": list(REPORT_FORMATS), "default": "json"})]),
    },
    "/versions/{version_id}/recheck": {
        "post": op("recheckVersion", "Check the version again, without uploading it, with corrected facts over the "
                   "ones its document states (the report lists them as given, and by whom); the earlier report stays. "
                   "Reviewers, managers and admins only", "202", ref("Job"), ("400", "403", "404"), [VERSION_ID],
                   body={"application/json": {"schema": ref("RecheckFacts")}}),
    },
    "/rules": {
        "get": op("listRules", "The rules of the default rule pack", "200", ref("RuleList"), ("400",),
                  [query("severity", "Only rules with this severity", choice(SEVERITIES)),
                   query("category", "Only rules of this family", choice(FAMILIES)),
                   query("status", "Only rules with this status (e.g. stable)"),
                   query("audience", "Only rules for this reader", choice(AUDIENCES))]),
    },
    "/rules/{rule_id}": {
        "get": op("getRule", "One rule's documentation (JSON, or Markdown with format=md)", "200",
                  {"application/json": {"schema": ref("Rule")}, "text/markdown": {"schema": STR}}, ("400", "404"),
                  [path_param("rule_id", "Rule id (PP-RISK-001) or name"),
                   query("format", "json (default) or md", {"enum": ["json", "md"], "default": "json"})]),
    },
    "/openapi.json": {
        "get": op("getOpenApi", "This OpenAPI document", "200", {"type": "object"}, public=True),
    },
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "tenderlint API",
        "version": "1.0.0",
        "description": "Upload procurement documents, follow their lint jobs, read reports and findings. "
        "Errors are RFC 9457 problem documents (application/problem+json).",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerAuth": []}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "Token from POST /tokens"}},
        "schemas": SCHEMAS,
        "responses": {f"Problem{code}": response for code, response in RESPONSES.items()},
    },
}

PATHS.update(readiness_openapi.paths())
SCHEMAS.update(readiness_openapi.schemas())
PATHS.update(bid_openapi.paths())
SCHEMAS.update(bid_openapi.schemas())
for _path, _operations in team_openapi.paths().items():  # adds DELETE to paths listed above
    PATHS.setdefault(_path, {}).update(_operations)
SCHEMAS.update(team_openapi.schemas())
PATHS.update(portfolio_openapi.paths())
SCHEMAS.update(portfolio_openapi.schemas())
PATHS.update(packs_openapi.paths())
SCHEMAS.update(packs_openapi.schemas())


@bp.get("/openapi.json")
def openapi_document() -> Any:
    return DOCUMENT
