"""Findings across the organisation: the triage queue, one finding, and a person's decision on it."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import Select

from ..auth import scoped_get
from ..db import db
from ..models import Document, Finding, User
from ..problems import ApiProblem
from ..roles import can_review, require
from ..serialize import API, finding_json
from ..triage import (DISMISSAL_REASONS, MAX_REASON, SEVERITY_RANK, STATUSES, Current, ReviewError, assign, current_jobs, decide, decide_many,
                      decision_json, document_titles, jobs_of, queue, review_of)
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
        **decision_json(review),
        "assignee_id": review.assignee_id,
        "assignee_name": (review.assignee.name or review.assignee.email) if review.assignee else None,
    }


def queued_finding_json(finding: Finding, current: dict[str, Current], titles: dict[str, str]) -> dict[str, Any]:
    document_id, number = current[finding.job_id]
    return {
        **finding_json(finding),
        "document": {"id": document_id, "title": titles.get(document_id, ""), "url": f"{API}/documents/{document_id}"},
        "version_number": number,
    }


def _queue_query(user: User) -> tuple[Any, dict[str, Current]]:
    """The triage queue narrowed by the request's filters (shared by the list and the bulk decision)."""
    current = current_jobs(user.organisation_id)
    query = filter_findings(queue(user.organisation_id, current))
    document_id = request.args.get("document_id")
    if document_id:
        query = query.where(Finding.job_id.in_(jobs_of(current, document_id)))
    return query, current


@bp.get("/findings")
def triage_queue() -> Any:
    """The current findings of every document (its newest linted version), most severe first."""
    user = caller()
    query, current = _queue_query(user)
    titles = document_titles(c.document_id for c in current.values())
    ordered = query.order_by(SEVERITY_RANK, Finding.job_id, Finding.start, Finding.rule_id, Finding.id)
    return paginate(ordered, lambda f: queued_finding_json(f, current, titles))


@bp.get("/findings/<finding_id>")
def get_finding(finding_id: str) -> Any:
    finding = scoped_get(Finding, finding_id, caller())
    return {**finding_json(finding), "review": review_json(finding)}


REVIEW_FIELDS = {"review_status", "reason", "comment", "dismissal_reason", "assignee_id"}


def _review_body() -> dict[str, Any]:
    """The decision fields of the body, checked for type; `comment` is the newer name of `reason`."""
    body = json_body()
    unknown = set(body) - REVIEW_FIELDS
    if unknown:
        raise bad_request(f"Unknown field(s): {', '.join(sorted(unknown))}. Send review_status and, to dismiss, "
                          "dismissal_reason and/or comment (or reason); assignee_id to assign.")
    if "review_status" not in body and "assignee_id" not in body:
        raise bad_request("Send review_status, assignee_id or both.", code="invalid-review")
    for name in ("review_status", "reason", "comment", "dismissal_reason"):
        if name in body and not isinstance(body[name], str):
            raise bad_request(f"{name} must be a string.", code="invalid-review")
    if "reason" in body and "comment" in body:
        raise bad_request("Send the comment as comment or as reason, not both.", code="invalid-review")
    if "dismissal_reason" in body and body["dismissal_reason"] not in DISMISSAL_REASONS:
        raise bad_request(f"dismissal_reason must be one of {', '.join(DISMISSAL_REASONS)}.", code="invalid-dismissal-reason")
    if len(body.get("comment", body.get("reason", ""))) > MAX_REASON:
        raise bad_request(f"The comment is limited to {MAX_REASON} characters.", code="reason-too-long")
    if "assignee_id" in body and not isinstance(body["assignee_id"], (str, type(None))):
        raise bad_request("assignee_id must be a user id or null.", code="invalid-review")
    return body


def _assignee(user: User, body: dict[str, Any]) -> User | None:
    """The person named by assignee_id; 404 if there is no such active person in the caller's organisation."""
    person = db.session.get(User, body["assignee_id"]) if body["assignee_id"] else None
    if body["assignee_id"] and (person is None or person.organisation_id != user.organisation_id or not person.active):
        raise ApiProblem(404, "Not found", "assignee_id names no active person of your organisation.",
                         code="assignee-not-found")
    return person


def _apply(findings: list[Finding], user: User, body: dict[str, Any], bulk: bool = False) -> None:
    """The body's decision and assignment on each finding (the caller commits)."""
    comment = body.get("comment", body.get("reason", ""))
    try:
        if "review_status" in body and bulk:
            decide_many(findings, user, body["review_status"], comment, body.get("dismissal_reason"))
        elif "review_status" in body:
            decide(findings[0], user, body["review_status"], comment, body.get("dismissal_reason"))
        if "assignee_id" in body:
            person = _assignee(user, body)
            for finding in findings:
                assign(finding, user, person)
    except ReviewError as error:
        db.session.rollback()
        raise bad_request(str(error), code=error.code) from None


@bp.patch("/findings/<finding_id>")
def review_finding(finding_id: str) -> Any:
    """Confirm or dismiss a finding (or reopen it), and/or assign it; both hold for later versions too."""
    user = caller()
    finding = scoped_get(Finding, finding_id, user)
    require(can_review(user), "decide on findings")
    _apply([finding], user, _review_body())
    db.session.commit()
    db.session.refresh(finding)
    return {**finding_json(finding), "review": review_json(finding)}


@bp.post("/documents/<document_id>/findings/bulk-review")
def bulk_review(document_id: str) -> Any:
    """One decision (and/or assignee) for every current finding of one document that the filters select,
    e.g. ?rule_id=R: the same false alarm dismissed once, not seven times. One document at a time, so a
    slip cannot decide the whole organisation's queue."""
    user = caller()
    scoped_get(Document, document_id, user)
    require(can_review(user), "decide on findings")
    current = current_jobs(user.organisation_id)
    query = filter_findings(queue(user.organisation_id, current)).where(Finding.job_id.in_(jobs_of(current, document_id)))
    findings = list(db.session.scalars(query.order_by(Finding.id)))
    body = _review_body()
    _apply(findings, user, body, bulk=True)
    db.session.commit()
    return {"updated": len(findings), "ids": [f.id for f in findings]}
