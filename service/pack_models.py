"""The tables of tender packs: a pack (one tender), its versions (one per upload of the pack) and
their members (one per file: a document version with its own job, or a file refused with its reason).

A member's job runs twice (worker/pack_pipeline.py): first it reads the document's facts (stored
in `facts`), then, once every member's facts are in, it lints the document with the pack's facts
lent to it and stores its report as any upload does, plus its share of the pack judgement
(`result`). Both are the core's plain, versioned JSON forms (tenderlint.pack.stored): reading a row
runs no code, and a row written by another version of tenderlint is read again, not misread.

A person's decision on a pack finding (an absence judged once, two documents that disagree) belongs
to the pack and the finding's fingerprint, as a document finding's belongs to its document, so it
holds for every later version of the pack that still has the finding.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import db, new_id, utcnow

# A member job between its two runs: queued, but sent only when the pack's facts are all read.
PACK_WAITING = "waiting-for-pack"


class PackStatus:
    READING = "reading"  # members' facts being read
    LINTING = "linting"  # members being checked with the pack's facts
    JUDGING = "judging"  # the pack judgement is running (held by `delivery`, alive while `heartbeat_at` is fresh)
    DONE = "done"
    FAILED = "failed"  # no member could be checked


class Pack(db.Model):
    __tablename__ = "packs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    versions: Mapped[list["PackVersion"]] = relationship(back_populates="pack", order_by="PackVersion.number")


class PackVersion(db.Model):
    __tablename__ = "pack_versions"
    __table_args__ = (UniqueConstraint("pack_id", "number"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    pack_id: Mapped[str] = mapped_column(ForeignKey("packs.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    number: Mapped[int]
    source: Mapped[str] = mapped_column(String(300))  # the zip's name, or "N files"
    uploaded_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=PackStatus.READING, index=True)
    # files refused before any job (hostile zip members, non-documents): [{name, code, message}]
    refused: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    delivery: Mapped[str | None] = mapped_column(String(80), default=None)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # the pack part of pack_json
    pack: Mapped[Pack] = relationship(back_populates="versions")
    members: Mapped[list["PackMember"]] = relationship(order_by="PackMember.position")


class PackMember(db.Model):
    __tablename__ = "pack_members"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    pack_version_id: Mapped[str] = mapped_column(ForeignKey("pack_versions.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(300))
    version_id: Mapped[str | None] = mapped_column(ForeignKey("versions.id", ondelete="SET NULL"), index=True)
    job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"), unique=True)
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    error_code: Mapped[str | None] = mapped_column(String(60), default=None)
    error_message: Mapped[str | None] = mapped_column(Text, default=None)


class PackFindingReview(db.Model):
    """A person's decision on a pack finding, kept per pack and fingerprint so it carries over."""

    __tablename__ = "pack_finding_reviews"
    __table_args__ = (UniqueConstraint("pack_id", "fingerprint"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    pack_id: Mapped[str] = mapped_column(ForeignKey("packs.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(40))
    rule_id: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")  # a models.ReviewStatus value
    reason: Mapped[str] = mapped_column(Text, default="")  # the comment
    reason_code: Mapped[str | None] = mapped_column(String(30), default=None)  # a dismissal reason (service/triage.py)
    reviewed_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    reviewed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # "User" by name: models.py imports this module to register its tables, so it cannot import models
    reviewer: Mapped["User | None"] = relationship("User", foreign_keys=[reviewed_by])  # noqa: F821
