"""The readiness checklist over the API: assessments, sign-off, copy, export/import, compare,
the checklist template and the linter evidence for the procurement section."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, json, request

from tenderlint.readiness import JSON_SCHEMA, comparison_json, load_checklist, summary_json

from .. import readiness as service
from ..db import db
from ..problems import ApiProblem
from ..readiness_evidence import evidence, evidence_json
from ..readiness_models import ReadinessAssessment
from ..serialize import iso
from ..readiness_export import EXPORT_FORMATS, export_response
from .blueprint import bp
from .common import bad_request, caller, choice_arg, json_body, paginate

BASE = "/api/v1/readiness/assessments"
_TITLES = {403: "Not allowed", 409: "Assessment is signed off", 422: "Invalid assessment"}


def assessment_json(row: ReadinessAssessment, full: bool = True) -> dict[str, Any]:
    url = f"{BASE}/{row.id}"
    out = {
        "id": row.id,
        "url": url,
        "date": row.assessed_on.isoformat(),
        "status": row.status,
        "created_by": row.created_by,
        "signed_off_by": row.signed_off_by,
        "signed_off_at": iso(row.signed_off_at),
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
        "copied_from": row.copied_from,
        "imported": row.imported,
        "export_urls": {fmt: f"{url}/export?format={fmt}" for fmt in EXPORT_FORMATS},
        "summary": summary_json(service.summary(row)),
    }
    if full:
        out["assessment"] = row.data
    return out


def _run(action: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a service function; its refusals become problems, successes are committed."""
    try:
        result = action(*args, **kwargs)
    except service.ReadinessError as exc:
        db.session.rollback()
        extra = {"field": exc.field} if exc.field else {}
        raise ApiProblem(exc.status, _TITLES.get(exc.status, "Refused"), exc.message, code=exc.code, **extra) from None
    db.session.commit()
    return result


def _date_field(body: dict[str, Any], key: str = "date") -> dt.date | None:
    value = body.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ApiProblem(422, "Invalid assessment", f"{key}: expected a date as YYYY-MM-DD, got {value!r}",
                         code="invalid-assessment", field=key) from None


def _string_field(body: dict[str, Any], key: str) -> str | None:
    """A text field, or None when absent. A number or null where text is expected is refused
    (`"notes": 5.59` used to be stored), as the OpenAPI schema says."""
    if key not in body:
        return None
    value = body[key]
    if not isinstance(value, str):
        raise ApiProblem(422, "Invalid assessment", f"{key}: expected a string, got {json.dumps(value)[:40]}",
                         code="invalid-assessment", field=key)
    return value


def _optional_body() -> dict[str, Any]:
    return json_body() if request.content_length or request.is_json else {}


@bp.get("/readiness/assessments")
def list_readiness_assessments() -> Any:
    return paginate(service.assessments_query(caller()), lambda row: assessment_json(row, full=False))


@bp.post("/readiness/assessments")
def create_readiness_assessment() -> Any:
    body = _optional_body()
    unknown = sorted(set(body) - {"date", "notes", "copy_from"})
    if unknown:
        raise bad_request(f"Unknown field {unknown[0]!r}: send date and notes, or copy_from.")
    user = caller()
    on = _date_field(body)
    if body.get("copy_from"):
        row = _run(service.copy, user, service.get(user, str(body["copy_from"])), on)
    else:
        row = _run(service.create, user, on, _string_field(body, "notes") or "")
    return assessment_json(row), 201, {"Location": f"{BASE}/{row.id}"}


@bp.get("/readiness/assessments/<assessment_id>")
def get_readiness_assessment(assessment_id: str) -> Any:
    return assessment_json(service.get(caller(), assessment_id))


@bp.patch("/readiness/assessments/<assessment_id>")
def update_readiness_assessment(assessment_id: str) -> Any:
    user = caller()
    row = service.get(user, assessment_id)
    body = json_body()
    unknown = sorted(set(body) - {"ratings", "notes", "date"})
    if unknown:
        raise bad_request(f"Unknown field {unknown[0]!r}: send ratings, notes and/or date.")
    _run(service.update, user, row, body.get("ratings"), _string_field(body, "notes"), _string_field(body, "date"))
    return assessment_json(row)


@bp.post("/readiness/assessments/<assessment_id>/sign-off")
def sign_off_readiness_assessment(assessment_id: str) -> Any:
    user = caller()
    return assessment_json(_run(service.sign_off, user, service.get(user, assessment_id)))


@bp.post("/readiness/assessments/<assessment_id>/copy")
def copy_readiness_assessment(assessment_id: str) -> Any:
    user = caller()
    source = service.get(user, assessment_id)
    row = _run(service.copy, user, source, _date_field(_optional_body()))
    return assessment_json(row), 201, {"Location": f"{BASE}/{row.id}"}


@bp.get("/readiness/assessments/<assessment_id>/export")
def export_readiness_assessment(assessment_id: str) -> Response:
    row = service.get(caller(), assessment_id)
    fmt = choice_arg("format", EXPORT_FORMATS) or "json"
    return export_response(row, fmt)


@bp.post("/readiness/assessments/import")
def import_readiness_assessment() -> Any:
    row = _run(service.import_export, caller(), json_body())
    return assessment_json(row), 201, {"Location": f"{BASE}/{row.id}"}


@bp.get("/readiness/compare")
def compare_readiness_assessments() -> Any:
    user = caller()
    ids = {name: request.args.get(name) for name in ("old", "new")}
    missing = [name for name, value in ids.items() if not value]
    if missing:
        raise bad_request(f"Query parameter '{missing[0]}' is required: the id of an assessment to compare.")
    older, newer = service.get(user, ids["old"]), service.get(user, ids["new"])
    return {"old": older.id, "new": newer.id, **comparison_json(service.comparison(older, newer))}


@bp.get("/readiness/template")
def readiness_template() -> Any:
    return {**load_checklist().to_data(), "export_schema": {k: v for k, v in JSON_SCHEMA.items() if k != "$schema"}}


@bp.get("/readiness/evidence")
def readiness_evidence() -> Any:
    as_of = _date_field(dict(request.args), "as_of") or service.today()
    return evidence_json(*evidence(caller(), as_of))
