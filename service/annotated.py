"""The uploaded file back with the job's findings in it (Word comments / PDF highlights), for the
report page and the API alike. Made on request from the stored file: nothing extra is kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tenderlint.annotate import ANNOTATABLE, annotate, notes_for
from tenderlint.parse import parse_bytes, sniff

from .downloads import download_stem
from .findings import job_findings
from .models import Finding, Job
from .serialize import finding_json
from .storage import get_blob

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class AnnotatedFile:
    data: bytes
    mimetype: str
    filename: str
    placed: int
    unplaced: int


def annotated_file(job: Job, *, serious_only: bool, link: Callable[[Finding], str]) -> AnnotatedFile | None:
    """The job's file annotated with its findings not dismissed; None if it is not a DOCX or PDF."""
    version = job.version
    data = get_blob(version.blob_sha256)
    fmt = sniff(data, version.filename)
    if fmt not in ANNOTATABLE:
        return None
    findings = job_findings(job)
    by_id = {f.id: f for f in findings}
    notes = notes_for([finding_json(f) for f in findings], serious_only=serious_only,
                      link=lambda item: link(by_id[item["id"]]))
    result = annotate(data, parse_bytes(data, version.filename), notes)
    name = f"{download_stem(version.filename)}-v{version.number}-annotated.{fmt}"
    return AnnotatedFile(result.data, MIMETYPES[fmt], name, len(result.placed), len(result.unplaced))
