"""Tender packs: upload (several `file` parts or one zip), list, status, pack report, comparison, and
decisions on the pack's own findings (by fingerprint, as the report lists them)."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from ..auth import scoped_get
from ..db import db
from ..pack_models import Pack, PackStatus, PackVersion
from ..pack_reviews import decide_pack_finding, pack_finding, reviewed, reviews_of
from ..pack_view import compare, numbered_version, pack_json, pack_report, pack_version_json, pack_version_url
from ..packs import PackRefused, accept_pack
from ..problems import ApiProblem
from ..uploads import base_name
from ..roles import can_review, require
from ..triage import ReviewError
from .blueprint import bp
from .common import bad_request, caller, paginate
from .documents import _context
from .findings import _review_body


def _incoming_files() -> list[tuple[str, bytes]]:
    if request.mimetype != "multipart/form-data":
        raise bad_request(
            f"Upload as 'multipart/form-data' with each document in a 'file' field, or one zip (got {request.mimetype or 'no content type'!r})."
        )
    uploads: list[FileStorage] = request.files.getlist("file")
    if not uploads:
        raise bad_request("No 'file' field: attach the tender's documents as multipart fields named 'file', or one zip.",
                          code="missing-file")
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    return [(base_name(u.filename or "upload")[:300] or "upload", u.stream.read(limit + 1))
            for u in uploads]


def _accept(pack: Pack | None) -> Any:
    user = caller()
    require(can_review(user), "upload tender packs")
    files = _incoming_files()
    context = _context()
    title = (request.form.get("title") or "").strip()[:300]
    try:
        upload = accept_pack(user, files, context, pack=pack, title=title)
    except PackRefused as exc:
        db.session.rollback()
        raise ApiProblem(422, "Pack not accepted", exc.message, code="no-document",
                         refused=[r.to_json() for r in exc.refused]) from None
    body = pack_json(upload.pack)
    body["version"] = pack_version_json(upload.version)
    body["queued"] = upload.enqueued
    return body, 201, {"Location": body["url"] if pack is None else body["version"]["url"]}


def _version(pack_id: str, number: int) -> PackVersion:
    version = numbered_version(scoped_get(Pack, pack_id, caller()), number)
    if version is None:
        raise ApiProblem(404, "Not found", f"The pack has no version {number}.")
    return version


@bp.post("/packs")
def create_pack() -> Any:
    return _accept(None)


@bp.post("/packs/<pack_id>/versions")
def create_pack_version(pack_id: str) -> Any:
    return _accept(scoped_get(Pack, pack_id, caller()))


@bp.get("/packs")
def list_packs() -> Any:
    query = (select(Pack).where(Pack.organisation_id == caller().organisation_id).options(selectinload(Pack.versions))
             .order_by(Pack.created_at.desc(), Pack.id))
    return paginate(query, pack_json)


@bp.get("/packs/<pack_id>")
def get_pack(pack_id: str) -> Any:
    return pack_json(scoped_get(Pack, pack_id, caller()), with_versions=True)


@bp.get("/packs/<pack_id>/versions/<int:number>")
def get_pack_version(pack_id: str, number: int) -> Any:
    return pack_version_json(_version(pack_id, number))


@bp.get("/packs/<pack_id>/versions/<int:number>/report")
def get_pack_report(pack_id: str, number: int) -> Any:
    version = _version(pack_id, number)
    if version.status != PackStatus.DONE:
        raise ApiProblem(409, "Pack not checked yet", f"Version {number} of the pack is {version.status}; "
                         "its report is ready when every document is checked.", code="not-finished",
                         status_url=pack_version_url(version.pack_id, number))
    return pack_report(version)


@bp.get("/packs/<pack_id>/versions/<int:number>/comparison")
def get_pack_comparison(pack_id: str, number: int) -> Any:
    version = _version(pack_id, number)
    comparison = compare(version)
    if comparison is None:
        raise ApiProblem(409, "Nothing to compare", f"Version {number} has no earlier version, or one of the two is "
                         "not checked yet.", code="no-comparison")
    return comparison.to_json()


def _finding(version: PackVersion, fingerprint: str) -> dict[str, Any]:
    found = pack_finding(version, fingerprint)
    if found is None:
        raise ApiProblem(404, "Not found", f"Version {version.number} of the pack has no pack finding {fingerprint!r}.")
    return found


@bp.get("/packs/<pack_id>/versions/<int:number>/findings/<fingerprint>")
def get_pack_finding(pack_id: str, number: int, fingerprint: str) -> Any:
    version = _version(pack_id, number)
    return reviewed(_finding(version, fingerprint), reviews_of(version.pack_id))


@bp.patch("/packs/<pack_id>/versions/<int:number>/findings/<fingerprint>")
def review_pack_finding(pack_id: str, number: int, fingerprint: str) -> Any:
    """Confirm, dismiss (with a reason) or reopen a pack finding; the decision holds for later versions."""
    user = caller()
    version = _version(pack_id, number)
    finding = _finding(version, fingerprint)
    require(can_review(user), "decide on findings")
    body = _review_body()
    if "assignee_id" in body or "review_status" not in body:
        raise bad_request("Send review_status (and, to dismiss, dismissal_reason and/or comment): pack findings are "
                          "decided, not assigned.", code="invalid-review")
    try:
        decide_pack_finding(version, finding, user, body["review_status"], body.get("comment", body.get("reason", "")),
                            body.get("dismissal_reason"))
    except ReviewError as error:
        db.session.rollback()
        raise bad_request(str(error), code=error.code) from None
    db.session.commit()
    return reviewed(finding, reviews_of(version.pack_id))
