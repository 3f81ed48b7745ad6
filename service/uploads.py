"""Accepting an upload: checked, stored once, recorded as a version with a queued job.

Shared by the API and the web pages so both apply the same limits and sniffing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from sqlalchemy import func, select

from tenderlint.errors import DocumentError, DocumentTooLarge
from tenderlint.parse.sniff import sniff

from .accounts import audit
from .fair_share import admit
from .jobs import send_lint
from .db import db
from .models import Document, Job, User, Version
from .storage import put_blob

CONTEXT_KEYS = ("value_total", "value_annual", "regime", "profile")


@dataclass(frozen=True)
class Upload:
    document: Document
    version: Version
    job: Job
    enqueued: bool = True  # False: stored, but the broker did not take the job (the sweep sends it later)


def money(key: str, text: str) -> float:
    """A finite, non-negative amount: float() also reads 'nan', 'inf' and '1e309' (infinity), which
    the JSON lists then carried as bare NaN/Infinity and the rules compared against nonsense."""
    try:
        number = float(text.replace(",", "").replace("£", "").strip())
    except ValueError:
        raise ValueError(f"{key} must be an amount in pounds, like 250000 or £250,000; got {text[:40]!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{key} must be a finite amount in pounds; got {text[:40]!r}")
    if number < 0:
        raise ValueError(f"{key} must not be negative")
    return number


def clean_context(raw: dict[str, Any]) -> dict[str, Any]:
    """Keep only known context overrides, with values of the right type."""
    out: dict[str, Any] = {}
    for key in ("value_total", "value_annual"):
        value = raw.get(key)
        if value not in (None, ""):
            out[key] = money(key, str(value))
    regime = raw.get("regime")
    if regime not in (None, ""):
        if regime not in ("pcr-2015", "pa-2023", "non-uk"):
            raise ValueError("regime must be one of pcr-2015, pa-2023, non-uk")
        out["regime"] = regime
    profile = raw.get("profile")
    if profile not in (None, ""):
        if profile not in ("good-practice", "uk-pcr-2015", "uk-procurement-act-2023"):
            raise ValueError("profile must be one of good-practice, uk-pcr-2015, uk-procurement-act-2023")
        out["profile"] = profile
    return out


def base_name(filename: str) -> str:
    """Only the file's own name: browsers and curl may send a path."""
    return filename.replace("\\", "/").rsplit("/", 1)[-1]


def check_file(filename: str, data: bytes) -> str:
    """The sniffed format, or a DocumentError naming what is wrong (size first, then type)."""
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if len(data) > limit:
        raise DocumentTooLarge(f"{filename} is {len(data) / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB.")
    return sniff(data, filename)


def accept_upload(
    user: User, filename: str, data: bytes, context: dict[str, Any], document: Document | None = None, title: str = ""
) -> Upload:
    """Store the file and queue its lint. `document` given means a new version of it."""
    check_file(filename, data)
    document, version, job = store_version(user, filename, data, context, document, title)
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return Upload(document, version, job, enqueue(app, job))


def store_version(
    user: User, filename: str, data: bytes, context: dict[str, Any], document: Document | None = None, title: str = ""
) -> tuple[Document, Version, Job]:
    """The blob, the document (new unless given), its next version and a queued job; not committed,
    so a tender pack stores all its documents in one transaction."""
    digest = put_blob(data)
    if document is None:
        document = Document(organisation_id=user.organisation_id, title=title or filename, created_by=user.id)
        db.session.add(document)
        db.session.flush()
    number = (db.session.scalar(select(func.max(Version.number)).where(Version.document_id == document.id)) or 0) + 1
    version = Version(
        document_id=document.id,
        organisation_id=user.organisation_id,
        number=number,
        filename=filename,
        blob_sha256=digest,
        size=len(data),
        uploaded_by=user.id,
        context=context,
    )
    db.session.add(version)
    db.session.flush()
    job = Job(version_id=version.id, organisation_id=user.organisation_id)
    db.session.add(job)
    db.session.flush()  # the job's id, for the caller to record
    audit(user, "version.uploaded", "version", version.id, document=document.id, filename=filename, size=len(data))
    return document, version, job


def enqueue(app: Flask, job: Job) -> bool:
    """Send a committed job, or hold it while its organisation has a full share of the queue (it is
    sent in turn, so that counts as enqueued); False: the broker did not take it (the sweep will)."""
    return send_lint(app, job.id) if admit(app, job) else True


__all__ = ["Upload", "accept_upload", "base_name", "check_file", "clean_context", "enqueue", "store_version", "DocumentError"]
