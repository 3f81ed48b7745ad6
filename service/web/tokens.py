"""Your API tokens: create one for an integration (shown once), see when each was last used,
and revoke one. The same rules as the API's /tokens: a token is only ever yours."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from ..accounts import audit, issue_token, revoke
from ..auth import current_user, login_required
from ..db import db
from ..models import ApiToken
from .blueprint import bp

MAX_LABEL = 100


def _tokens_page(new_token: str | None = None, error: str | None = None, label: str = "") -> tuple[str, int]:
    user = current_user()
    rows = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc()))
    html = render_template("web/tokens.html", tokens=list(rows), new_token=new_token, error=error, label=label)
    return html, 400 if error else 200


@bp.route("/account/tokens")
@login_required
def tokens() -> Any:
    return _tokens_page()


@bp.post("/account/tokens")
@login_required
def create_token() -> Any:
    label = request.form.get("label", "").strip()
    if not label:
        return _tokens_page(error="Enter a name for the token, such as the system that will use it", label=label)
    if len(label) > MAX_LABEL:
        return _tokens_page(error=f"The name must be {MAX_LABEL} characters or fewer", label=label)
    user = current_user()
    token = issue_token(user, label)
    audit(user, "token.issued", "user", user.id, label=label)
    db.session.commit()
    return _tokens_page(new_token=token)  # shown once: only its digest is stored


@bp.post("/account/tokens/<token_id>/revoke")
@login_required
def revoke_token(token_id: str) -> Any:
    user = current_user()
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        abort(404)
    revoke(user, row)
    db.session.commit()
    flash(f"Token “{row.label}” revoked")
    return redirect(url_for("web.tokens"))
