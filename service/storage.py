"""File bytes kept once per sha256. In the database by default, so a worker on another host
needs only the database and broker URLs."""

from __future__ import annotations

import hashlib

from .db import db
from .models import Blob


def put_blob(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if db.session.get(Blob, digest) is None:
        db.session.add(Blob(sha256=digest, size=len(data), data=data))
    return digest


def get_blob(digest: str) -> bytes:
    blob = db.session.get(Blob, digest)
    if blob is None:
        raise LookupError(f"blob {digest} is missing")
    return blob.data
