"""The API blueprint and what every API request goes through: the bearer token, query checks, problem documents.

The views import it from here, and the package imports the views, so the arrows run one way.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request
from werkzeug.exceptions import HTTPException

from ..auth import bearer_user, csrf
from ..db import db
from ..problems import ApiProblem, from_exception, register_app_handlers
from .common import check_query_args

bp = Blueprint("api", __name__)
csrf.exempt(bp)

# Endpoints reachable without a token: creating one, and the API description itself.
PUBLIC_ENDPOINTS = {"api.create_token", "api.openapi_document"}


@bp.record_once
def _app_handlers(state: Any) -> None:
    register_app_handlers(state.app)


@bp.before_request
def require_token() -> None:
    g.api_user = None
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    has_header = request.headers.get("Authorization", "").lower().startswith("bearer ")
    user = bearer_user()
    if user is None:
        detail = (
            "The bearer token is not valid (unknown, revoked or its user is deactivated)."
            if has_header
            else "Send an API token as 'Authorization: Bearer <token>' (create one with POST /api/v1/tokens)."
        )
        challenge = 'Bearer realm="tenderlint"' + (', error="invalid_token"' if has_header else "")
        raise ApiProblem(401, "Authentication required", detail, headers={"WWW-Authenticate": challenge})
    db.session.commit()  # keep the token's last_used_at
    g.api_user = user
    check_query_args()


@bp.errorhandler(Exception)
def handle_error(exc: Exception) -> Any:
    """Every error raised in an API view becomes a problem document; bugs also undo the session."""
    if not isinstance(exc, HTTPException):
        db.session.rollback()
    return from_exception(exc)
