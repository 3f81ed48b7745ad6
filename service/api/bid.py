"""The supplier profile and "Can we bid?" in the API: `GET|PUT /profile`, `GET /versions/{id}/gates`.

Anyone in the organisation reads the profile; reviewers and above record it. A body is checked
against the same schema the OpenAPI document publishes, then by the core's SupplierProfile, so a
bad value is a 422 naming the field and nothing is stored.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from tenderlint.gates import ProfileError
from tenderlint.gates.render import bid_json

from ..auth import scoped_get
from ..bid import bid_view, gate_place
from ..db import db
from ..models import Version
from ..problems import ApiProblem
from ..roles import can_review, require
from ..serialize import iso, job_link
from ..supplier_profile import save_profile, stored_profile
from .bid_openapi import PROFILE
from .blueprint import bp
from .common import caller, json_body
from .reports import done_job

_CHECK = jsonschema.Draft202012Validator(PROFILE)


def profile_json(organisation_id: str) -> dict[str, Any]:
    row = stored_profile(organisation_id)
    if row is None:
        return {"profile": None, "updated_at": None, "updated_by": None}
    return {"profile": row.data, "updated_at": iso(row.updated_at), "updated_by": row.updated_by}


def _invalid(field: str, detail: str) -> ApiProblem:
    db.session.rollback()
    return ApiProblem(422, "Invalid profile", detail, code="bad-profile", field=field)


@bp.get("/profile")
def get_profile() -> Any:
    return profile_json(caller().organisation_id)


@bp.put("/profile")
def put_profile() -> Any:
    user = caller()
    require(can_review(user), "edit the supplier profile")
    body = json_body()
    error = next(iter(sorted(_CHECK.iter_errors(body), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        field = ".".join(str(p) for p in error.absolute_path)
        raise _invalid(field, f"{field or 'profile'}: {error.message[:300]}")
    try:
        save_profile(user, body)
    except ProfileError as problem:
        raise _invalid(problem.field, problem.message) from None
    db.session.commit()
    return profile_json(user.organisation_id)


@bp.get("/versions/<version_id>/gates")
def version_gates(version_id: str) -> Any:
    version = scoped_get(Version, version_id, caller())
    job = done_job(version)
    view = bid_view(job)
    body = bid_json(view.results, view.estimate, view.questions)
    for gate, result in zip(body["gates"], view.results):
        gate["where"], gate["passage_url"] = gate_place(job.id, result)
    return {"version": {"id": version.id, "number": version.number}, "job": job_link(job),
            "has_profile": view.has_profile, **body}

