"""Who is calling, and what they may see.

Pages use the browser session (with CSRF protection on every form); the API uses bearer
tokens. Every lookup of an organisation's data goes through `scoped_get`, which answers 404
for rows of another organisation, so their existence is not revealed either.
"""

from __future__ import annotations

import unicodedata
from functools import wraps
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFProtect

from .accounts import (
    audit,
    authenticate,
    end_sessions,
    start_session,
    token_row,
    user_for_token,
)
from .db import db
from .models import ApiToken, Role, User, UserSession, utcnow
from .throttle import begin_attempt, give_back, record_failure

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()
F = TypeVar("F", bound=Callable[..., Any])


def init_auth(app: Flask) -> None:
    csrf.init_app(app)

    @app.before_request
    def load_user() -> None:
        g.user = _session_user()

    @app.after_request
    def no_store(response: Response) -> Response:
        """Nothing shown to a signed-in user or a token holder (or a new token) stays in a browser's
        or proxy's cache, where the next person at a shared computer could open it."""
        private = g.get("user") is not None or request.path.startswith("/api/") or request.endpoint == "auth.sign_in"
        if private and request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response


def _session_user() -> User | None:
    """The user of this browser session, if its server-side record is still open and young enough.

    The cookie is signed, but signing alone cannot take a cookie back: a copied cookie stayed valid
    for 31 days after signing out. Now it only names a `UserSession` row, which sign-out ends."""
    user_id, session_id = session.get("user_id"), session.get("session_id")
    if not user_id or not session_id:
        return None
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != user_id or row.ended_at is not None:
        return None
    if row.created_at < utcnow() - current_app.permanent_session_lifetime:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active else None


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


_CONTROLS = {"Cc", "Cf", "Zl", "Zp"}  # control and invisible format characters, line separators


def safe_next(raw: str | None) -> str:
    """Where to go after signing in: a path on this site, else the documents page.

    Judged after the same clean-up browsers and Werkzeug apply (they drop tabs and line breaks, so
    "/\t/evil.example" became "//evil.example", another site), with every control or invisible
    character removed and backslashes refused (browsers read "/\\host" as "//host")."""
    home = url_for("web.documents")
    target = "".join(c for c in (raw or "") if unicodedata.category(c) not in _CONTROLS).strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return home
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    error = None
    status = 200
    if request.method == "POST":
        email = request.form.get("email", "")
        wait = begin_attempt(email)
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
            give_back(email)
            session.clear()  # a new session id on every sign-in: no session fixation
            session["user_id"] = user.id
            session["session_id"] = start_session(user).id
            audit(user, "user.signed_in", "user", user.id)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")))
    response = make_response(render_template("auth/sign_in.html", error=error), status)
    if status == 429:
        response.headers["Retry-After"] = str(wait)
    return response


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Any:
    user = current_user()
    if user is not None:
        end_sessions(user, session.get("session_id"))
        audit(user, "user.signed_out", "user", user.id)
        db.session.commit()
    session.clear()
    flash("You have signed out")
    return redirect(url_for("auth.sign_in"))


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere() -> Any:
    """End every browser session of this user (a lost laptop, a shared computer left signed in).

    API tokens are deliberately left working: they belong to integrations, not browsers, and the
    same page lists them to revoke one by one (docs/api.md says so)."""
    user = current_user()
    ended = end_sessions(user)
    audit(user, "user.signed_out_everywhere", "user", user.id, sessions=ended)
    db.session.commit()
    session.clear()
    flash("You have signed out on every browser")
    return redirect(url_for("auth.sign_in"))
