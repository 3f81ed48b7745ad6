"""File bytes kept once per sha256. In the database by default, so a worker on another host
needs only the database and broker URLs."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from .db import db, insert_unless_present
from .models import Blob


def put_blob(data: bytes) -> str:
    """Store the bytes unless a blob with their digest exists. Two uploads of the same file can
    both find it missing (each before the other commits; organisations share blobs), so the insert
    yields to a row another transaction wrote: it waits for that transaction, and adds nothing if
    it committed, instead of failing the second upload on the primary key."""
    digest = hashlib.sha256(data).hexdigest()
    if db.session.scalar(select(Blob.sha256).where(Blob.sha256 == digest)) is None:  # not loading the bytes
        insert_unless_present(Blob, "sha256", sha256=digest, size=len(data), data=data)
    return digest


def get_blob(digest: str) -> bytes:
    blob = db.session.get(Blob, digest)
    if blob is None:
        raise LookupError(f"blob {digest} is missing")
    return blob.data
