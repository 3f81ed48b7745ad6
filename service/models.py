"""Database tables. Every row that belongs to a customer carries its organisation, so every
query can be scoped to the caller's organisation (`scoped()` in service/auth.py)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import db, new_id, utcnow  # noqa: F401  (new_id, utcnow: re-exported beside the tables)


class Role(str, enum.Enum):
    """Stored role names. buyer and supplier predate the team roles and keep working: both act as a
    reviewer (service/roles.py maps every name to what it may do)."""

    BUYER = "buyer"
    MANAGER = "manager"
    SUPPLIER = "supplier"
    ADMIN = "admin"
    REVIEWER = "reviewer"
    READ_ONLY = "read-only"


class JobStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Organisation(db.Model):
    __tablename__ = "organisations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # versions uploaded longer ago than this are purged by the worker's sweep (None: kept for ever)
    retention_days: Mapped[int | None] = mapped_column(default=None)


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20), default=Role.BUYER.value)
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    organisation: Mapped[Organisation] = relationship()


class UserSession(db.Model):
    """A signed-in browser. The signed cookie only names this row; the row decides, so signing out
    (or out everywhere) ends the session on the server, not just in the one browser."""

    __tablename__ = "user_sessions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class SignInAttempts(db.Model):
    """Password attempts per email address (a digest) in the current throttle window: counted with
    one conditional UPDATE, so parallel guesses cannot all pass the check before any is counted."""

    __tablename__ = "sign_in_attempts"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    window_started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)


class ApiToken(db.Model):
    """Only a SHA-256 of the token is stored; the token itself is shown once, at creation."""

    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    user: Mapped[User] = relationship()


class Blob(db.Model):
    """File bytes stored once per content hash, in the database so remote workers need no shared disk."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Document(db.Model):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    versions: Mapped[list["Version"]] = relationship(back_populates="document", order_by="Version.number")


class Version(db.Model):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    number: Mapped[int]
    filename: Mapped[str] = mapped_column(String(300))
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    size: Mapped[int]
    uploaded_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Facts the uploader knows better than the document: value, regime, profile.
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    document: Mapped[Document] = relationship(back_populates="versions")
    jobs: Mapped[list["Job"]] = relationship(back_populates="version", order_by="Job.queued_at")


class Job(db.Model):
    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    version_id: Mapped[str] = mapped_column(ForeignKey("versions.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.QUEUED.value, index=True)
    stage: Mapped[str] = mapped_column(String(40), default="queued")
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    error_code: Mapped[str | None] = mapped_column(String(60), default=None)
    error_message: Mapped[str | None] = mapped_column(Text, default=None)
    queued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # The lease of a running job: the Celery delivery (task id) running it and its last heartbeat.
    # A running job whose heartbeat is older than JOB_LEASE has lost its worker (service/jobs.py).
    delivery: Mapped[str | None] = mapped_column(String(80), default=None)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    parse_ms: Mapped[int | None] = mapped_column(default=None)
    lint_ms: Mapped[int | None] = mapped_column(default=None)
    rule_pack: Mapped[str | None] = mapped_column(String(64), default=None)
    # A re-check's corrected facts (service/recheck.py), over the version's upload context, and who gave them.
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    facts_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    version: Mapped[Version] = relationship(back_populates="jobs")


class Report(db.Model):
    """A finished job's report, rendered once per format by the worker."""

    __tablename__ = "reports"
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    format: Mapped[str] = mapped_column(String(10), primary_key=True)
    content: Mapped[str] = mapped_column(Text)


class Finding(db.Model):
    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_version_rule", "version_id", "rule_id"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("versions.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    rule_id: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[int | None] = mapped_column(default=None)
    clause: Mapped[str | None] = mapped_column(String(40), default=None)
    start: Mapped[int] = mapped_column(default=0)
    end: Mapped[int] = mapped_column(default=0)
    fingerprint: Mapped[str] = mapped_column(String(40), index=True)
    review_status: Mapped[str] = mapped_column(String(20), default="open")  # copied from FindingReview, for filters
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the full finding as in the JSON report


class ReviewStatus(str, enum.Enum):
    OPEN = "open"  # not reviewed yet
    CONFIRMED = "confirmed"  # a real problem: to fix in the draft, or to raise as a clarification question
    DISMISSED = "dismissed"  # not a problem in this document; the reason is kept


class FindingReview(db.Model):
    """A person's decision on a finding, kept per document and fingerprint so that it carries over to
    every later version that still has the finding (fingerprints survive edits elsewhere)."""

    __tablename__ = "finding_reviews"
    __table_args__ = (UniqueConstraint("document_id", "fingerprint"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(40))
    rule_id: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.OPEN.value)
    reason: Mapped[str] = mapped_column(Text, default="")  # the free-text comment
    reason_code: Mapped[str | None] = mapped_column(String(30), default=None)  # a dismissal reason (service/triage.py)
    reviewed_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    reviewed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    assignee_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewed_by])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(30), default="")
    target_id: Mapped[str] = mapped_column(String(32), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


from . import readiness_models  # noqa: E402,F401  (its table joins this metadata, so Alembic sees it)
from . import signoff_models  # noqa: E402,F401  (the same, for version approvals)
from . import profile_models  # noqa: E402,F401  (the same, for supplier profiles)
from . import pack_models  # noqa: E402,F401  (the same, for tender packs)
