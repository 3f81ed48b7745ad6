"""The OpenAPI paths and schemas of people, the organisation, deletion and sign-off (service/api/team.py)."""

from __future__ import annotations

from typing import Any

from ..removal import MAX_RETENTION_DAYS
from ..roles import ASSIGNABLE, LEVELS
from .openapi_parts import STR, TIME, choice, obj, op, path_param, problem_ref, ref

USER_ID = path_param("user_id", "User id (from GET /users)")
NAME = {**STR, "maxLength": 200}


def schemas() -> dict[str, Any]:
    return {
        "Organisation": obj(["id", "name", "retention_days"], id=STR, name=STR,
                            retention_days={"type": ["integer", "null"],
                                            "description": "Versions older than this are purged; null: kept for ever"}),
        "OrganisationPatch": {
            **obj(None, name={**NAME, "minLength": 1, "pattern": "\\S", "description": "Administrators only"},
                  retention_days={"type": ["integer", "null"], "minimum": 1, "maximum": MAX_RETENTION_DAYS}),
            "additionalProperties": False, "minProperties": 1,
        },
        "Person": obj(["id", "email", "name", "role", "role_label", "active"], id=STR, email=STR, name=STR,
                      role={**choice(LEVELS), "description": "buyer and supplier are older names; both act as reviewer"},
                      role_label=STR, active={"type": "boolean"}, created_at=TIME),
        "PersonList": obj(["items"], items={"type": "array", "items": ref("Person")}),
        "NewPerson": {**obj(["email"], email={**STR, "format": "email", "pattern": "^[^@]+@[^@]+$", "maxLength": 320},
                            name=NAME, role={**choice(ASSIGNABLE), "default": "reviewer"}),
                      "additionalProperties": False},
        "PersonPatch": {**obj(None, role=choice(LEVELS), active={"type": "boolean", "description": "false disables the "
                              "account: its sessions end and its tokens are revoked at once"}, name=NAME),
                        "additionalProperties": False, "minProperties": 1},
        "PersonWithPassword": obj(["user", "temporary_password"], user=ref("Person"),
                                  temporary_password={**STR, "description": "Shown once; pass it on to the person"}),
        "PasswordChange": {**obj(["current_password", "new_password"], current_password={**STR, "minLength": 1},
                                 new_password={**STR, "minLength": 1}), "additionalProperties": False},
        "Approval": obj(["approved_by", "approved_at", "rule_pack"], approved_by={"type": ["string", "null"]},
                        approved_by_name={"type": ["string", "null"]}, approved_at=TIME,
                        rule_pack={**STR, "description": "Digest of the rule pack the findings came from"},
                        job_id={"type": ["string", "null"]}),
        "SignOff": obj(["version_id", "approval", "ready", "blocking_findings"], version_id=STR,
                       approval={"oneOf": [ref("Approval"), {"type": "null"}]},
                       ready={"type": "boolean", "description": "Not approved yet and nothing in the way"},
                       blocking_findings={"type": "array", "items": ref("Finding"),
                                          "description": "Error-level findings not dismissed"}),
    }


def _deleted(op_id: str, summary: str, param: dict[str, Any]) -> dict[str, Any]:
    return {"operationId": op_id, "summary": summary, "parameters": [param],
            "responses": {"204": {"description": "Deleted"}, **{c: problem_ref(c) for c in ("401", "403", "404", "409")}}}


def paths() -> dict[str, Any]:
    json = "application/json"
    return {
        "/organisation": {
            "get": op("getOrganisation", "Your organisation: name and retention setting", "200", ref("Organisation")),
            "patch": op("updateOrganisation", "Rename the organisation (administrators) and/or set how many days "
                        "versions are kept (managers)", "200", ref("Organisation"), ("400", "403"),
                        body={json: {"schema": ref("OrganisationPatch")}}),
        },
        "/users": {
            "get": op("listPeople", "Everyone in your organisation", "200", ref("PersonList")),
            "post": op("addPerson", "Add a person to your organisation with a temporary password (administrators); "
                       "409 email-taken if the address has an account", "201", ref("PersonWithPassword"),
                       ("400", "403", "409"), body={json: {"schema": ref("NewPerson")}}),
        },
        "/users/{user_id}": {
            "get": op("getPerson", "One person of your organisation", "200", ref("Person"), ("404",), [USER_ID]),
            "patch": op("updatePerson", "Change a person's role or name, or disable or enable the account "
                        "(administrators); 409 last-admin if it would leave no active administrator", "200",
                        ref("Person"), ("400", "403", "404", "409"), [USER_ID],
                        body={json: {"schema": ref("PersonPatch")}}),
        },
        "/users/{user_id}/password-reset": {
            "post": op("resetPassword", "A new temporary password for the person (administrators); their browser "
                       "sessions end", "200", ref("PersonWithPassword"), ("403", "404"), [USER_ID]),
        },
        "/account/password": {
            "post": {**op("changeOwnPassword", "Change your own password (the password policy applies; 403 "
                          "wrong-password if the current one is wrong); your browser sessions end", "204", {},
                          ("400", "403"), body={json: {"schema": ref("PasswordChange")}}),
                     "responses": {"204": {"description": "Changed"},
                                   **{c: problem_ref(c) for c in ("400", "401", "403")}}},
        },
        "/documents/{document_id}": {
            "delete": _deleted("deleteDocument", "Delete a document, its versions, findings, reports and decisions "
                               "(managers; 409 job-running while a version is being checked); the audit record stays",
                               path_param("document_id", "Document id")),
        },
        "/versions/{version_id}": {
            "delete": _deleted("deleteVersion", "Delete a version, its findings, reports and file (unless another "
                               "version has the same file; managers; 409 job-running while it is being checked)",
                               path_param("version_id", "Version id")),
        },
        "/versions/{version_id}/approval": {
            "get": op("getApproval", "The version's sign-off for publication and the error-level findings still "
                      "open or confirmed", "200", ref("SignOff"), ("404",), [path_param("version_id", "Version id")]),
            "post": op("approveVersion", "Approve the version as ready to publish (managers). 409 errors-open while an "
                       "error-level finding is open or confirmed, not-ready without a finished check, "
                       "already-approved", "201", ref("SignOff"), ("403", "404", "409"),
                       [path_param("version_id", "Version id")]),
        },
    }
