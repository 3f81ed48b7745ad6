"""Readiness checklist pages: the organisation's assessments and trend, one assessment (rate,
summary, chart, linter evidence, sign-off), comparison, import and export."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from tenderlint.readiness import load_checklist, trend_text

from .. import readiness as service
from ..auth import current_user, login_required
from ..db import db
from ..readiness_export import export_response
from ..readiness_view import RAG_TAGS, inline_svg, page_context, rag_label, user_name
from .blueprint import bp
from .readiness_form import RatingsForm, date_values, read_date, read_form, values_from_data
from .readiness_tasks import task_list

def _refused(exc: service.ReadinessError) -> Any:
    """The error page for a refusal (the form pages handle 422 themselves)."""
    db.session.rollback()
    if exc.code == "signed-off":
        return render_template("web/error.html", code=409, reason="signed-off"), 409
    abort(exc.status)


@bp.route("/readiness")
@login_required
def readiness() -> Any:
    user = current_user()
    rows = service.list_assessments(user)
    history = service.history(user)
    return render_template(
        "web/readiness/list.html", rows=rows, summaries={r.id: service.summary(r) for r in rows},
        trend=inline_svg(service.trend_chart(history)), trend_text=trend_text([service.core(r) for r in history]) if history else "",
        can_edit=service.can_edit(user), rag_tags=RAG_TAGS, label=rag_label,
    )


@bp.post("/readiness/new")
@login_required
def readiness_new() -> Any:
    try:
        row = service.create(current_user())
    except service.ReadinessError as exc:
        return _refused(exc)
    db.session.commit()
    return redirect(url_for("web.readiness_assessment", assessment_id=row.id))


@bp.route("/readiness/<assessment_id>", methods=["GET", "POST"])
@login_required
def readiness_assessment(assessment_id: str) -> Any:
    """The assessment: its summary and, to edit, a task list of one page per section; a POST is
    the all-on-one-page form (still accepted, and shown again with its errors)."""
    return _assessment_page(assessment_id, one_page=request.method == "POST")


def _save(user: Any, row: Any, form: RatingsForm, done: str, anchor: str, **update: Any) -> Any:
    """Store a valid form's changes and go back to the assessment; None (the form keeps its errors,
    a refused value among them) when the page should be shown again."""
    if form.errors:
        return None
    try:
        service.update(user, row, form.changes, **update)
    except service.ReadinessError as exc:
        if exc.status != 422:
            return _refused(exc)
        db.session.rollback()
        form.errors["ratings"] = exc.message
        return None
    db.session.commit()
    flash(done)
    return redirect(url_for("web.readiness_assessment", assessment_id=row.id) + anchor)


@bp.route("/readiness/<assessment_id>/all")
@login_required
def readiness_all(assessment_id: str) -> Any:
    """Every section's fields on one page, for people who prefer to rate in one go."""
    return _assessment_page(assessment_id, one_page=True)


def _assessment_page(assessment_id: str, one_page: bool) -> Any:
    user = current_user()
    row = service.get(user, assessment_id)
    checklist = load_checklist()
    form, status = None, 200
    if request.method == "POST":
        try:
            service.check_editable(user, row)  # refuse before judging the form's values
        except service.ReadinessError as exc:
            return _refused(exc)
        form = read_form(request.form, row.data, checklist)
        saved = _save(user, row, form, "Your ratings have been saved", "#summary",
                      notes=request.form.get("notes", "").strip(), on=form.on)
        if saved is not None:
            return saved
        status = 400
    values = form.values if form else values_from_data(row.data, checklist)
    date = form.date if form else date_values(row.data["date"])
    can_edit = service.can_edit(user) and not row.signed
    return render_template("web/readiness/assessment.html", **page_context(row), values=values, date=date,
                           errors=form.errors if form else {}, error_list=form.error_list if form else [],
                           can_edit=can_edit, one_page=one_page and can_edit,
                           tasks=task_list(row, checklist) if can_edit else None,
                           can_sign_off=service.can_sign_off(user) and not row.signed,
                           can_copy=service.can_edit(user) and row.signed,
                           signed_off_by=user_name(row.signed_off_by) or row.data.get("signed_off_by") or ""), status


@bp.route("/readiness/<assessment_id>/sections/<section_id>", methods=["GET", "POST"])
@login_required
def readiness_section(assessment_id: str, section_id: str) -> Any:
    """One task of the task list: one factor (or optional section) rated on a page of its own."""
    user = current_user()
    row = service.get(user, assessment_id)
    checklist = load_checklist()
    try:
        section = checklist.section(section_id)
    except KeyError:
        abort(404)
    try:
        service.check_editable(user, row)
    except service.ReadinessError as exc:
        return _refused(exc)
    form = None
    if request.method == "POST":
        form = read_form(request.form, row.data, checklist, only=section.id)
        saved = _save(user, row, form, f"{section.title}: saved", "#ratings")
        if saved is not None:
            return saved
    values = form.values if form else values_from_data(row.data, checklist)
    html = render_template("web/readiness/section.html", **page_context(row), section=section, values=values,
                           errors=form.errors if form else {}, error_list=form.error_list if form else [])
    return html, 400 if form and form.errors else 200


@bp.route("/readiness/<assessment_id>/details", methods=["GET", "POST"])
@login_required
def readiness_details(assessment_id: str) -> Any:
    """The task list's first task: the date the ratings describe, and notes on the assessment."""
    user = current_user()
    row = service.get(user, assessment_id)
    try:
        service.check_editable(user, row)
    except service.ReadinessError as exc:
        return _refused(exc)
    form = RatingsForm({})
    date, notes = date_values(row.data["date"]), row.data.get("notes") or ""
    if request.method == "POST":
        read_date(request.form, form)
        date, notes = form.date, request.form.get("notes", "").strip()
        saved = _save(user, row, form, "The date and notes are saved", "#ratings", notes=notes, on=form.on)
        if saved is not None:
            return saved
    html = render_template("web/readiness/details.html", **page_context(row), date=date, notes=notes,
                           errors=form.errors, error_list=form.error_list)
    return html, 400 if form.errors else 200


@bp.post("/readiness/<assessment_id>/sign-off")
@login_required
def readiness_sign_off(assessment_id: str) -> Any:
    user = current_user()
    try:
        service.sign_off(user, service.get(user, assessment_id))
    except service.ReadinessError as exc:
        return _refused(exc)
    db.session.commit()
    flash("The assessment is signed off. It is now a record and cannot be changed.")
    return redirect(url_for("web.readiness_assessment", assessment_id=assessment_id))


@bp.post("/readiness/<assessment_id>/copy")
@login_required
def readiness_copy(assessment_id: str) -> Any:
    user = current_user()
    try:
        row = service.copy(user, service.get(user, assessment_id))
    except service.ReadinessError as exc:
        return _refused(exc)
    db.session.commit()
    flash("A new draft has started from the signed-off assessment")
    return redirect(url_for("web.readiness_assessment", assessment_id=row.id))


@bp.route("/readiness/<assessment_id>/export.<any(json, csv, html):fmt>")
@login_required
def readiness_export(assessment_id: str, fmt: str) -> Any:
    return export_response(service.get(current_user(), assessment_id), fmt)


@bp.route("/readiness/compare")
@login_required
def readiness_compare() -> Any:
    user = current_user()
    rows = service.list_assessments(user)
    old_id, new_id = request.args.get("old"), request.args.get("new")
    result = None
    if old_id and new_id:
        result = service.comparison(service.get(user, old_id), service.get(user, new_id))
    elif len(rows) >= 2:
        old_id, new_id = rows[1].id, rows[0].id
    return render_template("web/readiness/compare.html", rows=rows, old_id=old_id, new_id=new_id, result=result,
                           rag_tags=RAG_TAGS, label=rag_label)


@bp.route("/readiness/import", methods=["GET", "POST"])
@login_required
def readiness_import() -> Any:
    user = current_user()
    error = None
    if request.method == "POST":
        if not service.can_edit(user):
            abort(403)
        upload = request.files.get("file")
        text = upload.read().decode("utf-8", "replace") if upload and upload.filename else request.form.get("export", "")
        if not text.strip():
            error = "Choose an exported JSON file or paste its contents"
        else:
            try:
                row = service.import_export(user, json.loads(text))
                db.session.commit()
                flash("The assessment has been imported")
                return redirect(url_for("web.readiness_assessment", assessment_id=row.id))
            except json.JSONDecodeError as exc:
                error = f"The file is not valid JSON: {exc}"
            except service.ReadinessError as exc:
                db.session.rollback()
                error = exc.message if exc.status == 403 else f"The file is not a readiness export: {exc.message}"
    return render_template("web/readiness/import.html", error=error, can_edit=service.can_edit(user)), (400 if error else 200)
