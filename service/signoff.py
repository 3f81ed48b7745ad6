"""Sign-off for publication: a manager approves one version as ready to publish.

Only when no error-level finding of the version is still open: each must have been dismissed with a
reason; a confirmed error is a real problem, and it is fixed by a later version, which no longer has
it (and needs its own approval). The approval records the person, the time and the rule pack the
findings came from, so it says what was judged; it is audited like every decision.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from .accounts import audit
from .changes import newest_done_job
from .db import db, lock_row
from .models import Document, Finding, Job, ReviewStatus, User, Version
from .serialize import iso
from .signoff_models import VersionApproval


class SignOffRefused(Exception):
    """An approval that cannot be given now; `code` is stable for API clients."""

    def __init__(self, code: str, message: str, blocking: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.blocking = code, message, blocking or []


def approval_of(version: Version) -> VersionApproval | None:
    return db.session.scalar(select(VersionApproval).where(VersionApproval.version_id == version.id))


def _errors_not_dismissed(job: Job) -> list[Finding]:
    return list(db.session.scalars(
        select(Finding).where(Finding.job_id == job.id, Finding.severity == "error",
                              Finding.review_status != ReviewStatus.DISMISSED.value)
        .order_by(Finding.start, Finding.rule_id, Finding.id)
    ))


def blocking_findings(version: Version) -> list[Finding]:
    """The version's error-level findings not dismissed (its newest finished check's)."""
    job = newest_done_job(version)
    return [] if job is None else _errors_not_dismissed(job)


def approve(version: Version, user: User) -> VersionApproval:
    """Record the approval (the caller checks the role and commits); SignOffRefused says why not."""
    lock_row(Document, version.document_id)  # no decision can reopen an error between the check and the write
    if approval_of(version) is not None:
        raise SignOffRefused("already-approved", f"Version {version.number} is already approved.")
    job = newest_done_job(version)
    if job is None:
        raise SignOffRefused("not-ready", f"Version {version.number} has no finished check yet.")
    blocking = _errors_not_dismissed(job)  # the job just found, not looked up again
    if blocking:
        raise SignOffRefused(
            "errors-open",
            f"{len(blocking)} error-level finding{'s are' if len(blocking) != 1 else ' is'} still open or confirmed: "
            "dismiss each with a reason, or fix it in a new version.", blocking)
    approval = VersionApproval(organisation_id=version.organisation_id, version_id=version.id, job_id=job.id,
                               rule_pack=job.rule_pack or "", approved_by=user.id)
    db.session.add(approval)
    db.session.flush()
    audit(user, "version.approved", "version", version.id, document_id=version.document_id, number=version.number,
          job_id=job.id, rule_pack=approval.rule_pack)
    return approval


def approval_json(approval: VersionApproval | None) -> dict[str, Any] | None:
    if approval is None:
        return None
    approver = approval.approver
    return {"approved_by": approval.approved_by,
            "approved_by_name": (approver.name or approver.email) if approver else None,
            "approved_at": iso(approval.approved_at), "rule_pack": approval.rule_pack, "job_id": approval.job_id}
