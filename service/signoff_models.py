"""The table of sign-offs: a manager's approval of one version as ready to publish."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import db, new_id, utcnow


class VersionApproval(db.Model):
    """One per version: an approval names the person, the time and the rule pack the findings came
    from, so a later reader knows what was judged; a new version starts without one."""

    __tablename__ = "version_approvals"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), unique=True)
    job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"), default=None)
    rule_pack: Mapped[str] = mapped_column(String(64), default="")
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    approved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # "User" by name: models.py imports this module to register the table, so importing it back
    # would be a cycle; SQLAlchemy finds the class in its registry.
    approver: Mapped["User | None"] = relationship("User")  # noqa: F821
