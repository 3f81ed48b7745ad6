"""The triage page (the organisation's current findings across documents, still to decide first)
and the decision form's target, which the report page uses too.

Same behaviour as the API (`service/api/findings.py`): the queue holds each document's newest
linted version, most severe first; any signed-in member of the organisation may decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func
from werkzeug.datastructures import MultiDict

from ..auth import current_user, login_required, scoped_get
from ..db import db
from ..models import Document, Finding, Job, User, Version
from ..people import people_of
from ..roles import can_review, require
from ..paging import page_number
from ..triage import (SEVERITY_RANK, STATUSES, Current, ReviewError, assign, current_jobs, decide, decide_many, document_titles,
                      jobs_of, queue)
from .blueprint import bp
from ..families import FAMILIES, SEVERITIES
from .reports import report_filters, report_page
from .review_form import BACK_TO, REVIEW_LABELS, ReviewForm, read_review_form, refused, reviews_for

PER_PAGE = 50
ALL = "all"


@dataclass
class TriageFilters:
    status: str  # a review status, or "all"
    severity: list[str]
    document: str  # a document id, or "" for every document
    page: int
    rule: str = ""  # a rule id, or "" for every rule
    family: str = ""  # a rule family (RISK, SPEC...), or "" for every family

    def args(self, page: int | None = None) -> dict[str, Any]:
        """Query parameters that give this view again (None values are left out of URLs)."""
        number = self.page if page is None else page
        return {"status": self.status, "severity": self.severity, "document": self.document or None,
                "rule": self.rule or None, "family": self.family or None, "page": number if number > 1 else None}


def read_filters(args: MultiDict[str, str], documents: set[str]) -> TriageFilters:
    """Filters from the query string; unknown values fall back to the default rather than match nothing.
    Open is the default status: what is still to decide."""
    status = args.get("status") or "open"
    document = args.get("document") or ""
    rule = (args.get("rule") or "").strip().upper()
    family = args.get("family") or ""
    return TriageFilters(
        status=status if status in (*STATUSES, ALL) else "open",
        severity=[s for s in args.getlist("severity") if s in SEVERITIES],
        document=document if document in documents else "",
        page=page_number(args.get("page")),
        rule=rule if RULE_ID.fullmatch(rule) else "",
        family=family if family in FAMILIES else "",
    )


RULE_ID = re.compile(r"PP-[A-Z]{2,5}-\d{3}")


def filtered(query: Any, filters: TriageFilters, current: dict[str, Any]) -> Any:
    """The queue narrowed by every filter but the decision (whose counts the page shows)."""
    if filters.severity:
        query = query.where(Finding.severity.in_(filters.severity))
    if filters.document:
        query = query.where(Finding.job_id.in_(jobs_of(current, filters.document)))
    if filters.rule:
        query = query.where(Finding.rule_id == filters.rule)
    if filters.family:
        query = query.where(Finding.category == filters.family)
    return query


def current_view(organisation_id: str) -> tuple[dict[str, Current], dict[str, str], TriageFilters]:
    """The organisation's current jobs, their documents' titles, and the filters the query string asks for."""
    current = current_jobs(organisation_id)
    titles = document_titles(c.document_id for c in current.values())
    return current, titles, read_filters(request.args, set(titles))


def triage_page(form: ReviewForm | None = None, bulk_form: ReviewForm | None = None) -> tuple[str, int]:
    """The page for the current query string; `form` is a refused decision to show again with its
    error, `bulk_form` a refused bulk decision."""
    user = current_user()
    current, titles, filters = current_view(user.organisation_id)
    query = filtered(queue(user.organisation_id, current), filters, current)
    counts = {status: 0 for status in STATUSES}
    counts.update(db.session.execute(
        query.with_only_columns(Finding.review_status, func.count()).group_by(Finding.review_status)
    ).all())
    if filters.status != ALL:
        query = query.where(Finding.review_status == filters.status)
    ordered = (query.join(Version, Finding.version_id == Version.id).join(Document, Version.document_id == Document.id)
               .order_by(SEVERITY_RANK, Document.title, Document.id, Finding.start, Finding.rule_id, Finding.id))
    pagination = db.paginate(ordered, page=filters.page, per_page=PER_PAGE, error_out=False)
    if not pagination.items and pagination.pages and filters.page > pagination.pages:
        # deciding the last open findings of the last page empties it: show the page before instead
        filters.page = pagination.pages
        pagination = db.paginate(ordered, page=filters.page, per_page=PER_PAGE, error_out=False)
    versions = {c.document_id: c.version_number for c in current.values()}
    documents = sorted(((titles[d], d, versions[d]) for d in titles), key=lambda t: (t[0].lower(), t[1]))
    html = render_template(
        "web/triage.html", pagination=pagination, findings=pagination.items, current=current, titles=titles,
        filters=filters, counts=counts, documents=documents, severities=SEVERITIES,
        reviews=reviews_for(pagination.items), review_form=form, bulk_form=bulk_form,
        rules=sorted(db.session.scalars(queue(user.organisation_id, current).with_only_columns(Finding.rule_id).distinct())),
        families=FAMILIES, people=active_people(user.organisation_id), reviewer=can_review(user),
        bulk_action=url_for("web.bulk_review", **filters.args(page=1)),
        assign_action=lambda finding_id: url_for("web.assign_finding", finding_id=finding_id, back="triage",
                                                 **filters.args()),
        page_url=lambda number: url_for("web.triage", **filters.args(page=number)),
        status_url=lambda status: url_for("web.triage", **{**filters.args(page=1), "status": status}),
        review_action=lambda finding_id: url_for("web.review_finding", finding_id=finding_id, back="triage",
                                                 **filters.args()),
    )
    return html, 400 if form or bulk_form else 200


def active_people(organisation_id: str) -> list[User]:
    """Whom findings can be assigned to."""
    return [p for p in people_of(organisation_id) if p.active]


@bp.route("/triage")
@login_required
def triage() -> Any:
    return triage_page()


@bp.post("/findings/<finding_id>/review")
@login_required
def review_finding(finding_id: str) -> Any:
    """Record a decision from the report or triage page, then go back to the same view of that page.

    The form's action carries the page's filters (`back` says which page), so a refused decision
    is shown on that page again with its error and what was typed, as GOV.UK forms do."""
    user = current_user()
    finding = scoped_get(Finding, finding_id, user)
    require(can_review(user), "decide on findings")
    form = read_review_form(finding.id, request.form)
    back = request.args.get("back") if request.args.get("back") in BACK_TO else "report"
    try:
        decide(finding, user, form.status, form.reason, form.reason_code)
    except ReviewError as error:
        db.session.rollback()
        if back == "triage":
            return triage_page(refused(form, error))
        return report_page(db.session.get(Job, finding.job_id), refused(form, error))
    db.session.commit()
    # the page opens at the finding, so the banner must not pull the focus to the top
    flash(f"Decision saved: {finding.rule_id} is {REVIEW_LABELS[form.status].lower()}.", "at-anchor")
    return _back_to(finding, back)


def _back_to(finding: Finding, back: str) -> Any:
    """To the card just decided, on the same view of the page it was decided on."""
    user = current_user()
    if back == "triage":
        _, _, filters = current_view(user.organisation_id)
        target = url_for("web.triage", **filters.args())
    else:
        target = url_for("web.report", job_id=finding.job_id, **report_filters())
    return redirect(f"{target}#f-{finding.id}")


@bp.post("/findings/<finding_id>/assign")
@login_required
def assign_finding(finding_id: str) -> Any:
    user = current_user()
    finding = scoped_get(Finding, finding_id, user)
    require(can_review(user), "assign findings")
    chosen = request.form.get("assignee_id") or ""
    person = db.session.get(User, chosen) if chosen else None
    if chosen and (person is None or person.organisation_id != user.organisation_id):
        abort(404)
    back = request.args.get("back") if request.args.get("back") in BACK_TO else "report"
    try:
        assign(finding, user, person)
    except ReviewError:
        db.session.rollback()
        abort(404)  # a disabled person: not someone to give work to
    db.session.commit()
    flash(f"{finding.rule_id} is assigned to {person.name or person.email}." if person else
          f"{finding.rule_id} is assigned to nobody.", "at-anchor")
    return _back_to(finding, back)


@bp.post("/triage/bulk")
@login_required
def bulk_review() -> Any:
    """One decision for every finding the triage page's filters select (one document at a time, as
    the API: the page offers the form only with a document chosen)."""
    user = current_user()
    require(can_review(user), "decide on findings")
    current, _, filters = current_view(user.organisation_id)
    if not filters.document:
        abort(404)
    query = filtered(queue(user.organisation_id, current), filters, current)
    if filters.status != ALL:
        query = query.where(Finding.review_status == filters.status)
    findings = list(db.session.scalars(query.order_by(Finding.id)))
    form = read_review_form("bulk", request.form)
    try:
        decide_many(findings, user, form.status, form.reason, form.reason_code)
    except ReviewError as error:
        db.session.rollback()
        return triage_page(bulk_form=refused(form, error))
    db.session.commit()
    flash(f"{len(findings)} finding{'s' if len(findings) != 1 else ''} {'is' if len(findings) == 1 else 'are'} now "
          f"{REVIEW_LABELS[form.status].lower()}.")
    return redirect(url_for("web.triage", **{**filters.args(page=1), "status": filters.status}))
