"""Accepting a tender pack: several files, or one zip, stored as one tender with a document per file.

Each file becomes a version of its own document with its own job (uploads.store_version), so it
keeps its parse, findings, report and triage like any upload; the pack version ties them together
and the workers judge the pack once all are checked (worker/pack_pipeline.py). A file that is not
a document, and every hostile member of a zip, is refused on its own with a code and a message;
the rest of the pack is still stored. A new upload of a pack is its next version: each file is
matched to the document of the previous version with the same name, else the same content, so its
findings are compared and its triage decisions carried over as for any new version.

Shared by the API and the web pages so both apply the same limits and matching.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Sequence

from flask import current_app
from sqlalchemy import select

from tenderlint.errors import DocumentError
from tenderlint.pack import PackError, PackLimits, Refused, read_zip

from .accounts import audit
from .db import db
from .models import Document, Job, User, Version
from .pack_models import Pack, PackMember, PackVersion
from .uploads import check_file, enqueue, store_version

ZIP_MAGIC = b"PK\x03\x04"
DUPLICATE = "duplicate-name"


class PackRefused(ValueError):
    """Nothing in the upload can be checked: the reason, and each file's own."""

    def __init__(self, message: str, refused: Sequence[Refused] = ()) -> None:
        super().__init__(message)
        self.message, self.refused = message, tuple(refused)


@dataclass(frozen=True)
class PackUpload:
    pack: Pack
    version: PackVersion
    jobs: tuple[Job, ...]
    enqueued: bool = True  # False: some job's message did not reach the broker (the sweep sends it later)


def split_files(files: Sequence[tuple[str, bytes]]) -> tuple[str, list[tuple[str, bytes]], list[Refused]]:
    """The pack's source name, its documents and its refused files. One file that is a zip is the
    pack; otherwise each file is one document, checked like a single upload."""
    if not files:
        raise PackRefused("Choose the files of the tender, or one zip of them.")
    if len(files) == 1 and files[0][1][:4] == ZIP_MAGIC and _not_a_document(*files[0]):
        name, data = files[0]
        try:
            source = read_zip(data, name, PackLimits(max_archive_bytes=current_app.config["MAX_UPLOAD_BYTES"]))
        except PackError as exc:
            raise PackRefused(exc.message) from exc
        return name, [(m.name, m.data) for m in source.members], list(source.refused)
    documents: list[tuple[str, bytes]] = []
    refused: list[Refused] = []
    for name, data in files:
        if any(name == seen for seen, _ in documents):
            refused.append(Refused(name, DUPLICATE, f"{name} is in the pack twice; the first copy is checked."))
            continue
        try:
            check_file(name, data)
        except DocumentError as exc:
            refused.append(Refused(name, exc.code, exc.message))
            continue
        documents.append((name, data))
    return f"{len(files)} files", documents, refused


def _not_a_document(name: str, data: bytes) -> bool:
    try:
        check_file(name, data)
    except DocumentError:
        return True
    return False  # a DOCX or ODT is a zip too


def accept_pack(
    user: User, files: Sequence[tuple[str, bytes]], context: dict[str, Any], pack: Pack | None = None, title: str = ""
) -> PackUpload:
    """Store the pack's documents and queue their jobs. `pack` given means a new version of it."""
    source, documents, refused = split_files(files)
    if not documents:
        raise PackRefused(f"{source} holds no document that can be checked.", refused)
    if pack is None:
        pack = Pack(organisation_id=user.organisation_id, title=title or source, created_by=user.id)
        db.session.add(pack)
        db.session.flush()
    previous = _latest(pack)
    number = (previous.number if previous else 0) + 1
    version = PackVersion(pack_id=pack.id, organisation_id=user.organisation_id, number=number, source=source[:300],
                          uploaded_by=user.id, context=context, refused=[r.to_json() for r in refused])
    db.session.add(version)
    db.session.flush()
    matches = _matcher(previous)
    jobs = []
    for position, (name, data) in enumerate(documents):
        document = matches(name, data)
        _, member_version, job = store_version(user, name[:300], data, context, document, title=name)
        db.session.add(PackMember(pack_version_id=version.id, organisation_id=user.organisation_id, position=position,
                                  name=name[:300], version_id=member_version.id, job_id=job.id))
        jobs.append(job)
    audit(user, "pack.uploaded", "pack", pack.id, version=number, documents=len(documents), refused=len(refused))
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    enqueued = [enqueue(app, job) for job in jobs]
    return PackUpload(pack, version, tuple(jobs), all(enqueued))


def _latest(pack: Pack) -> PackVersion | None:
    return db.session.scalar(
        select(PackVersion).where(PackVersion.pack_id == pack.id).order_by(PackVersion.number.desc()).limit(1))


def _matcher(previous: PackVersion | None):  # type: ignore[no-untyped-def]
    """name, bytes -> the previous version's document for that file: same name first, then the same
    content (a renamed file); each earlier document is matched once."""
    by_name: dict[str, Document] = {}
    by_content: dict[str, Document] = {}
    if previous is not None:
        rows = db.session.execute(
            select(PackMember.name, Version.blob_sha256, Document)
            .join(Version, Version.id == PackMember.version_id).join(Document, Document.id == Version.document_id)
            .where(PackMember.pack_version_id == previous.id)
        ).all()
        for name, sha, document in rows:
            by_name.setdefault(name, document)
            by_content.setdefault(sha, document)
    used: set[str] = set()

    def match(name: str, data: bytes) -> Document | None:
        found = by_name.get(name)
        if found is None or found.id in used:
            found = by_content.get(hashlib.sha256(data).hexdigest())
        if found is None or found.id in used:
            return None
        used.add(found.id)
        return found

    return match
