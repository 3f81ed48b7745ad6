"""API tokens: exchange an email and password for a bearer token (shown once), list your tokens,
revoke one (a lost laptop, a finished integration)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..accounts import audit, authenticate, issue_token, revoke
from ..auth import bearer_token_row
from ..db import db
from ..models import ApiToken
from ..problems import ApiProblem
from ..serialize import iso
from ..throttle import begin_attempt, give_back, record_failure
from .blueprint import bp
from .common import bad_request, caller, json_body


@bp.post("/tokens")
def create_token() -> Any:
    body = json_body()
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        raise bad_request("Send 'email' and 'password' as non-empty strings.")
    label = body.get("label", "")
    if not isinstance(label, str) or len(label) > 100:
        raise bad_request("'label' must be a string of at most 100 characters.")
    wait = begin_attempt(email)
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
    give_back(email)
    token = issue_token(user, label or "api")
    audit(user, "token.issued", "user", user.id, label=label or "api")
    db.session.commit()
    return {
        "token": token,
        "token_type": "Bearer",
        "user": {"id": user.id, "email": user.email, "role": user.role, "organisation_id": user.organisation_id},
    }, 201


def token_json(row: ApiToken, current: ApiToken | None = None) -> dict[str, Any]:
    return {
        "id": row.id, "label": row.label, "created_at": iso(row.created_at), "last_used_at": iso(row.last_used_at),
        "revoked_at": iso(row.revoked_at), "current": current is not None and row.id == current.id,
    }


@bp.get("/tokens")
def list_tokens() -> Any:
    """The caller's own tokens, newest first (never the token values: only their digests are kept)."""
    user = caller()
    rows = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc()))
    current = bearer_token_row()
    return {"items": [token_json(row, current) for row in rows]}


@bp.delete("/tokens/<token_id>")
def revoke_token(token_id: str) -> Any:
    """Revoke one of the caller's tokens; it stops working at once (revoking the one in use is allowed)."""
    user = caller()
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise ApiProblem(404, "Not found", "You have no token with this id.")
    revoke(user, row)
    db.session.commit()
    return "", 204
