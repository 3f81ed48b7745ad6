"""The readiness checklist's table: one row per self-evaluation of an organisation.

The assessment itself is stored as the core's JSON export (`data`), so the service, the CLI and
exported files share one format and the checklist can grow without schema changes. The columns
beside it (date, status, who signed off) exist for listing, scoping and audit; the service
keeps them equal to the export's fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from .db import db, new_id, utcnow

DRAFT = "draft"
SIGNED_OFF = "signed_off"


class ReadinessAssessment(db.Model):
    __tablename__ = "readiness_assessments"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    assessed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # tenderlint.readiness.to_json(assessment)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    signed_off_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    signed_off_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    copied_from: Mapped[str | None] = mapped_column(ForeignKey("readiness_assessments.id"), default=None)
    # made from an exported file: shown as imported, and kept a draft whatever sign-off the file claims
    imported: Mapped[bool] = mapped_column(default=False, server_default=false())

    @property
    def signed(self) -> bool:
        return self.status == SIGNED_OFF
