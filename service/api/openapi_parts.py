"""Building blocks of the OpenAPI document: schema shorthands, parameters and operations, shared
by `openapi` and the readiness paths so neither imports the other."""

from __future__ import annotations

from typing import Any

from ..paging import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


def obj(required: list[str] | None = None, **props: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


STR = {"type": "string"}
INT = {"type": "integer"}
TIME = {"type": ["string", "null"], "format": "date-time"}
URL = {"type": "string", "format": "uri-reference"}


def page_of(item: str) -> dict[str, Any]:
    return obj(
        ["items", "page", "per_page", "total", "next", "previous"],
        items={"type": "array", "items": ref(item)},
        page=INT,
        per_page=INT,
        total=INT,
        next={"type": ["string", "null"], "description": "Next page (same filters), or null on the last page"},
        previous={"type": ["string", "null"]},
    )


def problem_ref(code: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/Problem{code}"}


def path_param(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": STR, "description": description}


def query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """An optional query parameter. Free text must not be empty: the API refuses `?name=` (and any
    parameter given twice) with 400, so the schema says so too."""
    return {"name": name, "in": "query", "required": False, "schema": schema or {**STR, "minLength": 1},
            "description": description}


def choice(values: Any, **extra: Any) -> dict[str, Any]:
    """A closed set of string values (anything else is a 400)."""
    return {"type": "string", "enum": list(values), **extra}


PAGING = [
    query("page", f"Page number, from 1 to {MAX_PAGE:,}", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
    query("per_page", f"Items per page, 1 to {MAX_PER_PAGE}",
          {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE}),
]


def op(op_id: str, summary: str, ok: str, schema: Any, errors: tuple[str, ...] = (), params: list[Any] | None = None,
       body: dict[str, Any] | None = None, media: str = "application/json", public: bool = False) -> dict[str, Any]:
    content = schema if isinstance(schema, dict) and all("/" in k for k in schema) else {media: {"schema": schema}}
    out: dict[str, Any] = {
        "operationId": op_id,
        "summary": summary,
        "responses": {ok: {"description": summary, "content": content}, **{c: problem_ref(c) for c in errors}},
    }
    if not public:
        out["responses"]["401"] = problem_ref("401")
    else:
        out["security"] = []
    if params:
        out["parameters"] = params
    if body:
        out["requestBody"] = {"required": True, "content": body}
    return out
