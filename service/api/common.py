"""Shared pieces of the API views: the caller, pagination, JSON bodies."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import g, request
from sqlalchemy import Select, func, select

from ..db import db
from ..models import User
from ..paging import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, whole_number
from ..problems import ApiProblem


def caller() -> User:
    """The authenticated user (set by the blueprint's before_request)."""
    return g.api_user


def bad_request(detail: str, **extra: Any) -> ApiProblem:
    return ApiProblem(400, "Bad request", detail, **extra)


def check_query_args() -> None:
    """Refuse what the OpenAPI document refuses: a query parameter given twice (which value would
    win is a guess) or given empty (`?status=` is not "any status"); both used to be ignored."""
    for name in request.args:
        values = request.args.getlist(name)
        if len(values) > 1:
            raise bad_request(f"Query parameter '{name}' was given {len(values)} times; give it once.",
                              code="repeated-parameter")
        if values[0] == "":
            raise bad_request(f"Query parameter '{name}' is empty; leave it out or give a value.", code="empty-parameter")


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = whole_number(raw)
    if value is None:
        raise bad_request(f"Query parameter '{name}' must be a whole number written in digits, not {raw[:40]!r}.")
    if not low <= value <= high:
        raise bad_request(f"Query parameter '{name}' must be between {low} and {high}; got {raw[:40]}.")
    return value


def paginate(query: Select[Any], serialise: Any) -> dict[str, Any]:
    """One page of `query` as {items, page, per_page, total, next, previous}.

    Links keep the caller's other query parameters (filters), so following `next` is enough.
    """
    page = int_arg("page", 1, 1, MAX_PAGE)
    per_page = int_arg("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
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
