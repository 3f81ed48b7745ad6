"""Blueprint wiring: the GOV.UK macro loader, template helpers, security headers, error pages."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from flask import Flask, Response, g, render_template, request
from flask_wtf.csrf import CSRFError
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from ..auth import current_user
from ..triage import DISMISSAL_REASONS
from .blueprint import bp
from ..families import FAMILIES
from .labels import RESULT_LABELS, SEVERITY_TAGS, STATUS_LABELS, STATUS_TAGS
from .review_form import REVIEW_LABELS, REVIEW_TAGS, field_id


@bp.record_once
def _configure(state: Any) -> None:
    app: Flask = state.app
    loaders = [app.jinja_loader] if app.jinja_loader else []
    app.jinja_loader = ChoiceLoader(
        [*loaders, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["money"] = money
    # Globals (not context) so imported macro files see them too.
    app.jinja_env.globals.update(
        families=FAMILIES, severity_tags=SEVERITY_TAGS, status_tags=STATUS_TAGS,
        status_labels=STATUS_LABELS, result_labels=RESULT_LABELS,
        review_labels=REVIEW_LABELS, review_tags=REVIEW_TAGS, review_field_id=field_id,
        dismissal_reasons=DISMISSAL_REASONS,
    )


def when(value: dt.datetime | None) -> str:
    """'3 March 2026 at 2:05pm' (times are stored in UTC)."""
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    return f"{value.day} {value:%B %Y} at {hour}:{value:%M}{'am' if value.hour < 12 else 'pm'}"


def money(value: float | None) -> str:
    return "" if value is None else f"£{value:,.0f}"


@bp.app_context_processor
def _template_globals() -> dict[str, Any]:
    return {"current_user": current_user(), "csp_nonce": g.get("csp_nonce", "")}


@bp.before_app_request
def _nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(16)


@bp.after_app_request
def _security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html" and not request.path.startswith("/api/"):
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; script-src 'self' 'nonce-{g.get('csp_nonce', '')}'; "
            "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'",
        )
    return response


@bp.errorhandler(403)
@bp.errorhandler(404)
@bp.errorhandler(409)
def _error_page(exc: Any) -> tuple[str, int]:
    code = getattr(exc, "code", 500)
    return render_template("web/error.html", code=code), code


@bp.app_errorhandler(CSRFError)
def _csrf_error(exc: CSRFError) -> tuple[str, int]:
    return render_template("web/error.html", code=400, reason="csrf"), 400
