"""The table of supplier profiles: one per organisation, the facts a firm records once so that every
tender's gates can be compared with them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .db import db, new_id, utcnow


class StoredProfile(db.Model):
    """`data` holds the core's SupplierProfile.to_json(), already validated; a field that is null
    was not given, which the gates read as "unknown", not as none."""

    __tablename__ = "supplier_profiles"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
