"""Sign-off and deletion from the document page: approve a version as ready to publish, delete a
version or the whole document (managers; each deletion confirmed on its own page first)."""

from __future__ import annotations

from typing import Any, Callable

from flask import flash, redirect, render_template, request, url_for

from ..auth import current_user, login_required, scoped_get
from ..db import db
from ..models import Document, Version
from ..removal import RemovalRefused, delete_document, delete_version
from ..roles import can_manage, require
from ..signoff import SignOffRefused, approve
from .blueprint import bp
from .documents import document_page


@bp.post("/versions/<version_id>/approve")
@login_required
def approve_version(version_id: str) -> Any:
    user = current_user()
    version = scoped_get(Version, version_id, user)
    require(can_manage(user), "sign versions off")
    try:
        approve(version, user)
    except SignOffRefused as refused:
        db.session.rollback()
        return document_page(version.document, refused=(version.id, refused))
    db.session.commit()
    flash(f"Version {version.number} is approved as ready to publish")
    return redirect(url_for("web.document", document_id=version.document_id) + f"#version-{version.number}")


def _delete_page(what: str, target: Any, remove: Callable[[Any, Any], None], action: str, back: str,
                 done: str) -> Any:
    """The confirmation page (GET) and the deletion it confirms (POST), for a version or a document."""
    if request.method == "POST":
        try:
            remove(target, current_user())
        except RemovalRefused as refused:
            db.session.rollback()
            error = refused.message
        else:
            db.session.commit()
            flash(f"Deleted {what}")
            return redirect(done)
    else:
        error = None
    html = render_template("web/delete.html", what=what, target=target, action=action, back=back, error=error)
    return html, 409 if error else 200


@bp.route("/versions/<version_id>/delete", methods=["GET", "POST"])
@login_required
def delete_version_page(version_id: str) -> Any:
    version = scoped_get(Version, version_id, current_user())
    require(can_manage(current_user()), "delete versions")
    back = url_for("web.document", document_id=version.document_id)
    return _delete_page(f"version {version.number} of {version.document.title}", version, delete_version,
                        url_for("web.delete_version_page", version_id=version.id), back, back)


@bp.route("/documents/<document_id>/delete", methods=["GET", "POST"])
@login_required
def delete_document_page(document_id: str) -> Any:
    document = scoped_get(Document, document_id, current_user())
    require(can_manage(current_user()), "delete documents")
    return _delete_page(document.title, document, delete_document,
                        url_for("web.delete_document_page", document_id=document.id),
                        url_for("web.document", document_id=document.id), url_for("web.documents"))
