"""Documents and their versions: upload (multipart), list, show."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ..auth import scoped_get
from ..db import db
from ..models import Document, Version
from ..problems import ApiProblem
from ..serialize import document_json, job_link, version_json
from ..uploads import DocumentError, accept_upload, clean_context
from ..roles import can_review, require
from ..signoff import approval_json, approval_of
from .blueprint import bp
from .common import bad_request, caller, paginate

# Core error code -> HTTP status; anything else the sniffer refuses is a plain 400.
_STATUS_FOR_CODE = {"too-large": 413, "unsupported-format": 415}
_TITLE_FOR_STATUS = {400: "File not accepted", 413: "File too large", 415: "Unsupported file type"}


def _incoming_file() -> tuple[str, bytes]:
    if request.mimetype != "multipart/form-data":
        raise bad_request(
            f"Upload as 'multipart/form-data' with the document in the 'file' field (got {request.mimetype or 'no content type'!r})."
        )
    upload: FileStorage | None = request.files.get("file")
    if upload is None:
        raise bad_request("The 'file' field is missing: attach the document as multipart field 'file'.", code="missing-file")
    # only the base name: browsers and curl may send a path
    name = (upload.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1] or "upload"
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    return name[:300], upload.stream.read(limit + 1)  # one byte over is enough to refuse it


def _context() -> dict[str, Any]:
    try:
        return clean_context(request.form.to_dict())
    except ValueError as exc:
        raise ApiProblem(422, "Invalid document context", str(exc), code="invalid-context") from None


def _accept(document: Document | None) -> Any:
    user = caller()
    require(can_review(user), "upload documents")
    filename, data = _incoming_file()
    context = _context()
    title = (request.form.get("title") or "").strip()[:300]
    try:
        upload = accept_upload(user, filename, data, context, document=document, title=title)
    except DocumentError as exc:
        db.session.rollback()
        status = _STATUS_FOR_CODE.get(exc.code, 400)
        raise ApiProblem(status, _TITLE_FOR_STATUS[status], exc.message, code=exc.code) from None
    body = document_json(upload.document)
    body["version"] = version_json(upload.version)
    body["job"] = job_link(upload.job)
    location = body["url"] if document is None else body["version"]["url"]
    if not upload.enqueued:  # stored and kept: the sweep queues the job once the broker answers
        raise ApiProblem(
            503, "Queue unavailable", f"The file was stored as version {upload.version.number}, but the job queue did not "
            "answer, so its check is not queued yet; it will be queued automatically when the queue is back. "
            "Do not upload it again: follow 'job' for its progress.",
            {"Retry-After": "30", "Location": location}, code="queue-unavailable", document=body["url"],
            version=body["version"]["url"], job=body["job"],
        )
    return body, 201, {"Location": location}


@bp.post("/documents")
def create_document() -> Any:
    return _accept(None)


@bp.post("/documents/<document_id>/versions")
def create_version(document_id: str) -> Any:
    return _accept(scoped_get(Document, document_id, caller()))


@bp.get("/documents")
def list_documents() -> Any:
    query = (
        select(Document)
        .where(Document.organisation_id == caller().organisation_id)
        .order_by(Document.created_at.desc(), Document.id)
    )
    return paginate(query, document_json)


@bp.get("/documents/<document_id>")
def get_document(document_id: str) -> Any:
    return document_json(scoped_get(Document, document_id, caller()), with_versions=True)


@bp.get("/documents/<document_id>/versions")
def list_versions(document_id: str) -> Any:
    document = scoped_get(Document, document_id, caller())
    query = select(Version).where(Version.document_id == document.id).order_by(Version.number.desc())
    return paginate(query, version_json)


@bp.get("/versions/<version_id>")
def get_version(version_id: str) -> Any:
    version = scoped_get(Version, version_id, caller())
    body = version_json(version)
    body["document"] = {"id": version.document.id, "title": version.document.title, "url": f"/api/v1/documents/{version.document_id}"}
    body["approval"] = approval_json(approval_of(version))
    return body
