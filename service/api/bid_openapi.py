"""The OpenAPI part of the supplier profile and "Can we bid?" (service/api/bid.py): merged into
openapi.PATHS/SCHEMAS. PROFILE is also what `PUT /profile` checks a body against, so the document
and the endpoint cannot disagree on what a profile may hold."""

from __future__ import annotations

from typing import Any

from tenderlint.gates import INSURANCE_TYPES, STATUS_LABELS, GateKind

from .openapi_parts import INT, STR, TIME, URL, nullable, obj, op, path_param, ref

MONEY = {"type": "number", "minimum": 0, "description": "Pounds"}
NAMES = {"type": ["array", "null"], "items": {"type": "string", "maxLength": 200}, "maxItems": 100}
PROFILE: dict[str, Any] = {
    **obj(
        turnover={"type": ["array", "null"], "items": MONEY, "minItems": 1, "maxItems": 2,
                  "description": "The last one or two years' turnover, most recent first; null: not said"},
        insurance={"type": ["object", "null"], "propertyNames": {"enum": list(INSURANCE_TYPES)},
                   "additionalProperties": {**MONEY, "type": ["number", "null"]},
                   "description": "Cover held per claim, per insurance type; a type left out is not held; "
                                  "null: not said"},
        certifications={**NAMES, "description": "Certifications held (e.g. ISO 9001, Cyber Essentials); null: not said"},
        years_trading={"type": ["number", "null"], "minimum": 0, "maximum": 1000},
        staff={"type": ["integer", "null"], "minimum": 0, "maximum": 10_000_000},
        sectors=NAMES,
        consortium={"type": ["boolean", "null"], "description": "Would bid with partners or subcontractors"},
    ),
    "additionalProperties": False,
    "description": "A field left out or null is not said: gates about it are unknown, not failed",
}


def schemas() -> dict[str, Any]:
    return {
        "SupplierProfile": PROFILE,
        "StoredSupplierProfile": obj(
            ["profile", "updated_at", "updated_by"],
            profile=nullable(ref("SupplierProfile")), updated_at=TIME,
            updated_by={"type": ["string", "null"], "description": "User id"},
        ),
        "Objection": obj(
            ["rule_id", "rule_name", "severity", "message", "sources"], rule_id=STR, rule_name=STR, severity=STR,
            message=STR, sources={"type": "array", "items": {"type": "object"}}, finding_id={"type": ["string", "null"]},
        ),
        "Gate": obj(
            ["kind", "label", "quote", "location", "status", "reason", "objections", "where", "passage_url"],
            kind={"enum": [k.value for k in GateKind]}, label=STR, quote=STR,
            location=obj(["start", "end"], page={"type": ["integer", "null"]}, section={"type": "array", "items": STR},
                         clause={"type": ["string", "null"]}, block={"type": ["integer", "null"]}, start=INT, end=INT),
            where={**STR, "description": "Section path, clause and page"},
            passage_url={**URL, "description": "The document page with this demand highlighted"},
            amount={"type": ["number", "null"]}, currency={"type": ["string", "null"]}, years={"type": ["number", "null"]},
            count={"type": ["integer", "null"]}, subject=STR, stage={"enum": ["bid", "award", ""]},
            mandatory={"type": "boolean"}, or_equivalent={"type": "boolean"},
            status={"enum": list(STATUS_LABELS)}, reason=STR,
            objections={"type": "array", "items": ref("Objection"),
                        "description": "Rules (with sources) saying a buyer should not demand this, or not in this form"},
        ),
        "BidEffort": obj(
            ["person_days", "items", "costliest", "measures", "note"],
            person_days=obj(["low", "high", "middle"], low={"type": "number"}, high={"type": "number"},
                            middle={"type": "number"}),
            items={"type": "array", "items": obj(["name", "basis", "low", "high"], name=STR, basis=STR,
                                                 low={"type": "number"}, high={"type": "number"})},
            costliest={"type": "array", "items": STR, "maxItems": 3}, measures={"type": "object"},
            note={**STR, "description": "It is an estimate; the method is docs/bid-effort.md"},
        ),
        "Gates": obj(
            ["version", "job", "has_profile", "summary", "gates", "effort", "questions"],
            version=obj(["id", "number"], id=STR, number=INT), job=ref("JobLink"),
            has_profile={"type": "boolean", "description": "false: no supplier profile yet, so every status is unknown"},
            summary=obj(["gates", "meets", "does_not_meet", "unknown", "objected"], gates=INT, meets=INT,
                        does_not_meet=INT, unknown=INT, objected=INT),
            gates={"type": "array", "items": ref("Gate")}, effort=ref("BidEffort"),
            questions={"type": "array", "items": ref("Question"), "description": "Failed gates first"},
        ),
    }


def paths() -> dict[str, Any]:
    return {
        "/profile": {
            "get": op("getSupplierProfile", "Your organisation's supplier profile (profile null until one is saved)",
                      "200", ref("StoredSupplierProfile")),
            "put": op("putSupplierProfile", "Record the supplier profile (reviewers, managers and admins); the whole "
                      "profile is replaced, a field left out is not said. 422 bad-profile names the field",
                      "200", ref("StoredSupplierProfile"), ("400", "403", "422"),
                      body={"application/json": {"schema": ref("SupplierProfile")}}),
        },
        "/versions/{version_id}/gates": {
            "get": op("getGates", "Can we bid? Each eligibility demand of the version's finished check with its quote "
                      "and place, your standing from the supplier profile (meets, does not meet, unknown, with why), "
                      "the rules saying a buyer should not demand it, the bid-effort estimate and the questions",
                      "200", ref("Gates"), ("404", "409"), [path_param("version_id", "Version id")]),
        },
    }
