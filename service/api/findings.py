"""Findings across the organisation: the triage queue, one finding, and a person's decision on it."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import Select

from ..auth import scoped_get
from ..db import db
from ..models import Finding
from ..serialize import API, finding_json, iso
from ..triage import SEVERITY_RANK, STATUSES, Current, ReviewError, current_jobs, decide, document_titles, jobs_of, queue, review_of
from ..families import FAMILIES, SEVERITIES
from .blueprint import bp
from .common import bad_request, caller, choice_arg, json_body, paginate

# Filters with a closed set of values refuse anything else (a typo would silently match nothing).
CLOSED_FILTERS: dict[str, tuple[str, ...]] = {"severity": SEVERITIES, "category": tuple(FAMILIES), "review_status": STATUSES}


def filter_findings(query: Select[Any]) -> Select[Any]:
    """The findings filters shared by a version's findings and the triage queue."""
    for name, allowed in CLOSED_FILTERS.items():
        value = choice_arg(name, allowed)
        if value:
            query = query.where(getattr(Finding, name) == value)
    rule_id = request.args.get("rule_id")
    return query.where(Finding.rule_id == rule_id) if rule_id else query


def review_json(finding: Finding) -> dict[str, Any] | None:
    review = review_of(finding)
    if review is None:
        return None
    return {
        "status": review.status,
        "reason": review.reason,
        "reviewed_by": review.reviewed_by,
        "reviewed_by_name": (review.reviewer.name or review.reviewer.email) if review.reviewer else None,
        "reviewed_at": iso(review.reviewed_at),
    }


def queued_finding_json(finding: Finding, current: dict[str, Current], titles: dict[str, str]) -> dict[str, Any]:
    document_id, number = current[finding.job_id]
    return {
        **finding_json(finding),
        "document": {"id": document_id, "title": titles.get(document_id, ""), "url": f"{API}/documents/{document_id}"},
        "version_number": number,
    }


@bp.get("/findings")
def triage_queue() -> Any:
    """The current findings of every document (its newest linted version), most severe first."""
    user = caller()
    current = current_jobs(user.organisation_id)
    query = filter_findings(queue(user.organisation_id, current))
    document_id = request.args.get("document_id")
    if document_id:
        query = query.where(Finding.job_id.in_(jobs_of(current, document_id)))
    titles = document_titles(c.document_id for c in current.values())
    ordered = query.order_by(SEVERITY_RANK, Finding.job_id, Finding.start, Finding.rule_id, Finding.id)
    return paginate(ordered, lambda f: queued_finding_json(f, current, titles))


@bp.get("/findings/<finding_id>")
def get_finding(finding_id: str) -> Any:
    finding = scoped_get(Finding, finding_id, caller())
    return {**finding_json(finding), "review": review_json(finding)}


@bp.patch("/findings/<finding_id>")
def review_finding(finding_id: str) -> Any:
    """Confirm or dismiss a finding (or reopen it); the decision holds for later versions too."""
    user = caller()
    finding = scoped_get(Finding, finding_id, user)
    body = json_body()
    unknown = set(body) - {"review_status", "reason"}
    if unknown:
        raise bad_request(f"Unknown field(s): {', '.join(sorted(unknown))}. Send review_status and, to dismiss, reason.")
    status, reason = body.get("review_status"), body.get("reason", "")
    if not isinstance(status, str) or not isinstance(reason, str):
        raise bad_request("review_status and reason must be strings.", code="invalid-review")
    try:
        decide(finding, user, status, reason)
    except ReviewError as error:
        db.session.rollback()
        raise bad_request(str(error), code=error.code) from None
    db.session.commit()
    db.session.refresh(finding)
    return {**finding_json(finding), "review": review_json(finding)}
