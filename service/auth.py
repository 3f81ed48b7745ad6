"""Who is calling, and what they may see.

Pages use the browser session (with CSRF protection on every form); the API uses bearer
tokens. Every lookup of an organisation's data goes through `scoped_get`, which answers 404
for rows of another organisation, so their existence is not revealed either.
"""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable, TypeVar

from flask import Blueprint, Flask, abort, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from .accounts import audit, authenticate, token_row, user_for_token
from .db import db
from .models import ApiToken, Role, User
from .throttle import record_failure, retry_after

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()
F = TypeVar("F", bound=Callable[..., Any])


def init_auth(app: Flask) -> None:
    csrf.init_app(app)

    @app.before_request
    def load_user() -> None:
        g.user = None
        user_id = session.get("user_id")
        if user_id:
            user = db.session.get(User, user_id)
            if user is not None and user.active:
                g.user = user


def current_user() -> User | None:
    return g.get("user")


def login_required(view: F) -> F:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def bearer_user() -> User | None:
    token = _bearer()
    return user_for_token(token) if token else None


def bearer_token_row() -> ApiToken | None:
    """The stored token behind this request's Authorization header, if any."""
    token = _bearer()
    return token_row(token) if token else None


def has_role(user: User, *roles: Role) -> bool:
    return user.role == Role.ADMIN.value or user.role in {r.value for r in roles}


def scoped_get(model: type, object_id: str, user: User) -> Any:
    """The row with this id if it belongs to the user's organisation; 404 otherwise."""
    row = db.session.get(model, object_id)
    if row is None or getattr(row, "organisation_id", None) != user.organisation_id:
        abort(404)
    return row


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    error = None
    status = 200
    if request.method == "POST":
        email = request.form.get("email", "")
        wait = retry_after(email)
        user = None if wait else authenticate(email, request.form.get("password", ""))
        if wait:
            error = f"Too many wrong passwords for this email address. Try again in {(wait + 59) // 60} minutes."
            status = 429
        elif user is None:
            error = "Enter a correct email address and password"
            status = 400
            if email.strip():
                record_failure(email, "user.sign_in_refused")
                db.session.commit()
        else:
            session.clear()
            session["user_id"] = user.id
            audit(user, "user.signed_in", "user", user.id)
            db.session.commit()
            target = request.args.get("next") or ""
            # only local paths, never another site
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("web.documents")
            return redirect(target)
    response = make_response(render_template("auth/sign_in.html", error=error), status)
    if status == 429:
        response.headers["Retry-After"] = str(wait)
    return response


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Any:
    user = current_user()
    if user is not None:
        audit(user, "user.signed_out", "user", user.id)
        db.session.commit()
    session.clear()
    flash("You have signed out")
    return redirect(url_for("auth.sign_in"))
