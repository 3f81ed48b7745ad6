"""Tender pack pages: the pack list, uploading a pack (several files or one zip) or a new version of
one, and a pack version's page: its documents with status and counts, links into each document's
report and highlighted view, the pack report, and what changed since the previous version."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import RequestEntityTooLarge

from ..auth import current_user, login_required, scoped_get
from ..db import db
from ..pack_models import Pack, PackStatus, PackVersion
from ..pack_reviews import decide_pack_finding, pack_finding, refs, reviews_of
from ..pack_view import compare, latest_version, members, numbered_version, reviewed_report
from ..packs import PackRefused, accept_pack
from ..paging import page_number
from ..roles import can_review, require
from ..triage import ReviewError
from ..uploads import base_name
from .blueprint import bp
from .review_form import REVIEW_LABELS, ReviewForm, read_review_form, refused
from .upload_form import PROFILES, REGIMES, UploadForm, read_fields

PER_PAGE = 20
STATUS_LABELS = {
    PackStatus.READING: "Reading documents", PackStatus.LINTING: "Checking documents",
    PackStatus.JUDGING: "Judging the pack", PackStatus.DONE: "Checked", PackStatus.FAILED: "Not checked",
}


@bp.route("/packs")
@login_required
def packs() -> Any:
    user = current_user()
    pagination = db.paginate(
        select(Pack).where(Pack.organisation_id == user.organisation_id).options(selectinload(Pack.versions))
        .order_by(Pack.created_at.desc(), Pack.id),
        page=page_number(request.args.get("page")), per_page=PER_PAGE, error_out=False,
    )
    rows = [{"pack": pack, "version": latest_version(pack)} for pack in pagination.items]
    return render_template("web/packs.html", rows=rows, pagination=pagination, labels=STATUS_LABELS,
                           reviewer=can_review(user))


@bp.route("/packs/<pack_id>")
@login_required
def pack(pack_id: str) -> Any:
    found = scoped_get(Pack, pack_id, current_user())
    number = page_number(request.args.get("version")) if request.args.get("version") else None
    version = latest_version(found) if number is None else numbered_version(found, number)
    if version is None:
        abort(404)
    return _pack_page(found, version)


def _pack_page(found: Pack, version: PackVersion, form: ReviewForm | None = None) -> str:
    report = reviewed_report(version) if version.status == PackStatus.DONE else None
    return render_template("web/pack.html", pack=found, version=version, rows=members(version), report=report,
                           comparison=compare(version), labels=STATUS_LABELS, reviewer=can_review(current_user()),
                           finished=version.status in (PackStatus.DONE, PackStatus.FAILED),
                           refs=refs(report["findings"]) if report else {}, reviews=reviews_of(found.id), review_form=form)


@bp.post("/packs/<pack_id>/versions/<int:number>/findings/<fingerprint>/review")
@login_required
def review_pack_finding(pack_id: str, number: int, fingerprint: str) -> Any:
    """A decision on a pack finding from the pack page; refused, the page again with the error at the form."""
    user = current_user()
    found = scoped_get(Pack, pack_id, user)
    version = numbered_version(found, number)
    finding = pack_finding(version, fingerprint) if version is not None else None
    if version is None or finding is None:
        abort(404)
    require(can_review(user), "decide on findings")
    form = read_review_form(fingerprint, request.form)
    try:
        decide_pack_finding(version, finding, user, form.status, form.reason, form.reason_code)
    except ReviewError as error:
        db.session.rollback()
        return _pack_page(found, version, refused(form, error)), 400
    db.session.commit()
    flash(f"Decision saved: {finding['rule_id']} is {REVIEW_LABELS[form.status].lower()}.", "at-anchor")
    return redirect(url_for("web.pack", pack_id=found.id, version=number) + f"#pf-{fingerprint}")


@bp.route("/packs/upload", methods=["GET", "POST"])
@login_required
def upload_pack() -> Any:
    return _upload_page(None)


@bp.route("/packs/<pack_id>/upload", methods=["GET", "POST"])
@login_required
def upload_pack_version(pack_id: str) -> Any:
    return _upload_page(scoped_get(Pack, pack_id, current_user()))


def _read_form() -> tuple[UploadForm, list[tuple[str, bytes]]]:
    form = UploadForm()
    try:
        values, uploads = request.form, request.files.getlist("file")
    except RequestEntityTooLarge:
        limit_mb = current_app.config["MAX_UPLOAD_BYTES"] / 1048576
        form.errors["file"] = f"The selected files must be smaller than {limit_mb:.0f} MB together"
        return form, []
    files = [(base_name(u.filename), u.read()) for u in uploads if u.filename]
    if not files:
        form.errors["file"] = "Select the tender's documents, or one zip of them"
    read_fields(form, values)
    return form, files


def _upload_page(existing: Pack | None) -> Any:
    form, refused = None, ()
    if request.method == "POST":
        require(can_review(current_user()), "upload tender packs")
        form, files = _read_form()
        if not form.errors:
            try:
                done = accept_pack(current_user(), files, form.context, pack=existing, title=form.values.get("title", ""))
                return redirect(url_for("web.pack", pack_id=done.pack.id))
            except PackRefused as exc:
                db.session.rollback()
                form.errors["file"], refused = exc.message, exc.refused
    limit_mb = current_app.config["MAX_UPLOAD_BYTES"] // 1048576
    status = 400 if form and form.errors else 200
    return render_template("web/pack_upload.html", form=form, pack=existing, refused=refused, regimes=REGIMES,
                           profiles=PROFILES, limit_mb=limit_mb), status
