"""Shared pieces of the API views: the caller, pagination, JSON bodies."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import g, request
from sqlalchemy import Select, func, select

from ..db import db
from ..models import User
from ..problems import ApiProblem

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


def caller() -> User:
    """The authenticated user (set by the blueprint's before_request)."""
    return g.api_user


def bad_request(detail: str, **extra: Any) -> ApiProblem:
    return ApiProblem(400, "Bad request", detail, **extra)


def _int_arg(name: str, default: int, low: int, high: int | None = None) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(f"Query parameter '{name}' must be a whole number, not {raw!r}.") from None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise bad_request(f"Query parameter '{name}' must be {bound}; got {value}.")
    return value


def paginate(query: Select[Any], serialise: Any) -> dict[str, Any]:
    """One page of `query` as {items, page, per_page, total, next, previous}.

    Links keep the caller's other query parameters (filters), so following `next` is enough.
    """
    page = _int_arg("page", 1, 1)
    per_page = _int_arg("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()

    def link(number: int) -> str:
        args = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}
        return f"{request.path}?{urlencode({**args, 'page': number, 'per_page': per_page})}"

    return {
        "items": [serialise(row) for row in rows],
        "page": page,
        "per_page": per_page,
        "total": total,
        "next": link(page + 1) if page * per_page < total else None,
        "previous": link(page - 1) if page > 1 else None,
    }


def choice_arg(name: str, allowed: tuple[str, ...]) -> str | None:
    """An optional filter that must be one of `allowed` (a typo should not silently match nothing)."""
    value = request.args.get(name) or None
    if value is not None and value not in allowed:
        raise bad_request(f"Query parameter '{name}' must be one of {', '.join(allowed)}; got {value!r}.")
    return value


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 problem saying what is wrong with it."""
    if not request.is_json:
        raise bad_request(f"Send a JSON object with 'Content-Type: application/json' (got {request.mimetype or 'no content type'!r}).")
    data = request.get_json(silent=True)
    if data is None:
        raise bad_request("The request body is not valid JSON.")
    if not isinstance(data, dict):
        raise bad_request("The request body must be a JSON object.")
    return data
