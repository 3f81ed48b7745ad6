"""Triage: people's decisions on findings, carried from version to version, and the queue of
findings still to decide across an organisation's documents.

A decision belongs to (document, fingerprint), not to one finding row: the fingerprint is the
rule plus the quoted words, so when a revised draft still contains the passage the decision is
already there, and when the passage is gone the finding is gone with it. Each finding row also
carries its current status (`Finding.review_status`) so lists can filter on it.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, NamedTuple

from sqlalchemy import Select, case, select, update

from .accounts import audit
from .db import db, lock_row
from .models import Document, Finding, FindingReview, Job, JobStatus, ReviewStatus, User, Version, utcnow

STATUSES = tuple(status.value for status in ReviewStatus)
MAX_REASON = 2000
SEVERITY_RANK = case({"error": 0, "warning": 1, "info": 2}, value=Finding.severity, else_=3)  # most severe first


class ReviewError(ValueError):
    """A decision that cannot be recorded; `code` is stable for API clients."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def decide(finding: Finding, user: User, status: str, reason: str = "") -> FindingReview:
    """Record `user`'s decision on a finding for its document, and apply it to every version's copy.

    Dismissing needs a reason: a later reader (a manager, an auditor) must see why a warning about,
    say, unlimited liability was let stand. The caller commits."""
    reason = (reason or "").strip()
    if status not in STATUSES:
        raise ReviewError("invalid-status", f"review_status must be one of {', '.join(STATUSES)}, not {status!r}.")
    if status == ReviewStatus.DISMISSED.value and not reason:
        raise ReviewError("reason-required", "Say why the finding is dismissed: the reason is kept with the decision.")
    if len(reason) > MAX_REASON:
        raise ReviewError("reason-too-long", f"The reason is limited to {MAX_REASON} characters.")
    version = db.session.get(Version, finding.version_id)
    lock_row(Document, version.document_id)  # one decision at a time per document, and not mid-save of a version
    review = review_of(finding)
    if review is None:
        review = FindingReview(
            organisation_id=finding.organisation_id, document_id=version.document_id,
            fingerprint=finding.fingerprint, rule_id=finding.rule_id, status=ReviewStatus.OPEN.value,
        )
        db.session.add(review)
    previous = review.status
    review.status, review.reason, review.reviewed_by, review.reviewed_at = status, reason, user.id, utcnow()
    document_versions = select(Version.id).where(Version.document_id == version.document_id)
    db.session.execute(
        update(Finding)
        .where(Finding.fingerprint == finding.fingerprint, Finding.version_id.in_(document_versions))
        .values(review_status=status)
        .execution_options(synchronize_session="fetch")
    )
    audit(user, "finding.review", "finding", finding.id,
          rule_id=finding.rule_id, fingerprint=finding.fingerprint, status=status, previous=previous, reason=reason)
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
