"""RFC 9457 problem details (`application/problem+json`) for every API error.

Clients get one machine-readable shape whatever went wrong: a routing 404, an upload over the
size limit that Werkzeug rejects before any view runs, a document the parser refuses (its stable
core error `code` is an extension member), or a bug (500, logged, no traceback leaked).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, json, request
from werkzeug.exceptions import HTTPException, InternalServerError

PROBLEM_JSON = "application/problem+json"
API_PREFIX = "/api/"

# Plain-language details for errors raised by Flask/Werkzeug rather than by our views.
_DETAILS = {
    400: "The request could not be understood.",
    401: "Send an API token as 'Authorization: Bearer <token>' (create one with POST /api/v1/tokens).",
    403: "Your role does not allow this.",
    404: "There is nothing at this address, or it belongs to another organisation.",
    405: "This address does not accept that HTTP method.",
    409: "The resource is not in a state that allows this yet.",
    413: "The request body is larger than the upload limit.",
    415: "The request or file has a content type this API does not accept.",
    422: "The request was understood but a field value is invalid.",
    500: "Something went wrong on our side. The error has been logged.",
}


class ApiProblem(HTTPException):
    """Raise from a view to answer with a problem document (title, detail, extension members)."""

    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.code = status
        self.title = title
        self.detail = detail
        self.extra = extra
        self.extra_headers = headers or {}


def problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> Response:
    """Build the problem response. `extra` becomes extension members (e.g. code, job)."""
    code = extra.get("code")
    body = {
        "type": f"urn:tenderlint:problem:{code}" if code else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    response.headers.update(headers or {})
    return response


def from_http_exception(exc: HTTPException) -> Response:
    if isinstance(exc, ApiProblem):
        return problem(exc.code or 500, exc.title, exc.detail, exc.extra_headers, **exc.extra)
    status = exc.code or 500
    detail = exc.description if exc.description and not _is_default(exc) else _DETAILS.get(status, exc.description or "")
    # keep Werkzeug's own headers (Allow on 405), not its text/html content type
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="tenderlint"'
    if status == 413:  # Werkzeug's early refusal of a body over MAX_CONTENT_LENGTH
        limit = current_app.config.get("MAX_UPLOAD_BYTES", 0) / 1048576
        return problem(status, "File too large", f"The upload is larger than the limit of {limit:.0f} MB.", headers, code="too-large")
    return problem(status, exc.name, detail, headers)


def _is_default(exc: HTTPException) -> bool:
    """Werkzeug's stock descriptions mention browsers and servers; ours say what to do instead."""
    return exc.description == type(exc).description


def from_exception(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return from_http_exception(exc)
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return from_http_exception(InternalServerError())


def register_app_handlers(app: Flask) -> None:
    """Problems for /api/ errors raised outside blueprint views (routing 404/405, early 413).

    Other paths keep Flask's default (or the web pages') handling: returning the exception
    itself makes Flask render it as usual.
    """

    def handle(exc: HTTPException) -> Any:
        if request.path.startswith(API_PREFIX):
            return from_http_exception(exc)
        return exc

    app.register_error_handler(HTTPException, handle)
