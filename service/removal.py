"""Deleting documents and versions, by a manager or by the organisation's retention setting.

A version goes with its jobs, reports, findings and approval; its file's bytes go too unless
another version (of any document, any organisation: blobs are shared by content) still uses them.
A document goes with its versions and its triage decisions. The audit trail is never deleted: the
events name who deleted what and when. A version whose check is queued or running is refused (the
worker would write findings for a row that no longer exists); the retention sweep leaves it for
its next round.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, select

from .db import db, lock_row
from .models import (AuditEvent, Blob, Document, Finding, FindingReview, Job, JobStatus, Organisation, Report, User,
                     Version, utcnow)
from .signoff_models import VersionApproval

MAX_RETENTION_DAYS = 36500


class RemovalRefused(Exception):
    """A deletion that cannot happen now; `code` is stable for API clients."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _record(organisation_id: str, user: User | None, action: str, target_type: str, target_id: str, **detail: Any) -> None:
    """An audit event that keeps its organisation when no person acted (the retention sweep)."""
    db.session.add(AuditEvent(organisation_id=organisation_id, user_id=user.id if user else None, action=action,
                              target_type=target_type, target_id=target_id, detail=detail))


def _busy(version_ids: list[str]) -> bool:
    active = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
    return bool(db.session.scalar(select(func.count()).select_from(Job).where(
        Job.version_id.in_(version_ids), Job.status.in_(active))))


def _remove_version_rows(version: Version) -> None:
    jobs = select(Job.id).where(Job.version_id == version.id)
    db.session.execute(delete(VersionApproval).where(VersionApproval.version_id == version.id))
    db.session.execute(delete(Finding).where(Finding.version_id == version.id))
    db.session.execute(delete(Report).where(Report.job_id.in_(jobs)))
    db.session.execute(delete(Job).where(Job.version_id == version.id))
    sha = version.blob_sha256
    db.session.execute(delete(Version).where(Version.id == version.id))
    still_used = db.session.scalar(select(func.count()).select_from(Version).where(Version.blob_sha256 == sha))
    if not still_used:
        db.session.execute(delete(Blob).where(Blob.sha256 == sha))


def delete_version(version: Version, user: User | None, action: str = "version.deleted") -> None:
    """Delete one version (the caller checks the role and commits). The document stays, even empty."""
    lock_row(Document, version.document_id)
    if _busy([version.id]):
        raise RemovalRefused("job-running", f"Version {version.number} is being checked; delete it when its check ends.")
    detail = {"document_id": version.document_id, "number": version.number, "filename": version.filename,
              "sha256": version.blob_sha256}
    organisation_id, version_id = version.organisation_id, version.id
    _remove_version_rows(version)
    db.session.expire_all()
    _record(organisation_id, user, action, "version", version_id, **detail)


def delete_document(document: Document, user: User | None, action: str = "document.deleted") -> None:
    """Delete a document, its versions and its triage decisions (the caller checks the role and commits)."""
    lock_row(Document, document.id)
    versions = list(db.session.scalars(select(Version).where(Version.document_id == document.id)))
    if _busy([v.id for v in versions]):
        raise RemovalRefused("job-running", "A version of this document is being checked; delete it when the check ends.")
    for version in versions:
        _remove_version_rows(version)
    db.session.execute(delete(FindingReview).where(FindingReview.document_id == document.id))
    detail = {"title": document.title, "versions": [v.number for v in versions]}
    organisation_id, document_id = document.organisation_id, document.id
    db.session.execute(delete(Document).where(Document.id == document_id))
    db.session.expire_all()
    _record(organisation_id, user, action, "document", document_id, **detail)


def purge_expired(now: dt.datetime | None = None) -> int:
    """The retention sweep: delete every version uploaded longer ago than its organisation keeps them,
    and a document once it has no version left. Versions being checked wait for the next sweep.
    Returns how many versions went; commits each deletion on its own so one failure loses no others."""
    now = now or utcnow()
    purged = 0
    for organisation_id, days in db.session.execute(
            select(Organisation.id, Organisation.retention_days).where(Organisation.retention_days.is_not(None))).all():
        cutoff = now - dt.timedelta(days=days)
        expired = list(db.session.scalars(select(Version).where(
            Version.organisation_id == organisation_id, Version.created_at < cutoff).order_by(Version.created_at)))
        for version in expired:
            document_id = version.document_id
            try:
                delete_version(version, None, action="version.purged")
            except RemovalRefused:
                db.session.rollback()
                continue
            purged += 1
            left = db.session.scalar(select(func.count()).select_from(Version).where(Version.document_id == document_id))
            document = db.session.get(Document, document_id)
            if not left and document is not None:
                delete_document(document, None, action="document.purged")
            db.session.commit()
    return purged
