"""What changed between a version's findings and the previous version's: new, gone, still there.

Findings are matched by fingerprint (rule plus quoted words), the same key that carries triage
decisions over, so "gone" means the passage was rewritten or removed and "new" a passage the
earlier draft did not have. Each side is the newest finished lint of its version.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .db import db
from .findings import job_findings
from .models import Finding, Job, JobStatus, Version


@dataclass(frozen=True)
class Changes:
    previous: Version
    new: list[Finding]  # in this version only
    gone: list[Finding]  # the previous version's findings that this one no longer has
    kept: int  # in both


def newest_done_job(version: Version) -> Job | None:
    return db.session.scalar(
        select(Job).where(Job.version_id == version.id, Job.status == JobStatus.DONE.value)
        .order_by(Job.finished_at.desc(), Job.queued_at.desc()).limit(1)
    )


def compare(version: Version, job: Job | None = None) -> Changes | None:
    """This version against the one before it, or None when there is none or it has no finished lint."""
    previous = db.session.scalar(
        select(Version).where(Version.document_id == version.document_id, Version.number < version.number)
        .order_by(Version.number.desc()).limit(1)
    )
    job = job or newest_done_job(version)
    before = newest_done_job(previous) if previous is not None else None
    if previous is None or job is None or before is None:
        return None
    now, then = job_findings(job), job_findings(before)
    now_prints, then_prints = {f.fingerprint for f in now}, {f.fingerprint for f in then}
    return Changes(
        previous=previous,
        new=[f for f in now if f.fingerprint not in then_prints],
        gone=[f for f in then if f.fingerprint not in now_prints],
        kept=len(now_prints & then_prints),
    )
