"""Document list, one document's versions, and uploading a document or a new version of one."""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from ..auth import current_user, login_required, scoped_get
from ..db import db
from ..models import Document, Version
from ..paging import page_number
from ..uploads import accept_upload
from ..roles import can_manage, can_review, require
from ..signoff import approval_of, blocking_findings
from .blueprint import bp
from .queries import latest_job, severity_counts
from .upload_form import PROFILES, REGIMES, read_upload_form

PER_PAGE = 20




def signoff_states(versions: list[Version]) -> dict[str, dict[str, Any]]:
    """version id -> its approval and the error-level findings in its way, for the document page."""
    return {v.id: {"approval": approval_of(v), "blocking": blocking_findings(v)} for v in versions}

@bp.route("/")
@login_required
def index() -> Any:
    return redirect(url_for("web.documents"))


@bp.route("/documents")
@login_required
def documents() -> Any:
    user = current_user()
    pagination = db.paginate(
        select(Document).where(Document.organisation_id == user.organisation_id).order_by(Document.created_at.desc()),
        page=page_number(request.args.get("page")), per_page=PER_PAGE, error_out=False,
    )
    rows = []
    for document in pagination.items:
        version = document.versions[-1] if document.versions else None
        rows.append({"document": document, "version": version, "job": latest_job(version) if version else None})
    counts = severity_counts((r["job"].id for r in rows if r["job"]), user.organisation_id)
    return render_template("web/documents.html", rows=rows, counts=counts, pagination=pagination)


@bp.route("/documents/<document_id>")
@login_required
def document(document_id: str) -> Any:
    return document_page(scoped_get(Document, document_id, current_user()))


def document_page(doc: Document, refused: tuple[str, Any] | None = None) -> Any:
    """The document with its versions, sign-offs and (managers) delete links; `refused` is a
    version id and the SignOffRefused to show on it (409)."""
    user = current_user()
    versions = list(reversed(doc.versions))
    counts = severity_counts((job.id for v in versions for job in v.jobs), user.organisation_id)
    html = render_template("web/document.html", document=doc, versions=versions, counts=counts,
                           signoffs=signoff_states(versions), manager=can_manage(user), reviewer=can_review(user),
                           refused=refused)
    return html, 409 if refused else 200


@bp.route("/upload", methods=["GET", "POST"])
@login_required
def upload() -> Any:
    return _upload_page(None)


@bp.route("/documents/<document_id>/upload", methods=["GET", "POST"])
@login_required
def upload_version(document_id: str) -> Any:
    return _upload_page(scoped_get(Document, document_id, current_user()))


def _upload_page(document: Document | None) -> Any:
    form = None
    if request.method == "POST":
        require(can_review(current_user()), "upload documents")
        form = read_upload_form()
        if not form.errors:
            done = accept_upload(current_user(), form.filename, form.data, form.context, document=document,
                                 title=form.values.get("title", ""))
            return redirect(url_for("web.job", job_id=done.job.id))
    limit_mb = current_app.config["MAX_UPLOAD_BYTES"] // 1048576
    status = 400 if form and form.errors else 200
    return render_template("web/upload.html", form=form, document=document, regimes=REGIMES, profiles=PROFILES,
                           limit_mb=limit_mb), status
