"""POST /tokens: exchange an email and password for a bearer token (shown once)."""

from __future__ import annotations

from typing import Any

from ..accounts import audit, authenticate, issue_token
from ..db import db
from ..problems import ApiProblem
from ..throttle import record_failure, retry_after
from . import bp
from .common import bad_request, json_body


@bp.post("/tokens")
def create_token() -> Any:
    body = json_body()
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        raise bad_request("Send 'email' and 'password' as non-empty strings.")
    label = body.get("label", "")
    if not isinstance(label, str) or len(label) > 100:
        raise bad_request("'label' must be a string of at most 100 characters.")
    wait = retry_after(email)
    if wait:
        raise ApiProblem(
            429, "Too many attempts", f"Too many wrong passwords for this email address; try again in {wait} seconds.",
            code="too-many-attempts", headers={"Retry-After": str(wait)},
        )
    user = authenticate(email, password)
    if user is None:
        record_failure(email, "token.refused")
        db.session.commit()
        raise ApiProblem(
            401, "Wrong email or password", "No active account matches that email address and password.",
            headers={"WWW-Authenticate": 'Bearer realm="tenderlint"'},
        )
    token = issue_token(user, label or "api")
    audit(user, "token.issued", "user", user.id, label=label or "api")
    db.session.commit()
    return {
        "token": token,
        "token_type": "Bearer",
        "user": {"id": user.id, "email": user.email, "role": user.role, "organisation_id": user.organisation_id},
    }, 201
