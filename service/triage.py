"""Triage: people's decisions on findings, carried from version to version, and the queue of
findings still to decide across an organisation's documents.

A decision belongs to (document, fingerprint), not to one finding row: the fingerprint is the
rule plus the quoted words, so when a revised draft still contains the passage the decision is
already there, and when the passage is gone the finding is gone with it. Each finding row also
carries its current status (`Finding.review_status`) so lists can filter on it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, NamedTuple

from sqlalchemy import Select, case, select, update

from .accounts import audit
from .db import db, lock_row
from .models import Document, Finding, FindingReview, Job, JobStatus, ReviewStatus, User, Version, utcnow
from .serialize import iso

STATUSES = tuple(status.value for status in ReviewStatus)
# The fixed list of dismissal reasons (as code scanning tools offer): a reviewer picks one and may
# add a comment. A comment alone (the older API's free-text `reason`) is still accepted.
DISMISSAL_REASONS = {
    "false-alarm": "False alarm",
    "accepted-risk": "Accepted risk",
    "not-applicable": "Not applicable here",
    "fix-later": "Will fix later",
}
MAX_REASON = 2000
SEVERITY_RANK = case({"error": 0, "warning": 1, "info": 2}, value=Finding.severity, else_=3)  # most severe first


class ReviewError(ValueError):
    """A decision that cannot be recorded; `code` is stable for API clients."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def check_decision(status: str, reason: str, reason_code: str | None) -> tuple[str, str | None]:
    """The (comment, reason code) to store, or a ReviewError. A reason code sent as the free-text
    reason (older clients) is taken as the code; a code only goes with a dismissal."""
    reason = (reason or "").strip()
    if status not in STATUSES:
        raise ReviewError("invalid-status", f"review_status must be one of {', '.join(STATUSES)}, not {status!r}.")
    if reason_code is None and reason in DISMISSAL_REASONS:
        reason_code, reason = reason, ""
    if reason_code is not None and reason_code not in DISMISSAL_REASONS:
        raise ReviewError("invalid-dismissal-reason",
                          f"dismissal_reason must be one of {', '.join(DISMISSAL_REASONS)}, not {reason_code!r}.")
    if status == ReviewStatus.DISMISSED.value and not reason and reason_code is None:
        raise ReviewError("reason-required", "Say why the finding is dismissed: the reason is kept with the decision.")
    if len(reason) > MAX_REASON:
        raise ReviewError("reason-too-long", f"The reason is limited to {MAX_REASON} characters.")
    return reason, reason_code if status == ReviewStatus.DISMISSED.value else None


def decision_json(review: FindingReview | Any) -> dict[str, Any]:
    """A decision as the API shows it; a pack finding's decision (pack_models) has the same fields."""
    return {
        "status": review.status,
        "reason": review.reason,
        "dismissal_reason": review.reason_code,
        "comment": review.reason,
        "reviewed_by": review.reviewed_by,
        "reviewed_by_name": (review.reviewer.name or review.reviewer.email) if review.reviewer else None,
        "reviewed_at": iso(review.reviewed_at),
    }


def decide(finding: Finding, user: User, status: str, reason: str = "", reason_code: str | None = None) -> FindingReview:
    """Record `user`'s decision on a finding for its document, and apply it to every version's copy.

    Dismissing needs a reason (from DISMISSAL_REASONS, or a comment): a later reader (a manager, an
    auditor) must see why a warning about, say, unlimited liability was let stand. The caller commits."""
    reason, reason_code = check_decision(status, reason, reason_code)
    version = db.session.get(Version, finding.version_id)
    lock_row(Document, version.document_id)  # one decision at a time per document, and not mid-save of a version
    review = _review_row(finding, version.document_id)
    previous = review.status
    review.status, review.reason, review.reviewed_by, review.reviewed_at = status, reason, user.id, utcnow()
    review.reason_code = reason_code
    document_versions = select(Version.id).where(Version.document_id == version.document_id)
    db.session.execute(
        update(Finding)
        .where(Finding.fingerprint == finding.fingerprint, Finding.version_id.in_(document_versions))
        .values(review_status=status)
        .execution_options(synchronize_session="fetch")
    )
    audit(user, "finding.review", "finding", finding.id,
          rule_id=finding.rule_id, fingerprint=finding.fingerprint, status=status, previous=previous, reason=reason,
          reason_code=reason_code)
    return review


def _review_row(finding: Finding, document_id: str) -> FindingReview:
    """The decision row of the finding's passage, made (open) if there is none yet."""
    review = review_of(finding)
    if review is None:
        review = FindingReview(
            organisation_id=finding.organisation_id, document_id=document_id,
            fingerprint=finding.fingerprint, rule_id=finding.rule_id, status=ReviewStatus.OPEN.value,
        )
        db.session.add(review)
    return review


def assign(finding: Finding, user: User, assignee: User | None) -> FindingReview:
    """Give the finding's passage to a person of the organisation (None: to nobody). Like a decision
    it belongs to the document and fingerprint, so it carries over to later versions. The caller commits."""
    if assignee is not None and (assignee.organisation_id != finding.organisation_id or not assignee.active):
        raise ReviewError("invalid-assignee", "Assign findings to an active person of your organisation.")
    version = db.session.get(Version, finding.version_id)
    lock_row(Document, version.document_id)
    review = _review_row(finding, version.document_id)
    previous = review.assignee_id
    review.assignee_id = assignee.id if assignee else None
    audit(user, "finding.assigned", "finding", finding.id, rule_id=finding.rule_id, fingerprint=finding.fingerprint,
          assignee=review.assignee_id, previous=previous)
    return review


def carry_over(findings: Iterable[Finding], document_id: str) -> None:
    """Give a new lint's findings the decisions already made on the same document.

    Locks the document until the caller commits the findings: a decision made meanwhile would
    update only the copies already stored and miss these, which would keep the status read here."""
    findings = list(findings)
    prints = {f.fingerprint for f in findings}
    if not prints:
        return
    lock_row(Document, document_id)
    decided = dict(
        db.session.execute(
            select(FindingReview.fingerprint, FindingReview.status).where(
                FindingReview.document_id == document_id, FindingReview.fingerprint.in_(prints)
            )
        ).all()
    )
    for finding in findings:
        finding.review_status = decided.get(finding.fingerprint, ReviewStatus.OPEN.value)


def review_of(finding: Finding) -> FindingReview | None:
    """The decision recorded for this finding's passage in its document, if any."""
    version = db.session.get(Version, finding.version_id)
    return db.session.scalar(
        select(FindingReview).where(
            FindingReview.document_id == version.document_id, FindingReview.fingerprint == finding.fingerprint
        )
    )


class Current(NamedTuple):
    document_id: str
    version_number: int


def current_jobs(organisation_id: str) -> dict[str, Current]:
    """Per document, the job whose findings are current: the newest done job of the newest version
    that has one, so a re-lint or a new version still running does not empty the queue.
    Returns job id -> (document id, version number)."""
    rows = db.session.execute(
        select(Job.id, Version.document_id, Version.number, Job.finished_at)
        .join(Version, Job.version_id == Version.id)
        .where(Job.organisation_id == organisation_id, Job.status == JobStatus.DONE.value)
    ).all()
    newest: dict[str, tuple[int, dt.datetime, str]] = {}
    for job_id, document_id, number, finished in rows:
        key = (number, finished or dt.datetime.min, job_id)
        if document_id not in newest or key > newest[document_id]:
            newest[document_id] = key
    return {job_id: Current(document_id, number) for document_id, (number, _, job_id) in newest.items()}


def jobs_of(current: dict[str, Current], document_id: str) -> list[str]:
    """The current job(s) of one document, to narrow `queue` to it."""
    return [job for job, c in current.items() if c.document_id == document_id]


def queue(organisation_id: str, current: dict[str, Current] | None = None) -> Select[tuple[Finding]]:
    """The current findings of every document of the organisation (filter and order it further)."""
    current = current_jobs(organisation_id) if current is None else current
    return select(Finding).where(Finding.organisation_id == organisation_id, Finding.job_id.in_(list(current)))


def document_titles(document_ids: Iterable[str]) -> dict[str, str]:
    ids = set(document_ids)
    if not ids:
        return {}
    return dict(db.session.execute(select(Document.id, Document.title).where(Document.id.in_(ids))).all())


def decide_many(findings: list[Finding], user: User, status: str, reason: str = "",
                reason_code: str | None = None) -> int:
    """One decision for a filtered selection (e.g. every finding of one rule in one document):
    checked once before any is written, so a refused decision changes none. The caller commits."""
    check_decision(status, reason, reason_code)
    for finding in findings:
        decide(finding, user, status, reason, reason_code)
    audit(user, "finding.bulk_review", "finding", "", status=status, reason_code=reason_code, count=len(findings),
          findings=[f.id for f in findings])
    return len(findings)
